import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadFleet } from "../../fleet/load";
import {
  placementMoves,
  placeTenants,
  type Placement,
  type PlacementCell,
  type PlacementTenant,
} from "../../fleet/placement";
import type { CellState } from "../../fleet/schema";
import { loadTenants } from "../../fleet/tenants";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

const REGIONS = ["r-east", "r-west", "r-eu"] as const;
const RUNS = { numRuns: 150 };

interface Scenario {
  cells: PlacementCell[];
  tenants: PlacementTenant[];
}

const cellArb = (capacity: fc.Arbitrary<number>, state: fc.Arbitrary<CellState>): fc.Arbitrary<PlacementCell> =>
  fc.record({
    id: fc.stringMatching(/^[a-z]{1,3}[0-9]?$/),
    region: fc.constantFrom(...REGIONS),
    state,
    capacity: capacity.map((maxTenants) => ({ maxTenants })),
  });

/** Tenants named `<prefix>-<n>`, with weights, some with residency, some pinned to a cell of the scenario. */
function scenarioArb(options: {
  cells: fc.Arbitrary<PlacementCell[]>;
  tenants: { min: number; max: number };
  pinChance: number;
}): fc.Arbitrary<Scenario> {
  const tenantShape = fc.record({
    weight: fc.integer({ min: 1, max: 4 }),
    regions: fc.option(fc.subarray([...REGIONS], { minLength: 1 }), { nil: undefined, freq: 3 }),
    pin: fc.option(fc.nat(), {
      nil: undefined,
      freq: Math.max(1, Math.round(1 / Math.max(options.pinChance, 0.01)) - 1),
    }),
  });
  return fc
    .record({
      cells: options.cells,
      prefix: fc.stringMatching(/^[a-z]{1,6}$/),
      shapes: fc.array(tenantShape, { minLength: options.tenants.min, maxLength: options.tenants.max }),
    })
    .map(({ cells, prefix, shapes }) => ({
      cells,
      tenants: shapes.map((shape, index) => {
        const pinned = shape.pin === undefined || options.pinChance === 0 ? undefined : cells[shape.pin % cells.length];
        return {
          id: `${prefix}-${index}`,
          weight: shape.weight,
          ...(shape.regions ? { regions: shape.regions } : {}),
          ...(pinned &&
          pinned.state === "active" &&
          (!shape.regions || (shape.regions as readonly string[]).includes(pinned.region))
            ? { pin: pinned.id }
            : {}),
        };
      }),
    }));
}

const uniqueCells = (cell: fc.Arbitrary<PlacementCell>, max = 10): fc.Arbitrary<PlacementCell[]> =>
  fc.uniqueArray(cell, { selector: (c) => c.id, minLength: 1, maxLength: max });
const anyState = fc.constantFrom<CellState>("active", "active", "active", "draining", "evacuated");
/** Capacity far above the total tenant weight (at most 400 × 4): no cell ever fills, so nothing spills. */
const ample = fc.integer({ min: 2_000, max: 8_000 });

/** Any fleet: tight capacities, all states, invalid pins too. */
const anyScenario = scenarioArb({
  cells: uniqueCells(cellArb(fc.integer({ min: 1, max: 40 }), anyState)),
  tenants: { min: 0, max: 120 },
  pinChance: 0.15,
});
/** Active cells with room to spare, pins valid by construction. */
const roomyScenario = scenarioArb({
  cells: uniqueCells(cellArb(ample, fc.constant<CellState>("active")), 12),
  tenants: { min: 50, max: 400 },
  pinChance: 0.1,
});

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

function loadOf(placement: Placement, tenants: readonly PlacementTenant[]): Map<string, number> {
  const weights = new Map(tenants.map((tenant) => [tenant.id, tenant.weight]));
  const load = new Map<string, number>();
  for (const [tenant, cell] of Object.entries(placement.assignments)) {
    load.set(cell, (load.get(cell) ?? 0) + weights.get(tenant)!);
  }
  return load;
}

