/**
 * Placement: which cell hosts each tenant. Pure and deterministic — the same cells and tenants always give the
 * same map, whatever order they are listed in.
 *
 * Algorithm: weighted rendezvous (highest random weight) hashing. Every (tenant, cell) pair gets a hash `u` in
 * (0, 1); the tenant ranks the cells it may use by `-ln(u) / w`, where `w` is the cell's `capacity.maxTenants`,
 * and takes the best-ranked cell that still has room (spilling to the next-ranked one otherwise). A cell's
 * expected share is therefore proportional to its capacity, and a change to one cell only moves the tenants
 * whose best choice that cell is or was:
 * - adding a cell moves about `w_new / Σw` of the tenants (1/(N+1) for equal cells), all onto the new cell;
 * - removing, draining or evacuating a cell moves only the tenants it hosted.
 * These hold while the receiving cells have room; once a cell is full, spills can cascade to other tenants.
 *
 * Rules: only `active` cells receive tenants (`draining` cells give theirs up, `evacuated` cells host none);
 * pinned tenants are placed first, on their pinned cell; a tenant with a residency only goes to cells in the
 * residency's regions; no cell ever holds more tenant weight than its `capacity.maxTenants`.
 *
 * Near home ({@link PlacementOptions}): a tenant with a `home` ranks regions by proximity (fleet/proximity.ts) and
 * hashes only among the cells of the nearest region that has a cell with room; a cell has room while its load
 * stays within `targetUtilisation` percent of `maxTenants`. Only when no eligible cell anywhere has room within the
 * target does the tenant take the nearest cell with room up to `maxTenants`. So a tenant never lands farther from
 * home than needed: every eligible cell of a nearer region is full (to the target) when it is placed.
 */
import { proximityOrder, type RegionGroups } from "./proximity";
import type { CellState } from "./schema";

/** The fields of a cell placement reads (a `CellSpec` fits). */
export interface PlacementCell {
  id: string;
  region: string;
  state: CellState;
  capacity: { maxTenants: number };
}

/** The fields of a tenant placement reads (a `TenantSpec` fits). */
export interface PlacementTenant {
  id: string;
  /** Capacity the tenant uses, in `maxTenants` units. */
  weight: number;
  /** Cell the tenant stays on. */
  pin?: string;
  /** Regions allowed to host the tenant; absent: any region. */
  regions?: readonly string[];
  /** The tenant's home region: with {@link PlacementOptions.regionGroups}, cells nearest to it are preferred. */
  home?: string;
}

/** How placement weighs geography and headroom; without options, every eligible cell ranks alike, up to full. */
export interface PlacementOptions {
  /** Groups of nearby regions, nearest groups first (fleet.yaml `routing.regionGroups`). */
  regionGroups?: RegionGroups;
  /** Percent of `maxTenants` a cell fills before tenants go farther (fleet.yaml `capacity.targetUtilisation`). */
  targetUtilisation?: number;
}

export type UnplacedReason = "pinned-cell-unavailable" | "pinned-cell-full" | "no-eligible-cell" | "no-capacity";

export interface UnplacedTenant {
  tenant: string;
  reason: UnplacedReason;
  /** Why, in words, with what to change. */
  message: string;
}

export interface CellLoad {
  cell: string;
  region: string;
  state: CellState;
  /** Number of tenants placed on the cell. */
  tenants: number;
  /** Sum of their weights. */
  load: number;
  /** `capacity.maxTenants`. */
  capacity: number;
}

export interface Placement {
  /** Tenant id → cell id, keys in tenant id order. */
  assignments: Record<string, string>;
  /** One entry per cell, by cell id. */
  cells: CellLoad[];
  /** Tenants no cell could take, by tenant id. */
  unplaced: UnplacedTenant[];
}

/** Places `tenants` on `cells`. Throws only on malformed input (duplicate ids, non-positive weights). */
export function placeTenants(
  cells: readonly PlacementCell[],
  tenants: readonly PlacementTenant[],
  options: PlacementOptions = {},
): Placement {
  const table = new CellTable(cells, options);
  const sorted = sortedTenants(tenants);
  const cellIndexOf = new Int32Array(sorted.length).fill(-1);
  const unplaced: UnplacedTenant[] = [];
  for (const position of placementOrder(sorted)) {
    const tenant = sorted[position];
    const result = tenant.pin === undefined ? table.placeByHash(tenant) : table.placePinned(tenant);
    if (typeof result === "number") {
      cellIndexOf[position] = result;
    } else {
      unplaced.push(result);
    }
  }
  const assignments: Record<string, string> = {};
  sorted.forEach((tenant, position) => {
    if (cellIndexOf[position] >= 0) {
      assignments[tenant.id] = table.cells[cellIndexOf[position]].id;
    }
  });
  unplaced.sort((a, b) => compareIds(a.tenant, b.tenant));
  return { assignments, cells: table.loads(), unplaced };
}

