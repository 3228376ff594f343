/**
 * Capacity: per cell tenants, load and headroom against the target utilisation (fleet.yaml
 * `capacity.targetUtilisation`, percent of `capacity.maxTenants`; 100 when absent), and per region the N+1 check:
 * can the region lose any one active cell and fit that cell's load in the headroom of the others, within the
 * target? The cell whose loss hurts most is the one with the largest max(load, target) — the largest cell — so
 * checking it checks them all. Where a region fails, it proposes new cells like its largest one (next id, next free
 * address block) until the check passes, noting any service quota that must be raised first. Pure: rendering and
 * exit codes are the CLI's (tools/cli/commands/capacity.ts).
 *
 * The check is arithmetic on loads: it ignores that tenants are indivisible and that pins and residency may keep
 * some tenants from some cells, so a pass is necessary, not always sufficient; `cells placement` with the cell
 * drained shows the exact moves.
 */
import { nextAddressBlock } from "./address-blocks";
import { nextCellId } from "./cell-naming";
import type { CellLoad } from "./placement";
import { formatProblem } from "./problems";
import { quotaProblems, type QuotaCell, type RegionQuotas } from "./quotas";
import type { CellState } from "./schema";

/** A cell's load (placement.ts) and how much of it the target utilisation still allows. */
export interface CellCapacity extends CellLoad {
  /** The load the target utilisation allows: ⌊capacity × target / 100⌋ (0 for a cell that is not active). */
  target: number;
  /** `target − load`: negative when the cell is over its target. */
  headroom: number;
}

export interface ProposedCell {
  id: string;
  region: string;
  vpcCidr: string;
  /** The cell whose shape it copies (`cells new --like`). */
  like: string;
  capacity: number;
  /** The command that creates it. */
  command: string;
}

export interface RegionCapacity {
  region: string;
  activeCells: number;
  load: number;
  target: number;
  /** The cell whose loss the check assumes (largest max(load, target)); absent without an active cell. */
  largestCell?: string;
  /** The load that must move when it drains, and the headroom the region's other active cells have for it. */
  mustAbsorb: number;
  canAbsorb: number;
  /** N+1 holds: canAbsorb ≥ mustAbsorb. A region without an active cell has nothing to absorb and passes. */
  ok: boolean;
  /** New cells that make the check pass, when it fails. */
  proposals: ProposedCell[];
  /** Service-quota problems the proposals would cause (raise them first), as `file: path: message` lines. */
  quotaNotes: string[];
}

export interface CapacityReport {
  targetUtilisation: number;
  cells: CellCapacity[];
  /** Regions with at least one cell, by name. */
  regions: RegionCapacity[];
  /** Every region passes N+1. */
  ok: boolean;
}

/** The fields of a cell the report reads (a `CellSpec` fits). */
export type CapacityCell = QuotaCell & { state: CellState; vpcCidr: string; capacity: { maxTenants: number } };

export interface CapacityInput {
  cells: readonly CapacityCell[];
  quotas: Record<string, RegionQuotas>;
  fleetFile: string;
  targetUtilisation?: number;
  /** Where the tenants are: a placement (fleet/placement.ts) fits. */
  placement: { cells: readonly Pick<CellLoad, "cell" | "tenants" | "load">[] };
}

/** Most cells proposed for one region (a region needing more has a bigger problem than one report can solve). */
const MAX_PROPOSALS = 5;

export function capacityReport(input: CapacityInput): CapacityReport {
  const targetUtilisation = input.targetUtilisation ?? 100;
  const loadOf = new Map(input.placement.cells.map((entry) => [entry.cell, entry]));
  const cells: CellCapacity[] = input.cells.map((cell) => {
    const placed = loadOf.get(cell.id);
    const load = placed?.load ?? 0;
    const target = cell.state === "active" ? targetOf(cell.capacity.maxTenants, targetUtilisation) : 0;
    return {
      cell: cell.id,
      region: cell.region,
      state: cell.state,
      tenants: placed?.tenants ?? 0,
      load,
      capacity: cell.capacity.maxTenants,
      target,
      headroom: target - load,
    };
  });
  const regions = [...new Set(cells.map((cell) => cell.region))].sort().map((region) => {
    const inRegion = cells.filter((cell) => cell.region === region);
    return regionCapacity(region, inRegion, input, targetUtilisation);
  });
  return { targetUtilisation, cells, regions, ok: regions.every((region) => region.ok) };
}

