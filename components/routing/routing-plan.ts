/**
 * The shape of the global routing layer, as pure data: which DNS names exist, which cells get a health check and
 * a weighted record, which regions take latency-routed traffic, where the fleet-wide failover goes, and what the
 * edge router's map holds. `GlobalRouter` turns this plan into Route 53 and CloudFront resources; tests read it
 * directly.
 *
 * Names under the routing domain `<d>`:
 *   <cell>.cells.<d>     simple alias to the cell's load balancer (direct access and debugging)
 *   <region>.regions.<d> weighted aliases over the region's cells, each tied to the cell's health check
 *   regions.<d>          latency aliases, one per region with an active cell, to <region>.regions.<d>
 *   origin.<d>           failover: primary regions.<d>, secondary <default region>.regions.<d>
 *   app.<d>, *.tenants.<d>  the edge (CloudFront + the tenant router), the fleet's one public endpoint
 */
import { compareIds as compare } from "../../fleet/placement";
import type { CellState } from "../../fleet/schema";
import { cellKey, tenantEntryValue, tenantKey, type CellEntry } from "./edge-router";

/** Route 53 weight of an active cell in its region's weighted set (0–255). */
export const DEFAULT_ACTIVE_WEIGHT = 100;
/** Regions Route 53 health checkers run in, and how many must be chosen: limits the fleet file is checked against. */
export { MIN_CHECKER_REGIONS, ROUTE53_CHECKER_REGIONS } from "../../fleet/limits";

export const routingNames = {
  cell: (cellId: string, domain: string): string => `${cellId}.cells.${domain}`,
  region: (region: string, domain: string): string => `${region}.regions.${domain}`,
  latency: (domain: string): string => `regions.${domain}`,
  origin: (domain: string): string => `origin.${domain}`,
  app: (domain: string): string => `app.${domain}`,
  tenants: (domain: string): string => `*.tenants.${domain}`,
};

/** What the plan needs to know about a cell. */
export interface RoutedCell {
  id: string;
  region: string;
  state: CellState;
}

export interface WeightedRoute {
  cellId: string;
  region: string;
  /** The regional entry point the record belongs to. */
  name: string;
  /** `activeWeight` for an active cell; 0 for a draining one (it only answers if no active cell is healthy). */
  weight: number;
}

export interface LatencyRoute {
  region: string;
  name: string;
  /** The region's weighted set. */
  target: string;
}

export interface FailoverRoute {
  name: string;
  /** Primary: the latency set across regions. */
  primaryTarget: string;
  /** Secondary: the weighted set of the default region, or of the fallback region when it has no active cell. */
  secondaryRegion: string;
  secondaryTarget: string;
  /** False when the configured default region has no active cell and another region stands in. */
  secondaryIsDefaultRegion: boolean;
}

export interface RoutingPlan {
  /** Cells that serve traffic (active or draining): each gets a health check and a direct host name. */
  servingCells: (RoutedCell & { hostName: string })[];
  /** One weighted record per serving cell in a region that has an active cell. */
  weighted: WeightedRoute[];
  /** One latency record per region with an active cell. */
  latency: LatencyRoute[];
  /** Regions with serving cells but no active one: no latency record sends traffic there. */
  regionsWithoutActiveCells: string[];
  failover: FailoverRoute;
}

export interface RoutingPlanInput {
  domain: string;
  defaultRegion: string;
  cells: readonly RoutedCell[];
  activeWeight?: number;
}

/** Plans the records. Throws when no cell is active: then nothing can take the fleet's traffic. */
export function planRoutes(input: RoutingPlanInput): RoutingPlan {
  const { domain } = input;
  const activeWeight = input.activeWeight ?? DEFAULT_ACTIVE_WEIGHT;
  const serving = [...input.cells].filter((cell) => cell.state !== "evacuated").sort((a, b) => compare(a.id, b.id));
  const activeRegions = unique(serving.filter((cell) => cell.state === "active").map((cell) => cell.region));
  if (activeRegions.length === 0) {
    throw new Error("no cell is active: at least one active cell must take the fleet's traffic");
  }
  const weighted = serving
    .filter((cell) => activeRegions.includes(cell.region))
    .map((cell) => ({
      cellId: cell.id,
      region: cell.region,
      name: routingNames.region(cell.region, domain),
      weight: cell.state === "active" ? activeWeight : 0,
    }));
  const latency = activeRegions.map((region) => ({
    region,
    name: routingNames.latency(domain),
    target: routingNames.region(region, domain),
  }));
  const secondaryRegion = activeRegions.includes(input.defaultRegion) ? input.defaultRegion : fallbackRegion(serving);
  return {
    servingCells: serving.map((cell) => ({ ...cell, hostName: routingNames.cell(cell.id, domain) })),
    weighted,
    latency,
    regionsWithoutActiveCells: unique(serving.map((cell) => cell.region)).filter(
      (region) => !activeRegions.includes(region),
    ),
    failover: {
      name: routingNames.origin(domain),
      primaryTarget: routingNames.latency(domain),
      secondaryRegion,
      secondaryTarget: routingNames.region(secondaryRegion, domain),
      secondaryIsDefaultRegion: secondaryRegion === input.defaultRegion,
    },
  };
}

/** The region with the most active cells (then the first by name) stands in for a default region with none. */
function fallbackRegion(serving: readonly RoutedCell[]): string {
  const activeCounts = new Map<string, number>();
  for (const cell of serving.filter((candidate) => candidate.state === "active")) {
    activeCounts.set(cell.region, (activeCounts.get(cell.region) ?? 0) + 1);
  }
  return [...activeCounts.entries()].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))[0][0];
}

export interface RoutingMapEntry {
  key: string;
  value: string;
}

/**
 * The edge router's map: `tenant:<id>` → cell id for every placed tenant (`<cell-id>;frozen` for the `frozen`
 * ones, whose moves are in their final sync), and `cell:<id>` → {@link CellEntry} for every serving cell. Sorted by
 * key, so the published map only changes when routing does.
 */
export function routingMapEntries(
  plan: RoutingPlan,
  tenantCells: Readonly<Record<string, string>>,
  frozen: ReadonlySet<string> = new Set(),
): RoutingMapEntry[] {
  const cells = plan.servingCells.map((cell) => {
    const entry: CellEntry = {
      host: cell.hostName,
      state: cell.state === "draining" ? "draining" : "active",
      region: cell.region,
    };
    return { key: cellKey(cell.id), value: JSON.stringify(entry) };
  });
  const tenants = Object.entries(tenantCells).map(([tenant, cell]) => ({
    key: tenantKey(tenant),
    value: tenantEntryValue(cell, frozen.has(tenant)),
  }));
  return [...cells, ...tenants].sort((a, b) => compare(a.key, b.key));
}

function unique(values: string[]): string[] {
  return [...new Set(values)].sort(compare);
}