/**
 * Positions in `sorted` (tenants by id) in the order they are placed: pinned tenants first, then heavier tenants
 * before lighter ones (they are the hardest to fit), ties by id. Independent of the order tenants were listed in.
 */
function placementOrder(sorted: readonly PlacementTenant[]): Int32Array {
  const pinned = sorted.flatMap((tenant, position) => (tenant.pin === undefined ? [] : [position]));
  // Array sort is stable, so positions of equal weight stay in id order.
  const unpinned = sorted
    .flatMap((tenant, position) => (tenant.pin === undefined ? [position] : []))
    .sort((a, b) => sorted[b].weight - sorted[a].weight);
  return Int32Array.from([...pinned, ...unpinned]);
}

/** The cells, sorted by id, with their hash salts, weights and remaining capacity. */
class CellTable {
  readonly cells: PlacementCell[];
  private readonly indexById = new Map<string, number>();
  readonly salts: Int32Array;
  /** `salt × golden ratio`, the first mixing input of a pair hash, computed once per cell. */
  readonly spreadSalts: Int32Array;
  readonly inverseWeights: Float64Array;
  readonly remaining: Float64Array;
  /** Room left within the target utilisation (equal to `remaining` at 100 %). */
  readonly softRemaining: Float64Array;
  private readonly tenantCounts: Int32Array;
  private readonly eligibleByRegions = new Map<string, Int32Array>();
  private readonly tiersByKey = new Map<string, Int32Array[]>();
  private readonly regionGroups: RegionGroups | undefined;
  private readonly passes: Pick<CellTable, "salts" | "spreadSalts" | "inverseWeights" | "remaining">[];

  constructor(cells: readonly PlacementCell[], options: PlacementOptions) {
    this.cells = [...cells].sort((a, b) => compareIds(a.id, b.id));
    this.cells.forEach((cell, index) => {
      if (this.indexById.has(cell.id)) {
        throw new Error(`placement: cell ${cell.id} is listed twice`);
      }
      this.indexById.set(cell.id, index);
    });
    this.salts = Int32Array.from(this.cells, (cell) => mix32(stringHash(cell.id)));
    this.spreadSalts = this.salts.map((salt) => Math.imul(salt, 0x9e3779b1));
    this.inverseWeights = Float64Array.from(this.cells, (cell) => 1 / Math.max(cell.capacity.maxTenants, 1));
    this.remaining = Float64Array.from(this.cells, (cell) => (cell.state === "active" ? cell.capacity.maxTenants : 0));
    this.tenantCounts = new Int32Array(this.cells.length);
    const target = options.targetUtilisation ?? 100;
    if (!(target > 0 && target <= 100)) {
      throw new Error(`placement: targetUtilisation ${target} is not a percentage in (0, 100]`);
    }
    this.softRemaining = Float64Array.from(this.cells, (cell, index) =>
      Math.min(this.remaining[index], Math.floor((cell.capacity.maxTenants * target) / 100)),
    );
    this.regionGroups = options.regionGroups;
    const hard = { salts: this.salts, spreadSalts: this.spreadSalts, inverseWeights: this.inverseWeights };
    this.passes =
      target < 100
        ? [
            { ...hard, remaining: this.softRemaining },
            { ...hard, remaining: this.remaining },
          ]
        : [{ ...hard, remaining: this.remaining }];
  }

  placePinned(tenant: PlacementTenant): number | UnplacedTenant {
    const index = this.indexById.get(tenant.pin ?? "");
    const cell = index === undefined ? undefined : this.cells[index];
    if (
      index === undefined ||
      !cell ||
      cell.state !== "active" ||
      (tenant.regions && !tenant.regions.includes(cell.region))
    ) {
      const why = !cell
        ? "does not exist"
        : cell.state !== "active"
          ? `is ${cell.state}`
          : `is outside the tenant's regions (${tenant.regions?.join(", ")})`;
      return {
        tenant: tenant.id,
        reason: "pinned-cell-unavailable",
        message: `pinned cell ${tenant.pin} ${why}: pin the tenant to an active cell or remove the pin`,
      };
    }
    if (this.remaining[index] < tenant.weight) {
      return {
        tenant: tenant.id,
        reason: "pinned-cell-full",
        message:
          `pinned cell ${cell.id} has ${this.remaining[index]} of ${cell.capacity.maxTenants} left, the tenant ` +
          `needs ${tenant.weight}`,
      };
    }
    this.take(index, tenant.weight);
    return index;
  }