describe("placement invariants (any fleet, any capacity)", () => {
  it("is deterministic and ignores the order cells and tenants are listed in", () => {
    fc.assert(
      fc.property(anyScenario, fc.nat(), ({ cells, tenants }, seed) => {
        expect(placeTenants(shuffled(cells, seed), shuffled(tenants, seed + 1))).toEqual(placeTenants(cells, tenants));
      }),
      RUNS,
    );
  });

  it(
    "places tenants only on active cells, within capacity, " +
      "residency and pins; every tenant is placed or explained",
    () => {
      fc.assert(
        fc.property(anyScenario, ({ cells, tenants }) => {
          const placement = placeTenants(cells, tenants);
          const cellById = new Map(cells.map((cell) => [cell.id, cell]));
          const unplaced = new Set(placement.unplaced.map((entry) => entry.tenant));
          expect(Object.keys(placement.assignments).length + unplaced.size).toBe(tenants.length);
          for (const tenant of tenants) {
            const cellId = placement.assignments[tenant.id];
            if (cellId === undefined) {
              expect(unplaced.has(tenant.id)).toBe(true);
              continue;
            }
            const cell = cellById.get(cellId)!;
            expect(cell.state).toBe("active");
            if (tenant.regions) expect(tenant.regions).toContain(cell.region);
            if (tenant.pin) expect(cellId).toBe(tenant.pin);
          }
          const load = loadOf(placement, tenants);
          for (const cell of cells) {
            expect(load.get(cell.id) ?? 0).toBeLessThanOrEqual(cell.capacity.maxTenants);
            expect(placement.cells.find((entry) => entry.cell === cell.id)?.load).toBe(load.get(cell.id) ?? 0);
          }
        }),
        RUNS,
      );
    },
  );

  it("leaves a tenant unplaced for lack of capacity only when no eligible cell has room for it", () => {
    fc.assert(
      fc.property(anyScenario, ({ cells, tenants }) => {
        const placement = placeTenants(cells, tenants);
        const load = loadOf(placement, tenants);
        const tenantById = new Map(tenants.map((tenant) => [tenant.id, tenant]));
        for (const entry of placement.unplaced.filter((candidate) => candidate.reason === "no-capacity")) {
          const tenant = tenantById.get(entry.tenant)!;
          const eligible = cells.filter(
            (cell) => cell.state === "active" && (!tenant.regions || tenant.regions.includes(cell.region)),
          );
          for (const cell of eligible) {
            expect(cell.capacity.maxTenants - (load.get(cell.id) ?? 0)).toBeLessThan(tenant.weight);
          }
        }
      }),
      RUNS,
    );
  });
});

describe("placement stability (cells with room to spare)", () => {
  it(
    "adding a cell moves unpinned tenants only onto the new " +
      "cell, about w_new / Σw of them (1/(N+1) for equal cells)",
    () => {
      const newCell = fc.record({ region: fc.constantFrom(...REGIONS), capacity: ample });
      fc.assert(
        fc.property(roomyScenario, newCell, ({ cells, tenants }, added) => {
          const grown = [
            ...cells,
            {
              id: "new-cell",
              region: added.region,
              state: "active" as const,
              capacity: { maxTenants: added.capacity },
            },
          ];
          const moves = placementMoves(
            placeTenants(cells, tenants).assignments,
            placeTenants(grown, tenants).assignments,
          );
          // Every change lands on the new cell: tenants that move there, and tenants no cell could take before.
          expect(moves.moves.every((move) => move.to === "new-cell")).toBe(true);
          const moved = new Set(moves.moves.map((move) => move.tenant));
          expect(tenants.filter((tenant) => tenant.pin && moved.has(tenant.id))).toEqual([]);
          // Each unpinned tenant that may use the new cell moves with probability w_new / (its eligible Σw + w_new).
          const chances = tenants
            .filter((tenant) => !tenant.pin && (!tenant.regions || tenant.regions.includes(added.region)))
            .map((tenant) => {
              const eligibleWeight = cells
                .filter((cell) => !tenant.regions || tenant.regions.includes(cell.region))
                .reduce((sum, cell) => sum + cell.capacity.maxTenants, 0);
              return added.capacity / (eligibleWeight + added.capacity);
            });
          const expected = chances.reduce((sum, p) => sum + p, 0);
          const deviation = Math.sqrt(chances.reduce((sum, p) => sum + p * (1 - p), 0));
          expect(moved.size).toBeLessThanOrEqual(expected + 5 * deviation + 2);
        }),
        RUNS,
      );
    },
  );

  it("with N equal cells and no constraints, adding one moves close to 1/(N+1) of the tenants", () => {
    const tenants = Array.from({ length: 20_000 }, (_, index) => ({ id: `tenant-${index}`, weight: 1 }));
    for (const count of [3, 7, 20]) {
      const cells = Array.from({ length: count }, (_, index) => ({
        id: `c${index}`,
        region: "r",
        state: "active" as const,
        capacity: { maxTenants: 100_000 },
      }));
      const grown = [
        ...cells,
        { id: "new-cell", region: "r", state: "active" as const, capacity: { maxTenants: 100_000 } },
      ];
      const moves = placementMoves(placeTenants(cells, tenants).assignments, placeTenants(grown, tenants).assignments);
      expect(moves.moved / tenants.length).toBeCloseTo(1 / (count + 1), 1);
      expect(Math.abs(moves.moved / tenants.length - 1 / (count + 1))).toBeLessThan(0.01);
    }
  });

  it("removing, draining or evacuating a cell moves only the tenants it hosted, and never a pinned tenant", () => {
    const change = fc.constantFrom<"remove" | "draining" | "evacuated">("remove", "draining", "evacuated");
    fc.assert(
      fc.property(roomyScenario, fc.nat(), change, ({ cells, tenants: raw }, pick, how) => {
        const target = cells[pick % cells.length];
        const tenants = raw.map(({ pin, ...tenant }) =>
          pin === undefined || pin === target.id ? tenant : { ...tenant, pin },
        );
        const after =
          how === "remove"
            ? cells.filter((cell) => cell !== target)
            : cells.map((cell) => (cell === target ? { ...cell, state: how } : cell));
        const before = placeTenants(cells, tenants).assignments;
        const placed = placeTenants(after, tenants);
        for (const tenant of tenants) {
          if (before[tenant.id] !== target.id) {
            expect(placed.assignments[tenant.id], tenant.id).toBe(before[tenant.id]);
          } else {
            expect(placed.assignments[tenant.id]).not.toBe(target.id);
          }
        }
        expect(Object.values(placed.assignments)).not.toContain(target.id);
      }),
      RUNS,
    );
  });
});

