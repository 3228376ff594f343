/**
 * Tenant moves in flight. Placement says where a tenant belongs; while its data is being moved there, the tenant's
 * `moving:` entry in `tenants.yaml` says how far the move has got, and the routing map follows it:
 *
 *   moving: { from: use1-b, to: use1-a, phase: copying }   routed to `from`, normal service (bulk copy runs)
 *   moving: { from: use1-b, to: use1-a, phase: frozen }    published frozen: the edge answers 503 + retry-after
 *   moving: { from: use1-b, to: use1-a, phase: flipped }   routed to `to` (verify, then delete the entry)
 *
 * `to` is not an override: it must be the cell placement gives the tenant (the one the data was copied to), so the
 * placement stays the one source of truth and a fleet change that would send the tenant elsewhere is refused
 * before anything is published. Tenants without an entry are routed by placement alone, as before.
 */
import { z } from "zod";
import type { FleetProblem } from "./problems";
import type { CellSpec } from "./schema";
import { cellIdSchema } from "./schema";

/** The phases of a move, in order. */
export const MOVE_PHASES = ["copying", "frozen", "flipped"] as const;
export type MovePhase = (typeof MOVE_PHASES)[number];

export const movingSchema = z.strictObject({
  /** The cell the tenant's data and traffic are on until the move is flipped. */
  from: cellIdSchema,
  /** The cell the data is copied to: must be the cell placement gives the tenant. */
  to: cellIdSchema,
  /** `copying` (served by `from`), `frozen` (edge answers 503), `flipped` (served by `to`). */
  phase: z.enum(MOVE_PHASES),
});

export type TenantMoving = z.infer<typeof movingSchema>;

/** What a tenant needs for its move to be routed. */
export interface MovingTenant {
  id: string;
  moving?: TenantMoving;
}

/** The tenant entries the global stack publishes. */
export interface RoutedTenants {
  /** Tenant → cell the edge sends it to (or holds it on, when frozen). */
  tenantCells: Record<string, string>;
  /** Tenants published frozen. */
  frozen: string[];
}

/**
 * The routing map's tenant entries: the placement, except for moves not yet flipped, which stay on their `from`
 * cell (frozen in the `frozen` phase). Check {@link movingPlacementProblems} first.
 */
export function routedTenants(
  assignments: Readonly<Record<string, string>>,
  tenants: readonly MovingTenant[],
): RoutedTenants {
  const tenantCells = { ...assignments };
  const frozen: string[] = [];
  for (const tenant of tenants) {
    if (tenant.moving === undefined || !Object.hasOwn(tenantCells, tenant.id) || tenant.moving.phase === "flipped") {
      continue;
    }
    tenantCells[tenant.id] = tenant.moving.from;
    if (tenant.moving.phase === "frozen") {
      frozen.push(tenant.id);
    }
  }
  return { tenantCells, frozen: frozen.sort() };
}

/** A `moving:` entry against the fleet (no placement needed): cells that exist and can serve. */
export function movingRuleProblem(moving: TenantMoving, cellsById: ReadonlyMap<string, CellSpec>): string | undefined {
  if (moving.from === moving.to) {
    return `moves the tenant from ${moving.from} to itself: remove the moving entry`;
  }
  const from = cellsById.get(moving.from);
  const to = cellsById.get(moving.to);
  if (!from || !to) {
    return `names cell ${!from ? moving.from : moving.to}, which is not a cell of the fleet`;
  }
  if (moving.phase !== "flipped" && from.state === "evacuated") {
    return (
      `keeps the tenant on ${from.id} (phase ${moving.phase}), which is evacuated and serves nothing: ` +
      "finish the move (phase: flipped) before evacuating the cell"
    );
  }
  return undefined;
}

/**
 * Moves whose `to` is not where placement puts the tenant: flipping them would send the tenant to a cell without
 * its data. Each names the tenant, the field and what to change.
 */
export function movingPlacementProblems(
  assignments: Readonly<Record<string, string>>,
  tenants: readonly MovingTenant[],
  file: string,
): FleetProblem[] {
  return tenants.flatMap((tenant) => {
    const placed = Object.hasOwn(assignments, tenant.id) ? assignments[tenant.id] : undefined;
    if (tenant.moving === undefined || placed === undefined || placed === tenant.moving.to) {
      return [];
    }
    return [
      {
        file,
        path: `tenants[id: ${tenant.id}].moving.to`,
        value: tenant.moving.to,
        message:
          `is not where placement puts the tenant (${placed}): copy its data to ${placed} and set ` +
          `moving.to: ${placed} (cells migrate plan lists the steps), or remove the entry if the move was abandoned`,
      },
    ];
  });
}
