/**
 * The dependency rules bite: `npm run deps:check` (the project's .dependency-cruiser.cjs and the script's own
 * arguments) run over a miniature project with the real layout. The clean miniature passes; the same miniature
 * with wrong-way imports and a cycle fails, naming each rule and the file that breaks it.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const PROJECT_ROOT = path.resolve(__dirname, "../..");
const DEPCRUISE = path.join(PROJECT_ROOT, "node_modules", ".bin", "depcruise");

/** A layered miniature: tools → program → components → fleet, a self-contained pack, tests on top. */
const CLEAN: Record<string, string> = {
  "index.ts": 'export * from "./program/stack";\n',
  "fleet/model.ts": "export interface Cell {\n  id: string;\n}\n",
  "components/lib/tags.ts": 'export const tags = { "managed-by": "cellplane" };\n',
  "components/cell/cell.ts":
    'import type { Cell } from "../../fleet/model";\nimport { tags } from "../lib/tags";\n' +
    "export const cell = (c: Cell) => ({ ...tags, id: c.id });\n",
  "program/stack.ts": 'import { cell } from "../components/cell/cell";\nexport const stack = cell({ id: "a" });\n',
  "policies/lib/settings.ts": 'export const ENV = "CELLPLANE_TODAY";\n',
  "policies/index.ts": 'import { ENV } from "./lib/settings";\nexport const pack = ENV;\n',
  "tools/lib/plan-file.ts": "export interface PlanFile {\n  stack: string;\n}\n",
  "tools/cli/main.ts":
    'import { stack } from "../../program/stack";\nimport { pack } from "../../policies";\n' +
    'import type { PlanFile } from "../lib/plan-file";\nexport const plan: PlanFile = { stack: stack.id + pack };\n',
  "tools/bench/analyze.ts": 'import { PACK } from "../../test/policies/harness";\nexport const bench = PACK;\n',
  "test/policies/harness.ts": 'export const PACK = "policies";\n',
  "test/support/cli.ts": 'export { plan } from "../../tools/cli/main";\n',
};

/** Wrong-way imports and a cycle (a ↔ b), added to the clean miniature or replacing its files. */
const VIOLATIONS: Record<string, string> = {
  "fleet/wrong.ts": 'import { plan } from "../tools/cli/main";\nexport const wrong = plan;\n',
  "components/lib/a.ts": 'import { b } from "./b";\nexport const a = () => b;\n',
  "components/lib/b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
  "components/lib/naming.ts": 'import { cell } from "../cell/cell";\nexport const naming = cell;\n',
  "components/cell/queue.ts": 'import { stack } from "../../program/stack";\nexport const queue = stack;\n',
  "program/preview.ts": 'import { plan } from "../tools/cli/main";\nexport const preview = plan;\n',
  "policies/fleet-aware.ts": 'import type { Cell } from "../fleet/model";\nexport type PolicyCell = Cell;\n',
  "tools/lib/plan-file.ts": 'import type { Cell } from "../../fleet/model";\nexport type PlanFile = Cell;\n',
  "tools/cli/helpers.ts": 'import { plan } from "../../test/support/cli";\nexport const helpers = plan;\n',
  "tools/bench/diff.ts": 'import { plan } from "../../test/support/cli";\nexport const diff = plan;\n',
  "tools/bench/analyze.ts":
    'import { PACK } from "../../test/policies/harness";\nimport { plan } from "../../test/support/cli";\n' +
    "export const bench = PACK + plan.stack;\n",
};

/** What they must be reported as: [rule, importing file], sorted. A cycle is reported once, at its first file. */
const EXPECTED: [rule: string, from: string][] = [
  ["bench-reuses-policy-fixtures-only", "tools/bench/analyze.ts"],
  ["components-import-components-and-fleet", "components/cell/queue.ts"],
  ["components-lib-is-shared", "components/lib/naming.ts"],
  ["fleet-is-the-base", "fleet/wrong.ts"],
  ["no-circular", "components/lib/a.ts"],
  ["no-test-outside-test", "tools/bench/diff.ts"],
  ["no-test-outside-test", "tools/cli/helpers.ts"],
  ["plan-file-format-stands-alone", "tools/lib/plan-file.ts"],
  ["policies-self-contained", "policies/fleet-aware.ts"],
  ["program-imports-no-tools", "program/preview.ts"],
];

let root: string | undefined;
afterEach(() => {
  if (root) {
    rmSync(root, { recursive: true, force: true });
    root = undefined;
  }
});

/** Writes a miniature project with the real rules and tsconfig, and runs `npm run deps:check`'s command in it. */
function depsCheck(files: Record<string, string>): { status: number | null; output: string } {
  root = mkdtempSync(path.join(tmpdir(), "cellplane-deps-"));
  for (const file of [".dependency-cruiser.cjs", "tsconfig.json"]) {
    copyFileSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as PackageJson).scripts;
  const [command, ...args] = scripts["deps:check"].split(" ");
  expect(command).toBe("depcruise");
  const result = spawnSync(DEPCRUISE, args, { cwd: root, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface PackageJson {
  scripts: Record<string, string>;
}

/** The [rule, from] pairs of dependency-cruiser's report (`  error <rule>: <from> → <to>`), sorted. */
function reported(output: string): [string, string][] {
  return [...output.matchAll(/^\s*error ([\w-]+): (\S+) →/gm)]
    .map((match): [string, string] => [match[1], match[2]])
    .sort((a, b) => a.join(" ").localeCompare(b.join(" ")));
}

describe("npm run deps:check", () => {
  it("passes a project whose imports point one way (the bench's policy fixtures being the one exception)", () => {
    const result = depsCheck(CLEAN);
    expect(result.output).toContain("no dependency violations found");
    expect(result.status).toBe(0);
  });

  it("fails on wrong-way imports and a cycle, naming each rule and the file that breaks it", () => {
    const result = depsCheck({ ...CLEAN, ...VIOLATIONS });
    expect(reported(result.output)).toEqual(EXPECTED);
    expect(result.status).not.toBe(0);
  });
});
