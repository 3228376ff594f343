/**
 * The fast plan engine (a pool of worker threads, no promise tagging, stack traces off, the pack checking each
 * stack as it is planned) writes the same plan files, byte for byte, as the plain path: one stack at a time in
 * one thread with Pulumi's stock settings and the pack after the whole fleet (`CELLPLANE_ENGINE=plain`).
 * Both run as `cells plan` processes, policy check included, on the same fleet.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateFleet, type GeneratedFleet } from "../../../tools/bench/generate-fleet";
import { runCells } from "../../support/cli";
import { copyReferenceFleet, REFERENCE_STACKS_DIR, type TempFleet } from "../../support/fleet-dir";

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/** 14 generated cells (two workers' worth) and the bootstrap stacks they read. */
function generatedWithBootstrap(): GeneratedFleet {
  const fleet = generateFleet(14);
  cleanups.push(() => rmSync(fleet.root, { recursive: true, force: true }));
  for (const file of readdirSync(REFERENCE_STACKS_DIR).filter((name) =>
    /^Pulumi\.(account|region-.*)\.yaml$/.test(name),
  )) {
    copyFileSync(path.join(REFERENCE_STACKS_DIR, file), path.join(fleet.stacksDir, file));
  }
  return fleet;
}

function planBoth(fleet: Pick<TempFleet, "root" | "cellsDir" | "stacksDir">) {
  const run = (name: string, extra: string[], env: Record<string, string>) => {
    const out = path.join(fleet.root, name);
    const args = ["plan", "--cells-dir", fleet.cellsDir, "--stacks-dir", fleet.stacksDir, "--out", out, ...extra];
    const result = runCells(args, { env });
    expect(result.status, result.stderr).toBe(0);
    return { out, result };
  };
  return {
    fast: run("fast", ["--workers", "2"], {}),
    plain: run("plain", ["--workers", "1"], { CELLPLANE_ENGINE: "plain" }),
  };
}

function expectSameFiles(a: string, b: string, expectedStacks: RegExp[]): void {
  const files = readdirSync(a).sort();
  expect(readdirSync(b).sort()).toEqual(files);
  for (const pattern of expectedStacks) {
    expect(
      files.some((file) => pattern.test(file)),
      String(pattern),
    ).toBe(true);
  }
  for (const file of files) {
    const fast = readFileSync(path.join(a, file));
    expect(fast.equals(readFileSync(path.join(b, file))), `${file} differs between the engines`).toBe(true);
    // A real plan, checked: resources and a policy section.
    const plan = JSON.parse(fast.toString("utf8")) as { resources: unknown[]; policy?: unknown };
    expect(plan.resources.length, file).toBeGreaterThan(0);
    expect(plan.policy, file).toBeDefined();
  }
}

describe("the fast engine and the plain path", () => {
  it("write byte-identical plan files for a generated fleet with its bootstrap stacks", () => {
    const fleet = generatedWithBootstrap();
    const { fast, plain } = planBoth(fleet);
    expectSameFiles(fast.out, plain.out, [/^account\.json$/, /^region-eu-west-1\.json$/, /^cell-gen0013\.json$/]);
    expect(readdirSync(fast.out)).toHaveLength(1 + 4 + 14);
    // Both report progress and the final line with time and resources per second.
    for (const { result } of [fast, plain]) {
      expect(result.stderr).toMatch(/^cells plan: 19\/19 stacks planned \(.+\)$/m);
      expect(result.stderr).toMatch(/^cells plan: 19\/19 stacks checked against the pack \(.+\)$/m);
      expect(result.stderr).toMatch(
        /^cells plan: 19 stacks, \d+ resources planned and checked in [\d.]+ s \(\d+ resources\/s\)$/m,
      );
    }
  }, 600_000);

  it("write byte-identical plan files for the reference fleet, global stack included", () => {
    const fleet = copyReferenceFleet();
    cleanups.push(() => fleet.cleanup());
    const { fast, plain } = planBoth(fleet);
    expectSameFiles(fast.out, plain.out, [/^global\.json$/, /^cell-use1-a\.json$/]);
  }, 600_000);
});