  /** The best-ranked eligible cell with room for the tenant, by weighted rendezvous hashing. */
  placeByHash(tenant: PlacementTenant): number | UnplacedTenant {
    const eligible = this.eligibleCells(tenant.regions);
    if (eligible.length === 0) {
      return {
        tenant: tenant.id,
        reason: "no-eligible-cell",
        message:
          `no active cell in ` +
          `${tenant.regions ? `the tenant's regions (${tenant.regions.join(", ")})` : "the fleet"}`,
      };
    }
    const best = this.nearestBest(tenant, eligible);
    if (best < 0) {
      return {
        tenant: tenant.id,
        reason: "no-capacity",
        message:
          `every eligible cell (${eligible.length}) has less than ${tenant.weight} capacity left: add a cell ` +
          `or raise capacity.maxTenants`,
      };
    }
    this.take(best, tenant.weight);
    return best;
  }

  /**
   * Within the target first, then up to full: the best-ranked cell with room in the nearest region (tier) that has
   * one. Without a home or region groups there is one tier: every eligible cell.
   */
  private nearestBest(tenant: PlacementTenant, eligible: Int32Array): number {
    const tiers = this.tiers(tenant, eligible);
    const hash = stringHash(tenant.id);
    for (const pass of this.passes) {
      for (const tier of tiers) {
        const best = bestCellWithRoom(tier, hash, tenant.weight, pass);
        if (best >= 0) {
          return best;
        }
      }
    }
    return -1;
  }

  /** The eligible cells split by region, nearest to the tenant's home first; regions no group lists come last. */
  private tiers(tenant: PlacementTenant, eligible: Int32Array): Int32Array[] {
    if (!this.regionGroups || tenant.home === undefined) {
      return [eligible];
    }
    const key = `${tenant.regions ? tenant.regions.join(",") : "*"}|${tenant.home}`;
    let tiers = this.tiersByKey.get(key);
    if (!tiers) {
      const order = proximityOrder(tenant.home, this.regionGroups);
      const rank = (index: number): number => {
        const position = order.indexOf(this.cells[index].region);
        return position < 0 ? order.length : position;
      };
      const byRank = new Map<number, number[]>();
      for (const index of eligible) {
        byRank.set(rank(index), [...(byRank.get(rank(index)) ?? []), index]);
      }
      tiers = [...byRank.entries()].sort((a, b) => a[0] - b[0]).map(([, indexes]) => Int32Array.from(indexes));
      this.tiersByKey.set(key, tiers);
    }
    return tiers;
  }

  loads(): CellLoad[] {
    return this.cells.map((cell, index) => {
      const capacity = cell.capacity.maxTenants;
      const load = cell.state === "active" ? capacity - this.remaining[index] : 0;
      return {
        cell: cell.id,
        region: cell.region,
        state: cell.state,
        tenants: this.tenantCounts[index],
        load,
        capacity,
      };
    });
  }

  private take(index: number, weight: number): void {
    this.remaining[index] = this.remaining[index] - weight;
    this.softRemaining[index] = this.softRemaining[index] - weight;
    this.tenantCounts[index] = this.tenantCounts[index] + 1;
  }

  private eligibleCells(regions: readonly string[] | undefined): Int32Array {
    const key = regions ? regions.join(",") : "*";
    let eligible = this.eligibleByRegions.get(key);
    if (!eligible) {
      const indexes = this.cells.flatMap((cell, index) =>
        cell.state === "active" && (!regions || regions.includes(cell.region)) ? [index] : [],
      );
      eligible = Int32Array.from(indexes);
      this.eligibleByRegions.set(key, eligible);
    }
    return eligible;
  }
}

const TWO_TO_MINUS_32 = 2 ** -32;
const HALF_STEP = 2 ** -33;
/** Keeps the `1 - u` bound below `-ln(u)` despite rounding. */
const LOWER_BOUND_MARGIN = 1 - 1e-9;

