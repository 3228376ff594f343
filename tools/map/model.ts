/**
 * The fleet map as data: the edge and Route 53 layer in front, then regions → cells, each cell with its state, its
 * tenants and its load against its capacity. Pure: built from a placement's per-cell loads (fleet/placement.ts)
 * and the routing plan (components/routing/routing-plan.ts), so `cells map` (from the fleet files) and the map in
 * `cells diff` (from the global stack's plan outputs) draw the same thing. The SVG, Mermaid and HTML renderings
 * all read this one model, so they never disagree.
 */
import { planRoutes, routingNames } from "../../components/routing/routing-plan";
import type { CellLoad } from "../../fleet/placement";
import type { Fleet, CellState } from "../../fleet/schema";
import { CELL_STATES } from "../../fleet/schema";

/** How each state is shown: a word (never colour alone), a fill colour and a border style. */
export interface StateStyle {
  label: string;
  /** What the state means for traffic, for legends. */
  meaning: string;
  fill: string;
  text: string;
  /** SVG stroke-dasharray of the cell's border ("" = solid): a second cue besides colour and word. */
  dash: string;
}

/** Colours pass WCAG AA (contrast ≥ 4.5:1) for white text on the badge. */
export const STATE_STYLES: Readonly<Record<CellState, StateStyle>> = {
  active: {
    label: "ACTIVE",
    meaning: "takes new tenants and traffic",
    fill: "#1b5e20",
    text: "#ffffff",
    dash: "",
  },
  draining: {
    label: "DRAINING",
    meaning: "serves its tenants while they move away; takes no new ones (Route 53 weight 0)",
    fill: "#8a4b00",
    text: "#ffffff",
    dash: "8 4",
  },
  evacuated: {
    label: "EVACUATED",
    meaning: "hosts no tenant and gets no routing record; its stack can be destroyed",
    fill: "#555555",
    text: "#ffffff",
    dash: "2 3",
  },
};

export interface MapCell {
  id: string;
  region: string;
  state: CellState;
  tenants: number;
  /** Sum of the tenants' weights, in `capacity.maxTenants` units. */
  load: number;
  capacity: number;
  /** load / capacity, 0 when the capacity is 0. */
  utilisation: number;
}

export interface MapRegion {
  region: string;
  cells: MapCell[];
  tenants: number;
  load: number;
  capacity: number;
  /** True when Route 53's latency set sends tenant-agnostic traffic here (the region has an active cell). */
  latency: boolean;
  /** True when the fleet-wide failover (the last resort) goes to this region. */
  failover: boolean;
}

export interface MapEdge {
  /** `app.<domain>`, the fleet's one public endpoint (CloudFront). */
  endpoint: string;
  /** `*.tenants.<domain>`. */
  tenantHosts: string;
  /** `origin.<domain>`: Route 53's failover pair behind the edge, for requests that name no tenant. */
  origin: string;
  /** Region the failover's secondary sends everything to; absent when no cell is active. */
  failoverRegion?: string;
  latencyRegions: string[];
}

export interface FleetMap {
  domain: string;
  edge: MapEdge;
  /** Regions in the fleet's order, each with its cells by id. */
  regions: MapRegion[];
  totals: { cells: number; tenants: number; load: number; capacity: number };
  /** Cells per state, every state listed. */
  states: Record<CellState, number>;
}

export interface MapInput {
  domain: string;
  defaultRegion: string;
  /** Per-cell loads, as `placeTenants(...).cells` gives them. */
  cells: readonly CellLoad[];
  /** Region order (fleet.yaml's); regions not listed follow by name. */
  regionOrder?: readonly string[];
}

/** The map of a fleet and its placement. */
export function mapInputOf(fleet: Fleet, cells: readonly CellLoad[]): MapInput {
  return {
    domain: fleet.routing.domain,
    defaultRegion: fleet.routing.defaultRegion,
    cells,
    regionOrder: Object.keys(fleet.regions),
  };
}

export function buildFleetMap(input: MapInput): FleetMap {
  const cells = [...input.cells]
    .sort((a, b) => compare(a.cell, b.cell))
    .map((load): MapCell => ({
      id: load.cell,
      region: load.region,
      state: load.state,
      tenants: load.tenants,
      load: load.load,
      capacity: load.capacity,
      utilisation: load.capacity > 0 ? load.load / load.capacity : 0,
    }));
  const routes = routesOf(input);
  const order = input.regionOrder ?? [];
  const regionNames = [...new Set(cells.map((cell) => cell.region))].sort(
    (a, b) => rank(order, a) - rank(order, b) || compare(a, b),
  );
  const regions = regionNames.map((region): MapRegion => {
    const inRegion = cells.filter((cell) => cell.region === region);
    return {
      region,
      cells: inRegion,
      tenants: sum(inRegion.map((cell) => cell.tenants)),
      load: sum(inRegion.map((cell) => cell.load)),
      capacity: sum(inRegion.filter((cell) => cell.state === "active").map((cell) => cell.capacity)),
      latency: routes.latencyRegions.includes(region),
      failover: routes.failoverRegion === region,
    };
  });
  const states = Object.fromEntries(
    CELL_STATES.map((state) => [state, cells.filter((cell) => cell.state === state).length]),
  ) as Record<CellState, number>;
  return {
    domain: input.domain,
    edge: {
      endpoint: routingNames.app(input.domain),
      tenantHosts: routingNames.tenants(input.domain),
      origin: routingNames.origin(input.domain),
      ...routes,
    },
    regions,
    totals: {
      cells: cells.length,
      tenants: sum(cells.map((cell) => cell.tenants)),
      load: sum(regions.map((region) => region.load)),
      capacity: sum(regions.map((region) => region.capacity)),
    },
    states,
  };
}

/** Latency regions and the failover region, from the routing plan itself (none when no cell is active). */
function routesOf(input: MapInput): { latencyRegions: string[]; failoverRegion?: string } {
  if (!input.cells.some((cell) => cell.state === "active")) {
    return { latencyRegions: [] };
  }
  const plan = planRoutes({
    domain: input.domain,
    defaultRegion: input.defaultRegion,
    cells: input.cells.map((cell) => ({ id: cell.cell, region: cell.region, state: cell.state })),
  });
  return {
    latencyRegions: plan.latency.map((route) => route.region),
    failoverRegion: plan.failover.secondaryRegion,
  };
}

/** "27%" (whole percent; "<1%" for a load that is not zero but rounds to it). */
export function percent(utilisation: number): string {
  const whole = Math.round(utilisation * 100);
  return whole === 0 && utilisation > 0 ? "<1%" : `${whole}%`;
}

/** The one-line text of a cell's load, shared by every rendering: "load 160/600 (27%)". */
export function loadText(cell: Pick<MapCell, "load" | "capacity" | "utilisation">): string {
  return `load ${formatLoad(cell.load)}/${cell.capacity} (${percent(cell.utilisation)})`;
}

export function tenantsText(count: number): string {
  return `${count} tenant${count === 1 ? "" : "s"}`;
}

export function cellsText(count: number): string {
  return `${count} cell${count === 1 ? "" : "s"}`;
}

function formatLoad(load: number): string {
  return Number.isInteger(load) ? String(load) : load.toFixed(1);
}

function rank(order: readonly string[], region: string): number {
  const index = order.indexOf(region);
  return index < 0 ? order.length : index;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
