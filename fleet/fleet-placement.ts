/**
 * Placement as the fleet configures it: the one way every tool (the global stack's routing map, `cells placement`,
 * `cells capacity`, `cells new`, rollout waves) places the fleet's tenants, so they all agree.
 */
import { placeTenants, type Placement, type PlacementCell, type PlacementOptions } from "./placement";
import type { Fleet } from "./schema";
import type { TenantSpec } from "./tenants";

/**
 * The fleet's region groups and target utilisation, as placement options. Without `routing.regionGroups` placement
 * ignores homes and geography, as it did before homes existed.
 */
export function fleetPlacementOptions(fleet: Pick<Fleet, "routing" | "capacity">): PlacementOptions {
  return {
    ...(fleet.routing.regionGroups ? { regionGroups: fleet.routing.regionGroups } : {}),
    ...(fleet.capacity ? { targetUtilisation: fleet.capacity.targetUtilisation } : {}),
  };
}

/** Places `tenants` on the fleet's cells (or on `cells`, a variant of them) with the fleet's options. */
export function placeFleetTenants(
  fleet: Pick<Fleet, "routing" | "capacity"> & { cells: readonly PlacementCell[] },
  tenants: readonly TenantSpec[],
  cells: readonly PlacementCell[] = fleet.cells,
): Placement {
  return placeTenants(cells, tenants, fleetPlacementOptions(fleet));
}
