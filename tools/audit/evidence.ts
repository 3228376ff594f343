/**
 * Test evidence for the audit report, read from the test sources (never run): which `test/**\/*.test.ts` files
 * name a policy, directly or through a case table they import (a module with entries `{ policy: "<name>",
 * compliant: [...], violating: [...] }`), and how many cases those tables list. Counts are given only when every
 * entry for the policy lists its cases as plain array literals; otherwise they are left out, never guessed.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { PolicyEvidence } from "./report";

/** The audit's own tests name policies in hand-made plans; they are not evidence for the policies. */
const EXCLUDED_DIRS = new Set(["node_modules", "fixtures", "audit"]);

export interface SourceFile {
  /** Relative to the project root, with forward slashes. */
  file: string;
  text: string;
}

/** One case-table entry: the policy it covers and its case counts (undefined when not plain array literals). */
export interface CaseEntry {
  policy: string;
  counts?: { violating: number; compliant: number };
}

/** Reads the test files and the case tables they import under `<projectRoot>/test`, then maps the evidence. */
export function collectTestEvidence(projectRoot: string, policies: readonly string[]): Map<string, PolicyEvidence> {
  const testFiles = listTestFiles(path.join(projectRoot, "test")).map((file) => readSource(projectRoot, file));
  const helpers = new Map<string, SourceFile>();
  const imports = new Map<string, string[]>();
  for (const test of testFiles) {
    const imported = localImports(projectRoot, test).filter((file) => !file.endsWith(".test.ts"));
    imports.set(test.file, imported);
    for (const file of imported) {
      helpers.set(file, helpers.get(file) ?? readSource(projectRoot, path.join(projectRoot, file)));
    }
  }
  const tables = new Map(
    [...helpers.values()].map((helper) => [helper.file, parseCaseEntries(helper.text, helper.file)]),
  );
  return mapEvidence(policies, testFiles, imports, tables);
}

/** Pure part: which test files and case tables cover each policy, and the case counts. */
export function mapEvidence(
  policies: readonly string[],
  testFiles: readonly SourceFile[],
  imports: ReadonlyMap<string, readonly string[]>,
  tables: ReadonlyMap<string, readonly CaseEntry[]>,
): Map<string, PolicyEvidence> {
  return new Map(
    policies.map((policy) => {
      const caseTables = [...tables.keys()]
        .filter((file) => tables.get(file)!.some((entry) => entry.policy === policy))
        .sort();
      const covering = testFiles
        .filter(
          (test) =>
            mentions(test.text, policy) || (imports.get(test.file) ?? []).some((file) => caseTables.includes(file)),
        )
        .map((test) => test.file)
        .sort();
      const cases = caseCounts(
        caseTables.flatMap((file) => tables.get(file)!.filter((entry) => entry.policy === policy)),
      );
      return [policy, { testFiles: covering, caseTables, ...(cases === undefined ? {} : { cases }) }];
    }),
  );
}

/** The policy name as a whole quoted string (`"name"`, `'name'` or a backquoted name). */
export function mentions(text: string, policy: string): boolean {
  return ['"', "'", "`"].some((quote) => text.includes(`${quote}${policy}${quote}`));
}

function caseCounts(entries: readonly CaseEntry[]): PolicyEvidence["cases"] {
  if (entries.length === 0 || entries.some((entry) => entry.counts === undefined)) {
    return undefined;
  }
  return entries.reduce(
    (sum, entry) => ({
      violating: sum.violating + entry.counts!.violating,
      compliant: sum.compliant + entry.counts!.compliant,
    }),
    { violating: 0, compliant: 0 },
  );
}

/** Every object literal `{ policy: "<name>", compliant: ..., violating: ... }` in a source file. */
export function parseCaseEntries(text: string, fileName = "cases.ts"): CaseEntry[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const entries: CaseEntry[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const entry = caseEntry(node);
      if (entry !== undefined) {
        entries.push(entry);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return entries;
}

function caseEntry(node: ts.ObjectLiteralExpression): CaseEntry | undefined {
  const policy = property(node, "policy");
  const compliant = property(node, "compliant");
  const violating = property(node, "violating");
  if (policy === undefined || !ts.isStringLiteralLike(policy) || compliant === undefined || violating === undefined) {
    return undefined;
  }
  const counts = [plainLength(violating), plainLength(compliant)];
  return {
    policy: policy.text,
    ...(counts.includes(undefined) ? {} : { counts: { violating: counts[0]!, compliant: counts[1]! } }),
  };
}

function property(node: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const found = node.properties.find(
    (prop) => ts.isPropertyAssignment(prop) && ts.isIdentifier(prop.name) && prop.name.text === name,
  );
  return found !== undefined && ts.isPropertyAssignment(found) ? found.initializer : undefined;
}

function plainLength(node: ts.Expression): number | undefined {
  return ts.isArrayLiteralExpression(node) && !node.elements.some(ts.isSpreadElement)
    ? node.elements.length
    : undefined;
}

/** Relative imports of a test file that resolve to a `.ts` file under `test/` (helpers and case tables). */
function localImports(projectRoot: string, test: SourceFile): string[] {
  const dir = path.dirname(path.join(projectRoot, test.file));
  const specifiers = [...test.text.matchAll(/\bfrom\s+["'](\.{1,2}\/[^"']+)["']/g)].map((match) => match[1]);
  return specifiers
    .map((specifier) => path.resolve(dir, specifier.endsWith(".ts") ? specifier : `${specifier}.ts`))
    .filter(isFile)
    .map((file) => relative(projectRoot, file))
    .filter((file) => file.startsWith("test/"));
}

function listTestFiles(dir: string): string[] {
  if (!isDirectory(dir)) {
    return [];
  }
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return EXCLUDED_DIRS.has(entry.name) ? [] : listTestFiles(full);
      }
      return entry.name.endsWith(".test.ts") ? [full] : [];
    });
}

function readSource(projectRoot: string, file: string): SourceFile {
  return { file: relative(projectRoot, file), text: readFileSync(file, "utf8") };
}

function relative(projectRoot: string, file: string): string {
  return path.relative(projectRoot, file).split(path.sep).join("/");
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
