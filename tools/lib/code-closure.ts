/**
 * Which source files a stack's program loads: the files reached from its entry modules through relative runtime
 * imports (`import … from "./x"`, `export … from`, `import "./x"`, `require("./x")`; `import type` is erased and
 * not followed), plus the non-TypeScript files beside them (assets a component reads from `__dirname`, such as
 * components/routing/edge-function.js). Scanned as text, not compiled: an import the scan cannot tell from a
 * type-only one counts as loaded, so the answer can only be too large, never too small.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/g;
const BARE_IMPORT = /(?:^|\n)\s*import\s*["']([^"']+)["']/g;
const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;
const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".mjs", ".cjs", "/index.ts", "/index.js"];
const CODE_FILE = /\.(ts|tsx)$/;

/**
 * Project-relative files loaded from `entries` (project-relative), following imports only into files that
 * `follow(file)` accepts; other imported files are left out (the caller hashes them as shared code). Sorted.
 */
export function codeClosure(
  projectDir: string,
  entries: readonly string[],
  follow: (file: string) => boolean,
): string[] {
  const seen = new Set<string>();
  const pending = entries.filter((entry) => isFile(path.join(projectDir, entry)));
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) {
      continue;
    }
    seen.add(file);
    if (!CODE_FILE.test(file)) {
      continue;
    }
    for (const specifier of runtimeImports(readFileSync(path.join(projectDir, file), "utf8"))) {
      const resolved = resolveRelative(projectDir, file, specifier);
      if (resolved !== undefined && follow(resolved) && !seen.has(resolved)) {
        pending.push(resolved);
      }
    }
  }
  const assets = [...new Set([...seen].map((file) => path.posix.dirname(file)))].flatMap((dir) =>
    readdirSync(path.join(projectDir, dir), { withFileTypes: true })
      .filter((entry) => isFile(path.join(projectDir, dir, entry.name)) && !CODE_FILE.test(entry.name))
      .map((entry) => `${dir}/${entry.name}`),
  );
  return [...new Set([...seen, ...assets])].sort();
}

/** Relative specifiers of the imports in `source` that survive compilation. */
export function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    const [, typeOnly, clause, specifier] = match;
    if (typeOnly === undefined && !onlyTypes(clause)) {
      found.push(specifier);
    }
  }
  for (const match of source.matchAll(BARE_IMPORT)) {
    found.push(match[1]);
  }
  for (const match of source.matchAll(REQUIRE)) {
    found.push(match[1]);
  }
  return found.filter((specifier) => specifier.startsWith("."));
}

/** `{ type A, type B }`: every named binding type-only, and no default or namespace import. */
function onlyTypes(clause: string): boolean {
  const named = /^\{([^}]*)\}$/.exec(clause.trim());
  if (named === null) {
    return false;
  }
  const bindings = named[1]
    .split(",")
    .map((binding) => binding.trim())
    .filter((binding) => binding !== "");
  return bindings.length > 0 && bindings.every((binding) => binding.startsWith("type "));
}

function resolveRelative(projectDir: string, from: string, specifier: string): string | undefined {
  const base = path.posix.join(path.posix.dirname(from), specifier);
  for (const extension of EXTENSIONS) {
    const candidate = `${base}${extension}`;
    if (isFile(path.join(projectDir, candidate))) {
      return path.posix.normalize(candidate);
    }
  }
  return undefined;
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}
