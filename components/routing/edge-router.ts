/**
 * The edge router's source and a typed handle on its routing decision. `edge-function.js` is the CloudFront
 * Function exactly as CloudFront runs it; this module reads that one file (so nothing is copied), and
 * {@link loadEdgeRouter} evaluates it in a sandbox with a stand-in for the `cloudfront` module, so the decision
 * and the handler are tested locally against the very code that ships.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";

export const EDGE_ROUTER_FILE = path.join(__dirname, "edge-function.js");
/** The function's runtime; the file uses its `cloudfront` module (`cf.kvs()`, `cf.updateRequestOrigin()`). */
export const EDGE_ROUTER_RUNTIME = "cloudfront-js-2.0";
/** The tenant header the router reads (besides `<tenant>.tenants.<domain>` host names). */
export const TENANT_HEADER = "x-tenant-id";
const CLOUDFRONT_IMPORT = "import cf from 'cloudfront';";

/** The function code to deploy, read once. */
export function edgeRouterSource(): string {
  return readFileSync(EDGE_ROUTER_FILE, "utf8");
}

/** Key of a tenant's entry in the routing map; its value is the cell id. */
export function tenantKey(tenantId: string): string {
  return `tenant:${tenantId}`;
}

/** Marks a tenant's map value while its move is frozen (`<cell-id>;frozen`): the edge answers 503 + retry-after. */
export const FROZEN_MARK = ";frozen";

/** The value of a tenant's entry: its cell id, marked when the tenant is frozen for a move. */
export function tenantEntryValue(cellId: string, frozen = false): string {
  return frozen ? `${cellId}${FROZEN_MARK}` : cellId;
}

/** Reads a tenant's entry back: the cell it is on, and whether it is frozen. */
export function parseTenantEntry(value: string): { cell: string; frozen: boolean } {
  return value.endsWith(FROZEN_MARK)
    ? { cell: value.slice(0, -FROZEN_MARK.length), frozen: true }
    : { cell: value, frozen: false };
}

/** Key of a cell's entry in the routing map; its value is a {@link CellEntry} as JSON. */
export function cellKey(cellId: string): string {
  return `cell:${cellId}`;
}

/** What the map says about a cell that can take requests. */
export interface CellEntry {
  host: string;
  state: "active" | "draining";
  region: string;
}

export type RouteDecision =
  | { action: "forward"; tenant: string; cell: string; host: string; state: string; region: string }
  /** No tenant named: the request goes on, unchanged but for edge-only headers, to the default origin. */
  | { action: "default-origin"; code: "tenant-agnostic" }
  | { action: "respond"; status: number; code: string; message: string };

export interface CloudFrontHeaders {
  [name: string]: { value: string } | undefined;
}

export interface ViewerRequest {
  method?: string;
  uri?: string;
  headers: CloudFrontHeaders;
}

export interface GeneratedResponse {
  statusCode: number;
  statusDescription: string;
  headers: CloudFrontHeaders;
  body: { encoding: string; data: string };
}

/** The origin change the function asked for through `cf.updateRequestOrigin`. */
export interface OriginUpdate {
  domainName: string;
}

/** Routing-map lookups: a key's value, a missing key (rejects, as CloudFront's `get` does), or a failing store. */
export type KeyValueLookup = (key: string) => Promise<string>;

export interface EdgeRouter {
  /** The CloudFront entry point: returns the (re-routed) request or a generated response; never throws. */
  handler(event: { request: ViewerRequest }): Promise<ViewerRequest | GeneratedResponse>;
  /** The tenant a request names, or the response for a request that names none or names it badly. */
  tenantFromRequest(request: ViewerRequest): { tenant: string } | { decision: RouteDecision };
  /** The decision for a tenant from its map entry and its cell's entry (`null` when absent). */
  routeForTenant(tenant: string, tenantEntry: string | null, cellEntry: string | null): RouteDecision;
  /** Every origin update the handler made, in order. */
  originUpdates: OriginUpdate[];
}

/** A lookup over a plain map; missing keys reject like CloudFront's KeyValueStore `get`. */
export function mapLookup(entries: Readonly<Record<string, string>>): KeyValueLookup {
  return (key) => {
    if (!Object.hasOwn(entries, key)) {
      return Promise.reject(new Error(`key not found: ${key}`));
    }
    return Promise.resolve(entries[key]);
  };
}

interface SandboxGlobals {
  cf: { kvs(): { get: KeyValueLookup }; updateRequestOrigin(update: OriginUpdate): void };
  handler?: EdgeRouter["handler"];
  tenantFromRequest?: EdgeRouter["tenantFromRequest"];
  routeForTenant?: EdgeRouter["routeForTenant"];
}

/** Runs `edge-function.js` in a fresh sandbox whose KeyValueStore answers through `lookup`. */
export function loadEdgeRouter(lookup: KeyValueLookup, source: string = edgeRouterSource()): EdgeRouter {
  const firstLine = source.split("\n", 1)[0]?.trim();
  if (firstLine !== CLOUDFRONT_IMPORT) {
    throw new Error(`${EDGE_ROUTER_FILE} must start with ${CLOUDFRONT_IMPORT} (the cloudfront-js-2.0 helper module)`);
  }
  const originUpdates: OriginUpdate[] = [];
  const sandbox: SandboxGlobals = {
    cf: {
      kvs: () => ({ get: lookup }),
      updateRequestOrigin: (update) => {
        originUpdates.push(update);
      },
    },
  };
  // The import line becomes a blank line (the sandbox provides `cf`), so line numbers in errors stay right.
  vm.runInNewContext(source.replace(CLOUDFRONT_IMPORT, ""), sandbox, { filename: EDGE_ROUTER_FILE });
  const { handler, tenantFromRequest, routeForTenant } = sandbox;
  if (!handler || !tenantFromRequest || !routeForTenant) {
    throw new Error(`${EDGE_ROUTER_FILE} must define handler, tenantFromRequest and routeForTenant`);
  }
  return { handler, tenantFromRequest, routeForTenant, originUpdates };
}
