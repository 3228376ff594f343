/**
 * A record that a policy pack's exact sources passed the type-check `run-policy-pack` makes with ts-node (two to
 * three seconds of every start, most of a small plan's wait). The record is keyed by a digest of every source file
 * of the pack and of the versions of the compiler and type packages it is checked with; it lives in the
 * `node_modules/.cache` of those packages, so a fresh install starts without it. A pack whose digest has a record
 * starts with the type-check skipped (reuse-type-check.cjs); any other pack, or `CELLPLANE_PACK_TYPE_CHECK=always`,
 * is type-checked as the Pulumi CLI does, and the record is written once it serves.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** The preload that registers ts-node without the type-check (see its header). */
export const REUSE_TYPE_CHECK_PRELOAD = path.join(__dirname, "reuse-type-check.cjs");

/** Files that take part in the type-check: sources, declarations and configuration (tsconfig, package.json). */
const CHECKED_FILE = /\.(ts|mts|cts|js|mjs|cjs|json)$/;
/** The packages whose versions decide the check: the compiler, the runner's ts-node, and the types the pack uses. */
const CHECKER_PACKAGES = ["typescript", "ts-node", "@pulumi/policy", "@pulumi/pulumi", "@types/node"];

export interface TypeCheckStamp {
  /** Where the record is (its existence is the record). */
  file: string;
  digest: string;
}

/** The stamp of the pack in `packDir` as it is now; undefined when its compiler cannot be found (always check). */
export function typeCheckStamp(packDir: string): TypeCheckStamp | undefined {
  const versions = CHECKER_PACKAGES.map((name) => `${name}@${packageVersion(name, packDir) ?? "none"}`);
  const typescript = packageDir("typescript", packDir);
  if (typescript === undefined) {
    return undefined;
  }
  const hash = createHash("sha256").update(versions.join("\n"));
  for (const file of sourceFiles(packDir, "")) {
    hash.update(`\n${file}\n`).update(readFileSync(path.join(packDir, file)));
  }
  const digest = hash.digest("hex").slice(0, 32);
  const file = path.join(path.dirname(typescript), ".cache", "cellplane", "pack-type-checks", digest);
  return { file, digest };
}

/** Whether `run-policy-pack` may skip the type-check: these sources passed it before, and it is not forced. */
export function typeCheckPassed(stamp: TypeCheckStamp | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return stamp !== undefined && env.CELLPLANE_PACK_TYPE_CHECK !== "always" && existsSync(stamp.file);
}

/** Records that the sources of `stamp` passed; best effort (a read-only cache only means checking again). */
export function recordTypeCheckPassed(stamp: TypeCheckStamp): void {
  try {
    mkdirSync(path.dirname(stamp.file), { recursive: true });
    const staging = `${stamp.file}.${process.pid}`;
    writeFileSync(staging, `${new Date().toISOString()}\n`);
    renameSync(staging, stamp.file);
  } catch {
    // Not recorded: the next start type-checks again.
  }
}

/** The pack's files that take part in the check, relative, sorted (dependencies and hidden folders apart). */
function sourceFiles(packDir: string, dir: string): string[] {
  return readdirSync(path.join(packDir, dir))
    .filter((name) => name !== "node_modules" && !name.startsWith("."))
    .sort()
    .flatMap((name) => {
      const relative = dir === "" ? name : `${dir}/${name}`;
      const stats = statSync(path.join(packDir, relative));
      if (stats.isDirectory()) {
        return sourceFiles(packDir, relative);
      }
      return stats.isFile() && CHECKED_FILE.test(name) ? [relative] : [];
    });
}

function packageDir(name: string, from: string): string | undefined {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [path.resolve(from)] }));
  } catch {
    return undefined;
  }
}

function packageVersion(name: string, from: string): string | undefined {
  const dir = packageDir(name, from);
  if (dir === undefined) {
    return undefined;
  }
  const { version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version?: string };
  return version;
}
