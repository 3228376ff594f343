/**
 * A pack whose exact sources passed the type-check starts without repeating it (tools/analyzer/type-check-stamp.ts),
 * and nothing else changes: a changed source is checked again (a type error still stops the start), `always`
 * checks every time, and the real pack finds the same violations either way.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PolicyPackStartError, startPolicyPack, type PolicyPack } from "../../../tools/analyzer";
import { typeCheckStamp } from "../../../tools/analyzer/type-check-stamp";
import { cellStack, findings, REPO_ROOT, startTestPack } from "../../policies/harness";
import { RESOURCE_CASES } from "../../policies/resource-cases";

const START_TIMEOUT = 60_000;
const started: PolicyPack[] = [];
const made: string[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((pack) => pack.close()));
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function start(packDir: string, options: { typeCheck?: "once" | "always" } = {}): Promise<PolicyPack> {
  const pack = await startPolicyPack({ packDir, startTimeoutMs: START_TIMEOUT, ...options });
  started.push(pack);
  return pack;
}

/** A one-policy pack in node_modules/.cache (ignored by git), where it resolves @pulumi/* like the real pack. */
function tinyPack(source: string): string {
  const cacheDir = path.join(REPO_ROOT, "node_modules", ".cache");
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(path.join(cacheDir, "cellplane-tiny-pack-"));
  made.push(dir);
  writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "tiny", version: "0.0.1", main: "index.ts" }));
  // Stamps are kept by content: a marker of this folder makes these sources new to every run.
  writeFileSync(path.join(dir, "index.ts"), `// ${path.basename(dir)}\n${source}`);
  return dir;
}

function tinyPackSource(limit: string): string {
  return [
    'import { PolicyPack } from "@pulumi/policy";',
    `const limit: number = ${limit};`,
    'new PolicyPack("tiny", {',
    "  policies: [",
    "    {",
    '      name: "tiny-policy",',
    '      description: "A policy that reports nothing",',
    '      enforcementLevel: "advisory",',
    "      validateResource: (_args, report) => {",
    "        if (limit < 0) {",
    '          report("never");',
    "        }",
    "      },",
    "    },",
    "  ],",
    "});",
    "",
  ].join("\n");
}

describe("reusing a passed type-check", () => {
  it(
    "checks new sources once, then starts them without the check; changed sources are checked again",
    async () => {
      const dir = tinyPack(tinyPackSource("1"));
      const stamp = typeCheckStamp(dir);
      expect(stamp).toBeDefined();
      expect(existsSync(stamp!.file)).toBe(false);

      const first = await start(dir);
      expect(first.typeCheckReused).toBe(false);
      expect(existsSync(stamp!.file)).toBe(true);

      const second = await start(dir);
      expect(second.typeCheckReused).toBe(true);
      expect((await second.getAnalyzerInfo()).policies.map((policy) => policy.name)).toEqual(["tiny-policy"]);

      writeFileSync(path.join(dir, "index.ts"), `// ${path.basename(dir)}\n${tinyPackSource('"not a number"')}`);
      expect(typeCheckStamp(dir)!.digest).not.toBe(stamp!.digest);
      const broken = startPolicyPack({ packDir: dir, startTimeoutMs: START_TIMEOUT });
      await expect(broken).rejects.toBeInstanceOf(PolicyPackStartError);
      await expect(broken).rejects.toThrow(/TS2322/);
    },
    3 * START_TIMEOUT,
  );

  it(
    "type-checks at every start with `always`, stamp or not",
    async () => {
      const dir = tinyPack(tinyPackSource("2"));
      await start(dir);
      expect((await start(dir, { typeCheck: "always" })).typeCheckReused).toBe(false);
    },
    2 * START_TIMEOUT,
  );

  it(
    "the real pack finds the same violations, checked or not",
    async () => {
      const resources = RESOURCE_CASES.flatMap((entry) => entry.violating.map((violating) => violating.resource));
      const checked = await startTestPack({ typeCheck: "always" });
      started.push(checked);
      const reused = await startTestPack();
      started.push(reused);

      expect(checked.typeCheckReused).toBe(false);
      expect(reused.typeCheckReused).toBe(true);
      const expected = findings(await checked.analyzeStack(cellStack(...resources)));
      expect(expected.length).toBeGreaterThanOrEqual(RESOURCE_CASES.length);
      expect(findings(await reused.analyzeStack(cellStack(...resources)))).toEqual(expected);
    },
    2 * START_TIMEOUT,
  );
});