describe("placement rules by example", () => {
  const cell = (id: string, state: CellState, maxTenants: number, region = "r-east"): PlacementCell => ({
    id,
    region,
    state,
    capacity: { maxTenants },
  });

  it("gives draining and evacuated cells no tenants, and spills to the next-ranked cell when one is full", () => {
    const tenants = Array.from({ length: 30 }, (_, index) => ({ id: `t${index}`, weight: 1 }));
    const placement = placeTenants(
      [cell("a", "active", 5), cell("b", "active", 100), cell("c", "draining", 100), cell("d", "evacuated", 100)],
      tenants,
    );
    expect(placement.cells.map(({ cell: id, tenants: count, load }) => [id, count, load])).toEqual([
      ["a", 5, 5],
      ["b", 25, 25],
      ["c", 0, 0],
      ["d", 0, 0],
    ]);
    expect(placement.unplaced).toEqual([]);
  });

  it("explains every tenant it cannot place", () => {
    const placement = placeTenants(
      [cell("a", "active", 3), cell("b", "draining", 10, "r-eu")],
      [
        { id: "big", weight: 5 },
        { id: "eu-only", weight: 1, regions: ["r-eu"] },
        { id: "pinned-draining", weight: 1, pin: "b" },
        { id: "pinned-full", weight: 4, pin: "a" },
      ],
    );
    expect(placement.unplaced.map(({ tenant, reason }) => [tenant, reason])).toEqual([
      ["big", "no-capacity"],
      ["eu-only", "no-eligible-cell"],
      ["pinned-draining", "pinned-cell-unavailable"],
      ["pinned-full", "pinned-cell-full"],
    ]);
    expect(placement.unplaced[2].message).toBe(
      "pinned cell b is draining: pin the tenant to an active cell or remove the pin",
    );
  });

  it("diffs two maps: moves, new and removed tenants, counts per cell", () => {
    const moves = placementMoves({ t1: "a", t2: "a", t3: "b", gone: "b" }, { t1: "a", t2: "c", t3: "c", fresh: "a" });
    expect(moves.moves).toEqual([
      { tenant: "fresh", to: "a" },
      { tenant: "gone", from: "b" },
      { tenant: "t2", from: "a", to: "c" },
      { tenant: "t3", from: "b", to: "c" },
    ]);
    expect(moves).toMatchObject({ moved: 2, added: 1, removed: 1, common: 3 });
    expect(moves.cells).toEqual([
      { cell: "a", before: 2, after: 2, movedIn: 1, movedOut: 1 },
      { cell: "b", before: 2, after: 0, movedIn: 0, movedOut: 2 },
      { cell: "c", before: 0, after: 2, movedIn: 2, movedOut: 0 },
    ]);
  });
});

describe("the reference fleet", () => {
  const fleet = loadFleet(REFERENCE_CELLS_DIR);
  const { tenants } = loadTenants(fleet);

  it("places every reference tenant, EU residents in eu-west-1, pins on their cells", () => {
    const placement = placeTenants(fleet.cells, tenants);
    expect(placement.unplaced).toEqual([]);
    const regionOf = new Map(fleet.cells.map((cell) => [cell.id, cell.region]));
    for (const tenant of tenants) {
      if (tenant.residency === "eu") expect(regionOf.get(placement.assignments[tenant.id])).toBe("eu-west-1");
      if (tenant.pin) expect(placement.assignments[tenant.id]).toBe(tenant.pin);
    }
  });

  it("adding a cell to the reference fleet moves about 1/(N+1) of the unpinned tenants, all onto it", () => {
    const added = { ...fleet.cells.find((cell) => cell.id === "use1-b")!, id: "use1-d" };
    const moves = placementMoves(
      placeTenants(fleet.cells, tenants).assignments,
      placeTenants([...fleet.cells, added], tenants).assignments,
    );
    const unpinned = tenants.filter((tenant) => !tenant.pin).length;
    expect(moves.moves.every((move) => move.to === "use1-d")).toBe(true);
    expect(moves.moved / unpinned).toBeGreaterThan(0.5 / (fleet.cells.length + 1));
    expect(moves.moved / unpinned).toBeLessThan(1.5 / (fleet.cells.length + 1));
  });
});
