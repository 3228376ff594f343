/** Placement near home: region proximity and target utilisation, as properties and on the reference fleet. */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { placeFleetTenants } from "../../fleet/fleet-placement";
import { loadFleet } from "../../fleet/load";
import {
  placementMoves,
  placeTenants,
  type Placement,
  type PlacementCell,
  type PlacementOptions,
  type PlacementTenant,
} from "../../fleet/placement";
import { crossesContinent, proximityOrder, type RegionGroups } from "../../fleet/proximity";
import type { CellState } from "../../fleet/schema";
import { loadTenants } from "../../fleet/tenants";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

const REGIONS = ["r-east", "r-west", "r-eu", "r-ap"] as const;
const RUNS = { numRuns: 150 };

interface Scenario {
  cells: PlacementCell[];
  tenants: PlacementTenant[];
  options: Required<PlacementOptions>;
}

/** The regions shuffled and cut into 1 to 4 groups. */
const groupsArb: fc.Arbitrary<string[][]> = fc
  .tuple(fc.shuffledSubarray([...REGIONS], { minLength: 4, maxLength: 4 }), fc.subarray([1, 2, 3]))
  .map(([order, cuts]) => {
    const bounds = [0, ...cuts, order.length];
    return bounds.slice(1).map((end, index) => order.slice(bounds[index], end));
  });

function scenarioArb(capacity: fc.Arbitrary<number>, state: fc.Arbitrary<CellState>, pins: boolean) {
  const cell = fc.record({
    id: fc.stringMatching(/^[a-z]{1,3}[0-9]?$/),
    region: fc.constantFrom(...REGIONS),
    state,
    capacity: capacity.map((maxTenants) => ({ maxTenants })),
  });
  const tenant = fc.record({
    weight: fc.integer({ min: 1, max: 4 }),
    regions: fc.option(fc.subarray([...REGIONS], { minLength: 1 }), { nil: undefined, freq: 3 }),
    home: fc.nat(),
    pin: fc.option(fc.nat(), { nil: undefined, freq: 8 }),
  });
  return fc
    .record({
      cells: fc.uniqueArray(cell, { selector: (c) => c.id, minLength: 1, maxLength: 10 }),
      shapes: fc.array(tenant, { minLength: 0, maxLength: 150 }),
      groups: groupsArb,
      target: fc.constantFrom(50, 80, 100),
    })
    .map(({ cells, shapes, groups, target }): Scenario => ({
      cells,
      options: { regionGroups: groups, targetUtilisation: target },
      tenants: shapes.map((shape, index) => {
        const allowed = shape.regions ?? REGIONS;
        const pinned = shape.pin === undefined || !pins ? undefined : cells[shape.pin % cells.length];
        return {
          id: `t-${index}`,
          weight: shape.weight,
          home: allowed[shape.home % allowed.length],
          ...(shape.regions ? { regions: shape.regions } : {}),
          ...(pinned && pinned.state === "active" && allowed.includes(pinned.region) ? { pin: pinned.id } : {}),
        };
      }),
    }));
}

const anyState = fc.constantFrom<CellState>("active", "active", "active", "draining", "evacuated");
const tight = scenarioArb(fc.integer({ min: 1, max: 40 }), anyState, true);
const roomy = scenarioArb(fc.integer({ min: 2_000, max: 8_000 }), fc.constant<CellState>("active"), true);

function loads(placement: Placement, tenants: readonly PlacementTenant[]): Map<string, number> {
  const weights = new Map(tenants.map((tenant) => [tenant.id, tenant.weight]));
  const load = new Map<string, number>();
  for (const [tenant, cell] of Object.entries(placement.assignments)) {
    load.set(cell, (load.get(cell) ?? 0) + weights.get(tenant)!);
  }
  return load;
}

/** Room a cell has left within the target utilisation, after placement. */
function softRoom(cell: PlacementCell, load: Map<string, number>, target: number): number {
  return Math.floor((cell.capacity.maxTenants * target) / 100) - (load.get(cell.id) ?? 0);
}

function eligible(cell: PlacementCell, tenant: PlacementTenant): boolean {
  return cell.state === "active" && (!tenant.regions || tenant.regions.includes(cell.region));
}

/**
 * Never farther than needed: for every placed unpinned tenant, every eligible cell of a region nearer to its home
 * than the region it got is full to the target (room below the tenant's weight). Checked on the final loads,
 * which are at least the loads when the tenant was placed.
 */
