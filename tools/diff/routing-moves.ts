/**
 * The routing map (the edge router's KeyValueStore pairs `tenant:<id>` → cell id and `cell:<id>` → entry) read as
 * what it means to a reviewer: which tenants move from which cell to which. The comparison of the two tenant maps
 * is `placementMoves` from fleet/placement.ts, the code `cells placement --base` uses, so both tell the same story.
 */
import { cellKey, parseTenantEntry, tenantKey } from "../../components/routing/edge-router";
import { placementMoves, type TenantMove } from "../../fleet/placement";
import { cellStackName } from "../../program/stacks";
import type { PlanFile, PlannedResource } from "../lib/plan-file";
import { compareStrings, type TenantMoveGroup, type RoutingChange } from "./model";

/** The resource that publishes the routing map's pairs (components/routing/global-router.ts). */
export const ROUTING_ENTRIES_TYPE = "aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive";
const PAIRS_PROPERTY = "resourceKeyValuePairs";
const TENANT_PREFIX = tenantKey("");
const CELL_PREFIX = cellKey("");

export interface RoutingMap {
  urn: string;
  /** Tenant id → cell id. */
  tenants: Record<string, string>;
  /** Cells the map routes to (active or draining). */
  servingCells: Set<string>;
  /** Tenants published frozen (their move's final sync: the edge answers 503). */
  frozen: Set<string>;
}

/** The routing map a plan publishes, or undefined when the plan has none. */
export function routingMapOf(plan: PlanFile | undefined): RoutingMap | undefined {
  const resource = plan?.resources.find((candidate) => candidate.type === ROUTING_ENTRIES_TYPE);
  return resource === undefined ? undefined : readPairs(resource);
}

function readPairs(resource: PlannedResource): RoutingMap {
  const map: RoutingMap = { urn: resource.urn, tenants: {}, servingCells: new Set(), frozen: new Set() };
  const pairs = resource.inputs[PAIRS_PROPERTY];
  for (const pair of Array.isArray(pairs) ? pairs : []) {
    if (pair === null || typeof pair !== "object" || Array.isArray(pair)) {
      continue;
    }
    const { key, value } = pair;
    if (typeof key === "string" && key.startsWith(TENANT_PREFIX) && typeof value === "string") {
      const entry = parseTenantEntry(value);
      map.tenants[key.slice(TENANT_PREFIX.length)] = entry.cell;
      if (entry.frozen) {
        map.frozen.add(key.slice(TENANT_PREFIX.length));
      }
    } else if (typeof key === "string" && key.startsWith(CELL_PREFIX)) {
      map.servingCells.add(key.slice(CELL_PREFIX.length));
    }
  }
  return map;
}

/**
 * What changes in the routing map between two plans of the same stack; undefined when neither publishes one or
 * no tenant's cell changes and no hosting cell stops serving. `headStacks` tells a removed cell from an evacuated one.
 */
export function routingChange(
  base: PlanFile | undefined,
  head: PlanFile | undefined,
  headStacks: ReadonlySet<string>,
): RoutingChange | undefined {
  const before = routingMapOf(base);
  const after = routingMapOf(head);
  if (before === undefined && after === undefined) {
    return undefined;
  }
  const result = placementMoves(before?.tenants ?? {}, after?.tenants ?? {});
  const unserved = result.cells
    .filter((cell) => cell.before > 0 && after !== undefined && !after.servingCells.has(cell.cell))
    .map((cell) => ({ cell: cell.cell, tenants: cell.before, removed: !headStacks.has(cellStackName(cell.cell)) }));
  const frozenBefore = before?.frozen ?? new Set<string>();
  const frozenAfter = after?.frozen ?? new Set<string>();
  const frozen = [...frozenAfter].filter((tenant) => !frozenBefore.has(tenant)).sort(compareStrings);
  const unfrozen = [...frozenBefore].filter((tenant) => !frozenAfter.has(tenant)).sort(compareStrings);
  if (result.moves.length === 0 && unserved.length === 0 && frozen.length === 0 && unfrozen.length === 0) {
    return undefined;
  }
  return {
    urn: (after ?? before)!.urn,
    moved: result.moved,
    added: result.added,
    removed: result.removed,
    moves: result.moves,
    groups: groupMoves(result.moves),
    cells: result.cells.filter((cell) => cell.movedIn > 0 || cell.movedOut > 0),
    unserved,
    ...(frozen.length > 0 ? { frozen } : {}),
    ...(unfrozen.length > 0 ? { unfrozen } : {}),
  };
}

export function groupMoves(moves: readonly TenantMove[]): TenantMoveGroup[] {
  const groups = new Map<string, TenantMoveGroup>();
  for (const move of moves) {
    const id = `${move.from ?? ""}\u0000${move.to ?? ""}`;
    const group = groups.get(id) ?? { ...pick(move), tenants: [] };
    group.tenants.push(move.tenant);
    groups.set(id, group);
  }
  return [...groups.values()].sort(
    (a, b) =>
      b.tenants.length - a.tenants.length ||
      compareStrings(a.from ?? "", b.from ?? "") ||
      compareStrings(a.to ?? "", b.to ?? ""),
  );
}

function pick(move: TenantMove): { from?: string; to?: string } {
  return { ...(move.from === undefined ? {} : { from: move.from }), ...(move.to === undefined ? {} : { to: move.to }) };
}

/** True for a property path of one tenant's pair (`resourceKeyValuePairs[key="tenant:acme"]…`): moves show it. */
export function isTenantPairPath(path: string): boolean {
  return path.startsWith(`${PAIRS_PROPERTY}[key=${JSON.stringify(TENANT_PREFIX).slice(0, -1)}`);
}

/** "use1-b loses 41; use1-a gains 20, use1-c gains 21" */
export function gainsAndLosses(change: RoutingChange): string {
  const losing = change.cells.filter((cell) => cell.movedOut > cell.movedIn);
  const gaining = change.cells.filter((cell) => cell.movedIn > cell.movedOut);
  const loses = losing.map((cell) => `\`${cell.cell}\` loses ${cell.movedOut - cell.movedIn}`).join(", ");
  const gains = gaining.map((cell) => `\`${cell.cell}\` gains ${cell.movedIn - cell.movedOut}`).join(", ");
  return [loses, gains].filter((part) => part !== "").join("; ");
}
