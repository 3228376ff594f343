import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_ROLLOUT,
  defaultCanary,
  regionCap,
  rolloutProblems,
  rolloutSchema,
  servingCells,
  type RolloutCell,
  type RolloutSettings,
} from "../../fleet/rollout";
import { buildRolloutPlan, wavesFor } from "../../tools/rollout/plan";
import * as path from "node:path";
import { loadFleet } from "../../fleet/load";
import { FleetValidationError } from "../../fleet/problems";
import { copyReferenceFleet, REFERENCE_CELLS_DIR, REFERENCE_STACKS_DIR } from "../support/fleet-dir";

const REGIONS = ["ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"] as const;
const RUNS = { numRuns: 300 };

const cellsArb: fc.Arbitrary<RolloutCell[]> = fc
  .array(
    fc.record({
      region: fc.constantFrom(...REGIONS),
      state: fc.constantFrom("active", "active", "draining", "evacuated" as const),
      tenants: fc.nat({ max: 50 }),
    }),
    { minLength: 0, maxLength: 24 },
  )
  .map((cells) => cells.map((cell, index) => ({ ...cell, id: `c${index}` })));

const settingsArb: fc.Arbitrary<RolloutSettings> = fc
  .record({
    waveSizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
    growthFactor: fc.constantFrom(1, 1.5, 2, 3),
    maxCellsPerRegion: fc.integer({ min: 1, max: 4 }),
    bakeMinutes: fc.oneof(fc.integer({ min: 0, max: 90 }), fc.array(fc.integer({ min: 0, max: 90 }), { minLength: 1 })),
    parallelism: fc.integer({ min: 1, max: 8 }),
    approval: fc.constantFrom("none", "after-canary", "every-wave" as const),
  })
  .map((settings) => rolloutSchema.parse(settings));

/** The full stack set of the contract: bootstrap stacks present, in shuffled order, and global. */
function stacksOf(cells: RolloutCell[]): string[] {
  const regions = [...new Set(cells.map((cell) => cell.region))];
  return ["global", ...cells.map((cell) => `cell-${cell.id}`), ...regions.map((r) => `region-${r}`), "account"];
}