function expectNeverFartherThanNeeded(scenario: Scenario, placement: Placement): void {
  const { cells, tenants, options } = scenario;
  const cellById = new Map(cells.map((cell) => [cell.id, cell]));
  const load = loads(placement, tenants);
  for (const tenant of tenants) {
    const placed = cellById.get(placement.assignments[tenant.id] ?? "");
    if (!placed || tenant.pin || tenant.home === undefined) continue;
    const order = proximityOrder(tenant.home, options.regionGroups);
    const rank = order.indexOf(placed.region);
    for (const nearer of cells.filter((cell) => eligible(cell, tenant) && order.indexOf(cell.region) < rank)) {
      expect(softRoom(nearer, load, options.targetUtilisation), `${tenant.id} skipped ${nearer.id}`).toBeLessThan(
        tenant.weight,
      );
    }
    if (crossesContinent(options.regionGroups, tenant.home, placed.region)) {
      const group = options.regionGroups.find((candidate) => candidate.includes(tenant.home!))!;
      for (const near of cells.filter((cell) => eligible(cell, tenant) && group.includes(cell.region))) {
        expect(softRoom(near, load, options.targetUtilisation)).toBeLessThan(tenant.weight);
      }
    }
  }
}

describe("placement near home (properties)", () => {
  it("is never farther from home than needed: crosses a continent only when nothing nearer has room", () => {
    fc.assert(
      fc.property(tight, (scenario) => {
        expectNeverFartherThanNeeded(scenario, placeTenants(scenario.cells, scenario.tenants, scenario.options));
      }),
      RUNS,
    );
  });

  it("keeps the old rules: active cells only, within maxTenants, residency and pins", () => {
    fc.assert(
      fc.property(tight, ({ cells, tenants, options }) => {
        const placement = placeTenants(cells, tenants, options);
        const cellById = new Map(cells.map((cell) => [cell.id, cell]));
        const load = loads(placement, tenants);
        for (const tenant of tenants) {
          const cell = cellById.get(placement.assignments[tenant.id] ?? "");
          if (!cell) continue;
          expect(eligible(cell, tenant)).toBe(true);
          if (tenant.pin) expect(cell.id).toBe(tenant.pin);
        }
        for (const cell of cells) expect(load.get(cell.id) ?? 0).toBeLessThanOrEqual(cell.capacity.maxTenants);
        expect(Object.keys(placement.assignments).length + placement.unplaced.length).toBe(tenants.length);
      }),
      RUNS,
    );
  });

  it("takes a cell over its target only for a tenant that no eligible cell could take within the target", () => {
    fc.assert(
      fc.property(tight, ({ cells, tenants, options }) => {
        const placement = placeTenants(cells, tenants, options);
        const load = loads(placement, tenants);
        const target = options.targetUtilisation;
        for (const cell of cells.filter((candidate) => softRoom(candidate, load, target) < 0)) {
          const hosted = tenants.filter((tenant) => placement.assignments[tenant.id] === cell.id);
          const pinnedLoad = hosted.filter((tenant) => tenant.pin).reduce((sum, tenant) => sum + tenant.weight, 0);
          if (pinnedLoad > Math.floor((cell.capacity.maxTenants * target) / 100)) continue;
          // The tenant that pushed the cell over its target came when no eligible cell had room within it.
          const pushedOver = hosted.filter(
            (tenant) =>
              !tenant.pin &&
              cells.every((other) => !eligible(other, tenant) || softRoom(other, load, target) < tenant.weight),
          );
          expect(pushedOver.length, cell.id).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });

  it("adding a cell moves tenants only onto the new cell (cells with room to spare)", () => {
    fc.assert(
      fc.property(roomy, fc.constantFrom(...REGIONS), (scenario, region) => {
        const grown = [
          ...scenario.cells,
          { id: "new-cell", region, state: "active" as const, capacity: { maxTenants: 4_000 } },
        ];
        const moves = placementMoves(
          placeTenants(scenario.cells, scenario.tenants, scenario.options).assignments,
          placeTenants(grown, scenario.tenants, scenario.options).assignments,
        );
        expect(moves.moves.every((move) => move.to === "new-cell")).toBe(true);
        const pinned = new Set(scenario.tenants.filter((tenant) => tenant.pin).map((tenant) => tenant.id));
        expect(moves.moves.filter((move) => pinned.has(move.tenant))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("draining a cell moves only its tenants, each to the nearest region with an eligible cell", () => {
    fc.assert(
      fc.property(roomy, fc.nat(), (scenario, pick) => {
        const target = scenario.cells[pick % scenario.cells.length];
        const tenants = scenario.tenants.map(({ pin, ...tenant }) =>
          pin === undefined || pin === target.id ? tenant : { ...tenant, pin },
        );
        const drained = scenario.cells.map((cell) =>
          cell === target ? { ...cell, state: "draining" as const } : cell,
        );
        const before = placeTenants(scenario.cells, tenants, scenario.options).assignments;
        const after = placeTenants(drained, tenants, scenario.options).assignments;
        const regionOf = new Map(scenario.cells.map((cell) => [cell.id, cell.region]));
        for (const tenant of tenants) {
          if (before[tenant.id] !== target.id) {
            expect(after[tenant.id]).toBe(before[tenant.id]);
            continue;
          }
          if (after[tenant.id] === undefined) continue;
          const order = proximityOrder(tenant.home!, scenario.options.regionGroups);
          const nearest = order.find((region) =>
            drained.some((cell) => eligible(cell, tenant) && cell.region === region),
          );
          expect(regionOf.get(after[tenant.id])).toBe(nearest);
        }
      }),
      RUNS,
    );
  });

  it("without region groups, ignores homes: the same map as before homes existed", () => {
    fc.assert(
      fc.property(tight, ({ cells, tenants }) => {
        const homeless = tenants.map(({ home: _home, ...tenant }) => tenant);
        expect(placeTenants(cells, tenants)).toEqual(placeTenants(cells, homeless));
      }),
      RUNS,
    );
  });
});

describe("the reference fleet, near home", () => {
  const fleet = loadFleet(REFERENCE_CELLS_DIR);
  const { tenants } = loadTenants(fleet);
  const groups: RegionGroups = fleet.routing.regionGroups!;
  const regionOf = new Map(fleet.cells.map((cell) => [cell.id, cell.region]));

  it("places every tenant in its home region", () => {
    const placement = placeFleetTenants(fleet, tenants);
    expect(placement.unplaced).toEqual([]);
    for (const tenant of tenants) expect(regionOf.get(placement.assignments[tenant.id])).toBe(tenant.home);
  });

  it.each(["use1-a", "use1-b", "use1-c"])("draining %s keeps its tenants in us-east-1", (drainedId) => {
    const unpinned = tenants.map(({ pin, ...tenant }) => (pin === drainedId ? tenant : { ...tenant, pin }));
    const drained = fleet.cells.map((cell) => (cell.id === drainedId ? { ...cell, state: "draining" as const } : cell));
    const before = placeFleetTenants(fleet, unpinned).assignments;
    const after = placeFleetTenants(fleet, unpinned, drained);
    expect(after.unplaced).toEqual([]);
    const moves = placementMoves(before, after.assignments).moves;
    expect(moves.length).toBeGreaterThan(0);
    for (const move of moves) {
      expect(move.from).toBe(drainedId);
      expect(regionOf.get(move.to!)).toBe("us-east-1");
    }
  });

  it("when us-east-1 is full, a drain goes to us-west-2 before it crosses to another continent", () => {
    // use1-b and use1-c shrink to what they hold, usw2-a to a little more: use1-a's tenants must leave the region,
    // and more of them than us-west-2 can take.
    const current = placeFleetTenants(fleet, tenants).cells;
    const loadOf = (id: string): number => current.find((entry) => entry.cell === id)!.load;
    const unpinned = tenants.map(({ pin, ...tenant }) => (pin === "use1-a" ? tenant : { ...tenant, pin }));
    const cells = fleet.cells.map((cell) =>
      cell.id === "use1-a"
        ? { ...cell, state: "draining" as const }
        : cell.id === "use1-b" || cell.id === "use1-c" || cell.id === "usw2-a"
          ? { ...cell, capacity: { ...cell.capacity, maxTenants: loadOf(cell.id) + (cell.id === "usw2-a" ? 40 : 0) } }
          : cell,
    );
    const after = placeFleetTenants(fleet, unpinned, cells);
    const moved = Object.entries(after.assignments).filter(
      ([tenant]) => placeFleetTenants(fleet, unpinned).assignments[tenant] === "use1-a",
    );
    expect(moved.length).toBeGreaterThan(20);
    const crossing = moved.filter(([, cell]) => crossesContinent(groups, "us-east-1", regionOf.get(cell)!));
    const usWest = moved.filter(([, cell]) => regionOf.get(cell) === "us-west-2");
    expect(usWest.length).toBeGreaterThan(0);
    expect(crossing.length).toBeGreaterThan(0);
    expect(after.unplaced).toEqual([]);
    // Each crossing tenant found us-east-1 and us-west-2 full to the target.
    const target = fleet.capacity!.targetUtilisation;
    expectNeverFartherThanNeeded(
      { cells, tenants: unpinned, options: { regionGroups: groups, targetUtilisation: target } },
      after,
    );
  });
});
