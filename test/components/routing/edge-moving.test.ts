/**
 * Tenants moving between cells, end to end through the pure pieces that ship: tenants' `moving:` phases
 * (fleet/moving.ts) → the routing map's pairs (routing-plan.ts) → the edge function CloudFront runs
 * (edge-function.js, evaluated by edge-router.ts). A frozen tenant gets 503 + retry-after and never reaches a cell;
 * a copying one stays on its old cell; a flipped one goes to its new cell.
 */
import { describe, expect, it } from "vitest";
import {
  FROZEN_MARK,
  loadEdgeRouter,
  mapLookup,
  parseTenantEntry,
  tenantEntryValue,
  type GeneratedResponse,
  type ViewerRequest,
} from "../../../components/routing/edge-router";
import { planRoutes, routingMapEntries } from "../../../components/routing/routing-plan";
import { routedTenants, type MovingTenant } from "../../../fleet/moving";

const DOMAIN = "example.com";
const PLAN = planRoutes({
  domain: DOMAIN,
  defaultRegion: "us-east-1",
  cells: [
    { id: "use1-a", region: "us-east-1", state: "active" },
    { id: "use1-b", region: "us-east-1", state: "draining" },
  ],
});
/** Placement has moved every tenant of the draining use1-b to use1-a. */
const PLACEMENT = { acme: "use1-a", globex: "use1-a", initech: "use1-a", stark: "use1-a" };
const TENANTS: MovingTenant[] = [
  { id: "acme" },
  { id: "globex", moving: { from: "use1-b", to: "use1-a", phase: "copying" } },
  { id: "initech", moving: { from: "use1-b", to: "use1-a", phase: "frozen" } },
  { id: "stark", moving: { from: "use1-b", to: "use1-a", phase: "flipped" } },
];

function publishedMap(): Record<string, string> {
  const routed = routedTenants(PLACEMENT, TENANTS);
  const entries = routingMapEntries(PLAN, routed.tenantCells, new Set(routed.frozen));
  return Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
}

async function send(tenant: string): Promise<{ result: ViewerRequest | GeneratedResponse; origins: string[] }> {
  const lookups: string[] = [];
  const map = mapLookup(publishedMap());
  const router = loadEdgeRouter((key) => {
    lookups.push(key);
    return map(key);
  });
  const result = await router.handler({
    request: { method: "POST", uri: "/orders", headers: { "x-tenant-id": { value: tenant } } },
  });
  return { result, origins: router.originUpdates.map((update) => update.domainName) };
}

describe("the routing map during a move", () => {
  it("publishes frozen tenants marked, copying ones on their old cell, flipped ones on their new cell", () => {
    const map = publishedMap();
    expect(map["tenant:acme"]).toBe("use1-a");
    expect(map["tenant:globex"]).toBe("use1-b");
    expect(map["tenant:initech"]).toBe(`use1-b${FROZEN_MARK}`);
    expect(map["tenant:stark"]).toBe("use1-a");
    expect(parseTenantEntry(map["tenant:initech"])).toEqual({ cell: "use1-b", frozen: true });
    expect(parseTenantEntry(tenantEntryValue("use1-a"))).toEqual({ cell: "use1-a", frozen: false });
  });
});

describe("the edge during a move", () => {
  it("answers 503 with retry-after for a frozen tenant and sends it nowhere", async () => {
    const { result, origins } = await send("initech");
    expect(origins).toEqual([]);
    const response = result as GeneratedResponse;
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]?.value).toBe("30");
    expect(response.headers["x-cellplane-route"]?.value).toBe("tenant-moving");
    expect(response.headers["cache-control"]?.value).toBe("no-store");
    expect(JSON.parse(response.body.data)).toMatchObject({ error: "tenant-moving" });
  });

  it("keeps a copying tenant on its old (draining) cell and routes a flipped tenant to its new cell", async () => {
    const copying = await send("globex");
    expect(copying.origins).toEqual([`use1-b.cells.${DOMAIN}`]);
    expect((copying.result as ViewerRequest).headers["x-cellplane-cell"]?.value).toBe("use1-b");
    const flipped = await send("stark");
    expect(flipped.origins).toEqual([`use1-a.cells.${DOMAIN}`]);
    expect((flipped.result as ViewerRequest).headers["x-cellplane-cell"]?.value).toBe("use1-a");
    expect((flipped.result as ViewerRequest).headers["x-cellplane-cell-state"]?.value).toBe("active");
  });

  it("still refuses a malformed entry that only looks frozen", async () => {
    const router = loadEdgeRouter(mapLookup({ "tenant:acme": `NOT A CELL${FROZEN_MARK}` }));
    const response = (await router.handler({
      request: { headers: { "x-tenant-id": { value: "acme" } } },
    })) as GeneratedResponse;
    expect(response.statusCode).toBe(503);
    expect(response.headers["x-cellplane-route"]?.value).toBe("routing-map-invalid");
  });
});