function targetOf(maxTenants: number, targetUtilisation: number): number {
  return Math.floor((maxTenants * targetUtilisation) / 100);
}

interface Check {
  largestCell?: string;
  mustAbsorb: number;
  canAbsorb: number;
}

/** The worst single-cell loss among `active` cells: the one leaving the least room (ties by id). */
function nPlusOne(active: readonly Pick<CellCapacity, "cell" | "load" | "target">[]): Check {
  const headroom = (cell: Pick<CellCapacity, "load" | "target">): number => Math.max(0, cell.target - cell.load);
  const total = active.reduce((sum, cell) => sum + headroom(cell), 0);
  let worst: Check | undefined;
  for (const cell of active) {
    const check = { largestCell: cell.cell, mustAbsorb: cell.load, canAbsorb: total - headroom(cell) };
    if (!worst || check.canAbsorb - check.mustAbsorb < worst.canAbsorb - worst.mustAbsorb) {
      worst = check;
    }
  }
  return worst ?? { mustAbsorb: 0, canAbsorb: 0 };
}

function regionCapacity(
  region: string,
  inRegion: readonly CellCapacity[],
  input: CapacityInput,
  targetUtilisation: number,
): RegionCapacity {
  const active = inRegion.filter((cell) => cell.state === "active");
  const check = nPlusOne(active);
  const ok = active.length === 0 || check.canAbsorb >= check.mustAbsorb;
  const base = {
    region,
    activeCells: active.length,
    load: active.reduce((sum, cell) => sum + cell.load, 0),
    target: active.reduce((sum, cell) => sum + cell.target, 0),
    ...check,
    ok,
  };
  if (ok) {
    return { ...base, proposals: [], quotaNotes: [] };
  }
  const proposals = propose(region, active, check, input, targetUtilisation);
  return { ...base, proposals, quotaNotes: quotaNotes(region, proposals, input) };
}

/** New cells like the region's largest one, each empty, until the region passes N+1. */
function propose(
  region: string,
  active: readonly CellCapacity[],
  check: Check,
  input: CapacityInput,
  targetUtilisation: number,
): ProposedCell[] {
  const like = input.cells.find((cell) => cell.id === check.largestCell);
  if (!like) {
    return [];
  }
  const proposals: ProposedCell[] = [];
  const simulated: Pick<CellCapacity, "cell" | "load" | "target">[] = [...active];
  const known = [...input.cells.map((cell) => ({ id: cell.id, region: cell.region }))];
  const used = input.cells.map((cell) => cell.vpcCidr);
  const prefix = Number(like.vpcCidr.split("/")[1]);
  while (proposals.length < MAX_PROPOSALS) {
    const id = nextCellId(region, known);
    const vpcCidr = nextAddressBlock({
      used,
      region: input.cells.filter((cell) => cell.region === region).map((cell) => cell.vpcCidr),
      prefix,
    });
    if (id === undefined || vpcCidr === undefined) {
      break;
    }
    proposals.push({
      id,
      region,
      vpcCidr,
      like: like.id,
      capacity: like.capacity.maxTenants,
      command: `cells new ${id} --region ${region} --like ${like.id}`,
    });
    known.push({ id, region });
    used.push(vpcCidr);
    simulated.push({ cell: id, load: 0, target: targetOf(like.capacity.maxTenants, targetUtilisation) });
    const after = nPlusOne(simulated);
    if (after.canAbsorb >= after.mustAbsorb) {
      break;
    }
  }
  return proposals;
}

/** The quota problems of the fleet with the proposed cells (copies of their `like` cell) added. */
function quotaNotes(region: string, proposals: readonly ProposedCell[], input: CapacityInput): string[] {
  const copies: QuotaCell[] = proposals.flatMap((proposal) => {
    const like = input.cells.find((cell) => cell.id === proposal.like);
    return like ? [{ id: proposal.id, region, zones: like.zones, network: like.network }] : [];
  });
  const regionCells = input.cells.filter((cell) => cell.region === region);
  return quotaProblems([...regionCells, ...copies], input.quotas, input.fleetFile).map(formatProblem);
}