describe("wave planning (property)", () => {
  it("rolls out every serving cell exactly once, the canary alone first, the region rule always kept", () => {
    fc.assert(
      fc.property(cellsArb, settingsArb, (cells, settings) => {
        const waves = wavesFor(stacksOf(cells), cells, settings);
        const serving = servingCells(cells);
        const cellIds = waves.flatMap((wave) => wave.cells);
        expect([...cellIds].sort()).toEqual(serving.map((cell) => cell.id).sort());
        expect(new Set(cellIds).size).toBe(cellIds.length);
        expect(cellIds.some((id) => cells.find((cell) => cell.id === id)?.state === "evacuated")).toBe(false);

        const cellWaves = waves.filter((wave) => wave.cells.length > 0);
        if (serving.length > 0) {
          expect(cellWaves[0]?.kind).toBe("canary");
          expect(cellWaves[0]?.cells).toEqual([defaultCanary(serving)]);
        }
        for (const wave of cellWaves) {
          expect(wave.stacks).toEqual(wave.cells.map((id) => `cell-${id}`));
          for (const region of wave.regions) {
            const inRegion = serving.filter((cell) => cell.region === region).length;
            const here = wave.cells.filter((id) => cells.find((cell) => cell.id === id)?.region === region).length;
            expect(here).toBeLessThanOrEqual(regionCap(inRegion, settings.maxCellsPerRegion));
            if (inRegion > 1) {
              expect(here).toBeLessThan(inRegion);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it("orders account → regions → cell waves → global, with global alone in the last wave", () => {
    fc.assert(
      fc.property(cellsArb, settingsArb, (cells, settings) => {
        const waves = wavesFor(stacksOf(cells), cells, settings);
        const kinds = waves.map((wave) => wave.kind);
        const regionStacks = [...new Set(cells.map((c) => `region-${c.region}`))].sort();
        expect(waves[0]?.stacks).toEqual(["account"]);
        if (regionStacks.length > 0) {
          expect(waves[1]?.stacks).toEqual(regionStacks);
        }
        expect(waves.at(-1)).toMatchObject({ kind: "global", stacks: ["global"] });
        const bootstrapWaves = regionStacks.length > 0 ? 2 : 1;
        expect(kinds.slice(0, bootstrapWaves).every((kind) => kind === "bootstrap")).toBe(true);
        expect(kinds.slice(bootstrapWaves, -1).every((kind) => kind === "canary" || kind === "cells")).toBe(true);
        expect(waves.map((wave) => wave.index)).toEqual(waves.map((_, index) => index));
      }),
      RUNS,
    );
  });

  it("widens per the settings: a wave is never larger than its size, and smaller only when regions block it", () => {
    fc.assert(
      fc.property(cellsArb, settingsArb, (cells, settings) => {
        const waves = wavesFor(stacksOf(cells), cells, settings).filter((wave) => wave.kind === "cells");
        const serving = servingCells(cells);
        const regionOf = new Map(cells.map((cell) => [cell.id, cell.region]));
        let size = 0;
        waves.forEach((wave, n) => {
          size = settings.waveSizes[n] ?? Math.max(size, Math.ceil(size * settings.growthFactor));
          expect(wave.cells.length).toBeLessThanOrEqual(size);
          if (wave.cells.length < size) {
            // Every cell left for later waves is in a region this wave already holds its cap of.
            const later = waves.slice(n + 1).flatMap((next) => next.cells);
            for (const id of later) {
              const region = regionOf.get(id) ?? "";
              const here = wave.cells.filter((cell) => regionOf.get(cell) === region).length;
              const inRegion = serving.filter((cell) => cell.region === region).length;
              expect(here).toBe(regionCap(inRegion, settings.maxCellsPerRegion));
            }
          }
        });
      }),
      RUNS,
    );
  });

  it("gives bake minutes per cell wave (the last repeats), none to bootstrap and global, approval per mode", () => {
    fc.assert(
      fc.property(cellsArb, settingsArb, (cells, settings) => {
        const waves = wavesFor(stacksOf(cells), cells, settings);
        const list = typeof settings.bakeMinutes === "number" ? [settings.bakeMinutes] : settings.bakeMinutes;
        const cellWaves = waves.filter((wave) => wave.cells.length > 0);
        cellWaves.forEach((wave, n) => expect(wave.bakeMinutes).toBe(list[Math.min(n, list.length - 1)]));
        for (const wave of waves) {
          expect(wave.parallelism).toBe(settings.parallelism);
          if (wave.cells.length === 0) {
            expect(wave.bakeMinutes).toBe(0);
          }
          const afterCanary = cellWaves.length > 0 && wave.index > (cellWaves[0]?.index ?? 0);
          const expected = settings.approval === "every-wave" || (settings.approval === "after-canary" && afterCanary);
          expect(wave.approval).toBe(expected);
        }
      }),
      RUNS,
    );
  });
});

describe("canary", () => {
  const cells: RolloutCell[] = [
    { id: "a1", region: "us-east-1", state: "active", tenants: 9 },
    { id: "a2", region: "us-east-1", state: "active", tenants: 1 },
    { id: "b1", region: "eu-west-1", state: "active", tenants: 4 },
    { id: "b2", region: "eu-west-1", state: "draining", tenants: 2 },
    { id: "c1", region: "us-west-2", state: "evacuated", tenants: 0 },
  ];

  it("defaults to the active cell with the fewest tenants in the region with the fewest tenants", () => {
    expect(defaultCanary(cells)).toBe("b1");
  });

  it("takes the cells rollout.canary names, alone in the first cell wave", () => {
    const settings = rolloutSchema.parse({ canary: ["a1"] });
    const waves = wavesFor(["cell-a1", "cell-a2", "cell-b1", "cell-b2"], cells, settings);
    expect(waves[0]).toMatchObject({ kind: "canary", stacks: ["cell-a1"] });
    expect(waves.flatMap((wave) => wave.cells)).not.toContain("c1");
  });

  it("refuses a canary that is unknown, not active, or a whole region, naming fleet.yaml and the field", () => {
    const settings = rolloutSchema.parse({ canary: ["zz", "b2", "a1", "a2"], maxCellsPerRegion: 3 });
    const problems = rolloutProblems(settings, cells, "cells/fleet.yaml");
    expect(problems.map((problem) => [problem.path, problem.value])).toEqual([
      ["rollout.canary[0]", "zz"],
      ["rollout.canary[1]", "b2"],
      ["rollout.canary", ["zz", "b2", "a1", "a2"]],
    ]);
    expect(problems[2]?.message).toContain("at most 1 may go at once");
  });
});

describe("rollout: in fleet.yaml", () => {
  it("is validated with the rest of the fleet, every problem naming the file and the field", () => {
    const fleet = copyReferenceFleet();
    try {
      fleet.edit("fleet.yaml", (document) => {
        document.rollout = { approval: "sometimes", parallelism: 0, bakeMinutes: [5, 2000], waveSize: [1] };
      });
      const problems = (() => {
        try {
          loadFleet(fleet.cellsDir);
          return [];
        } catch (error) {
          return error instanceof FleetValidationError ? error.problems : [];
        }
      })();
      expect(problems.map((problem) => problem.path).sort()).toEqual([
        "rollout.approval",
        "rollout.bakeMinutes[1]",
        "rollout.parallelism",
        "rollout.waveSize",
      ]);
      expect(new Set(problems.map((problem) => path.basename(problem.file)))).toEqual(new Set(["fleet.yaml"]));
    } finally {
      fleet.cleanup();
    }
  });
});

describe("the reference fleet", () => {
  it("plans a single-cell canary, widening waves that keep the region rule, and global last", () => {
    const plan = buildRolloutPlan({ cellsDir: REFERENCE_CELLS_DIR, stacksDir: REFERENCE_STACKS_DIR });
    // The bootstrap stacks first (stacks/Pulumi.account.yaml and one Pulumi.region-<r>.yaml per region in use).
    expect(plan.waves[0]).toMatchObject({ kind: "bootstrap", stacks: ["account"] });
    expect(plan.waves[1]).toMatchObject({
      kind: "bootstrap",
      stacks: ["region-ap-southeast-2", "region-eu-west-1", "region-us-east-1", "region-us-west-2"],
    });
    expect(plan.waves[2]?.kind).toBe("canary");
    expect(plan.waves[2]?.stacks).toHaveLength(1);
    expect(plan.waves.at(-1)).toMatchObject({ kind: "global", stacks: ["global"] });
    expect(plan.waves.flatMap((wave) => wave.stacks)).toHaveLength(13);
    for (const wave of plan.waves.filter((candidate) => candidate.kind !== "bootstrap")) {
      expect(new Set(wave.regions).size).toBe(wave.cells.length);
    }
    expect(plan.settings).toEqual({ ...DEFAULT_ROLLOUT });
  });
});