/**
 * The eligible cell with room that ranks first for the tenant: the smallest `-ln(u) / w`. The hot loop of
 * placement (tenants × cells), so it reads typed arrays through locals and inlines the pair hash.
 */
function bestCellWithRoom(
  eligible: Int32Array,
  tenantHash: number,
  weight: number,
  table: Pick<CellTable, "salts" | "spreadSalts" | "inverseWeights" | "remaining">,
): number {
  const { salts, spreadSalts, inverseWeights, remaining } = table;
  let best = -1;
  let bestScore = Infinity;
  for (let k = 0; k < eligible.length; k++) {
    const index = eligible[k];
    if (remaining[index] < weight) {
      continue;
    }
    // The pair hash: two mixing rounds, so pairs sharing a tenant or a cell look independent.
    const hash = mix32(mix32(tenantHash ^ spreadSalts[index]) ^ salts[index]);
    const u = (hash >>> 0) * TWO_TO_MINUS_32 + HALF_STEP; // in (0, 1)
    const inverseWeight = inverseWeights[index];
    // -ln(u) >= 1 - u: most cells are ruled out by that bound, without computing the logarithm.
    if ((1 - u) * inverseWeight * LOWER_BOUND_MARGIN >= bestScore) {
      continue;
    }
    const score = -Math.log(u) * inverseWeight;
    if (score < bestScore) {
      bestScore = score;
      best = index;
    }
  }
  return best;
}

function sortedTenants(tenants: readonly PlacementTenant[]): PlacementTenant[] {
  const sorted = [...tenants].sort((a, b) => compareIds(a.id, b.id));
  sorted.forEach((tenant, index) => {
    if (index > 0 && sorted[index - 1].id === tenant.id) {
      throw new Error(`placement: tenant ${tenant.id} is listed twice`);
    }
    if (!(tenant.weight > 0)) {
      throw new Error(`placement: tenant ${tenant.id} has weight ${tenant.weight}; weights are positive`);
    }
  });
  return sorted;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** FNV-1a over the UTF-16 code units, finished with {@link mix32}. */
export function stringHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(hash);
}

/** MurmurHash3's 32-bit finalizer: every input bit affects every output bit. */
export function mix32(value: number): number {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One tenant whose cell differs between two maps. `from` is absent for a new tenant, `to` for a removed one. */
export interface TenantMove {
  tenant: string;
  from?: string;
  to?: string;
}

export interface CellMoveCounts {
  cell: string;
  /** Tenants on the cell before and after. */
  before: number;
  after: number;
  /** Tenants arriving from another cell, or new. */
  movedIn: number;
  /** Tenants leaving for another cell, or removed. */
  movedOut: number;
}

export interface PlacementMoves {
  /** Every tenant whose cell changed, appeared or disappeared, by tenant id. */
  moves: TenantMove[];
  /** Per cell that appears in either map, by cell id. */
  cells: CellMoveCounts[];
  /** Tenants present in both maps on different cells. */
  moved: number;
  /** Tenants only in `after` / only in `before`. */
  added: number;
  removed: number;
  /** Tenants in both maps. */
  common: number;
}

/** What changes between two tenant → cell maps. */
export function placementMoves(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): PlacementMoves {
  const tenants = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort(compareIds);
  const counts = new Map<string, CellMoveCounts>();
  const countsOf = (cell: string): CellMoveCounts => {
    let entry = counts.get(cell);
    if (!entry) {
      entry = { cell, before: 0, after: 0, movedIn: 0, movedOut: 0 };
      counts.set(cell, entry);
    }
    return entry;
  };
  const moves: TenantMove[] = [];
  let common = 0;
  for (const tenant of tenants) {
    const from = Object.hasOwn(before, tenant) ? before[tenant] : undefined;
    const to = Object.hasOwn(after, tenant) ? after[tenant] : undefined;
    if (from !== undefined) countsOf(from).before++;
    if (to !== undefined) countsOf(to).after++;
    if (from !== undefined && to !== undefined) common++;
    if (from === to) continue;
    if (from !== undefined) countsOf(from).movedOut++;
    if (to !== undefined) countsOf(to).movedIn++;
    moves.push({ tenant, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) });
  }
  return {
    moves,
    cells: [...counts.values()].sort((a, b) => compareIds(a.cell, b.cell)),
    moved: moves.filter((move) => move.from !== undefined && move.to !== undefined).length,
    added: moves.filter((move) => move.from === undefined).length,
    removed: moves.filter((move) => move.to === undefined).length,
    common,
  };
}
