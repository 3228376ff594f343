import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as vm from "node:vm";
import {
  cellKey,
  edgeRouterSource,
  loadEdgeRouter,
  mapLookup,
  tenantKey,
  type EdgeRouter,
  type GeneratedResponse,
  type ViewerRequest,
} from "../../../components/routing/edge-router";

const ACTIVE = JSON.stringify({ host: "use1-a.cells.example.com", state: "active", region: "us-east-1" });
const DRAINING = JSON.stringify({ host: "use1-b.cells.example.com", state: "draining", region: "us-east-1" });
const MAP: Record<string, string> = {
  [tenantKey("acme")]: "use1-a",
  [tenantKey("globex")]: "use1-b",
  [tenantKey("initech")]: "euw1-z",
  [tenantKey("umbrella")]: "NOT A CELL",
  [tenantKey("hooli")]: "apse2-a",
  [tenantKey("stark")]: "usw2-a",
  [tenantKey("wayne")]: "usw2-b",
  [tenantKey("wonka")]: "usw2-c",
  [cellKey("use1-a")]: ACTIVE,
  [cellKey("use1-b")]: DRAINING,
  [cellKey("apse2-a")]: JSON.stringify({
    host: "apse2-a.cells.example.com",
    state: "evacuated",
    region: "ap-southeast-2",
  }),
  [cellKey("usw2-a")]: "{not json",
  [cellKey("usw2-b")]: JSON.stringify({ host: "http://evil.example.com/", state: "active" }),
  [cellKey("usw2-c")]: JSON.stringify({ host: "usw2-c.cells.example.com", state: "paused" }),
};

function request(headers: Record<string, string>): ViewerRequest {
  return {
    method: "GET",
    uri: "/orders",
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { value }])),
  };
}

async function route(
  headers: Record<string, string>,
  entries: Record<string, string> = MAP,
): Promise<{ router: EdgeRouter; result: ViewerRequest | GeneratedResponse }> {
  const router = loadEdgeRouter(mapLookup(entries));
  return { router, result: await router.handler({ request: request(headers) }) };
}

function expectResponse(result: ViewerRequest | GeneratedResponse, status: number, code: string): GeneratedResponse {
  expect("statusCode" in result, JSON.stringify(result)).toBe(true);
  const response = result as GeneratedResponse;
  expect(response.statusCode).toBe(status);
  expect(response.headers["x-cellplane-route"]?.value).toBe(code);
  expect(response.headers["cache-control"]?.value).toBe("no-store");
  expect(JSON.parse(response.body.data)).toMatchObject({ error: code });
  return response;
}

describe("edge router: requests it forwards", () => {
  it("sends a tenant named by the x-tenant-id header to its cell and tells the cell who it is for", async () => {
    const { router, result } = await route({ host: "app.example.com", "x-tenant-id": " ACME " });
    expect(router.originUpdates).toEqual([{ domainName: "use1-a.cells.example.com" }]);
    const forwarded = result as ViewerRequest;
    expect(forwarded.uri).toBe("/orders");
    expect(forwarded.headers["x-tenant-id"]?.value).toBe("acme");
    expect(forwarded.headers["x-cellplane-cell"]?.value).toBe("use1-a");
    expect(forwarded.headers["x-cellplane-cell-state"]?.value).toBe("active");
  });

  it(
    "reads the tenant from <tenant>.tenants.<domain> " + "when there is no header (port and trailing dot ignored)",
    async () => {
      const { router, result } = await route({ host: "Acme.tenants.example.com.:443" });
      expect(router.originUpdates).toEqual([{ domainName: "use1-a.cells.example.com" }]);
      expect((result as ViewerRequest).headers["x-tenant-id"]?.value).toBe("acme");
    },
  );

  it("still forwards to a draining cell, marked draining: it serves its tenants until they have moved", async () => {
    const { router, result } = await route({ "x-tenant-id": "globex" });
    expect(router.originUpdates).toEqual([{ domainName: "use1-b.cells.example.com" }]);
    expect((result as ViewerRequest).headers["x-cellplane-cell-state"]?.value).toBe("draining");
  });
});

describe("edge router: requests that name no tenant", () => {
  it("go on to the default origin (origin.<domain>, the nearest healthy region) instead of a 400", async () => {
    for (const headers of [{ host: "app.example.com" }, {}] as Record<string, string>[]) {
      const { router, result } = await route(headers);
      expect(router.originUpdates).toEqual([]);
      expect((result as ViewerRequest).uri).toBe("/orders");
      expect("statusCode" in result).toBe(false);
    }
  });

  it("never pass on the cell headers a viewer made up, with or without a tenant", async () => {
    const spoofed = { "x-cellplane-cell": "use1-b", "x-cellplane-cell-state": "draining" };
    const tenantless = (await route({ host: "app.example.com", ...spoofed })).result as ViewerRequest;
    expect(tenantless.headers["x-cellplane-cell"]).toBeUndefined();
    expect(tenantless.headers["x-cellplane-cell-state"]).toBeUndefined();
    const routed = (await route({ "x-tenant-id": "acme", ...spoofed })).result as ViewerRequest;
    expect(routed.headers["x-cellplane-cell"]?.value).toBe("use1-a");
    expect(routed.headers["x-cellplane-cell-state"]?.value).toBe("active");
  });
});

describe("edge router: defined responses, never exceptions", () => {
  const cases: [string, Record<string, string>, number, string][] = [
    ["a tenant id that is not a DNS label", { "x-tenant-id": "../../etc/passwd" }, 400, "invalid-tenant"],
    [
      "header and host naming different tenants",
      { host: "acme.tenants.example.com", "x-tenant-id": "globex" },
      400,
      "conflicting-tenant",
    ],
    ["an unknown tenant", { "x-tenant-id": "nobody" }, 404, "unknown-tenant"],
    ["a tenant whose map entry is not a cell id", { "x-tenant-id": "umbrella" }, 503, "routing-map-invalid"],
    ["a tenant whose cell has no entry", { "x-tenant-id": "initech" }, 503, "routing-map-invalid"],
    ["a cell entry that is not JSON", { "x-tenant-id": "stark" }, 503, "routing-map-invalid"],
    ["a cell entry whose host is not a host name", { "x-tenant-id": "wayne" }, 503, "routing-map-invalid"],
    ["a cell entry with an unknown state", { "x-tenant-id": "wonka" }, 503, "routing-map-invalid"],
    ["a tenant on an evacuated cell", { "x-tenant-id": "hooli" }, 503, "cell-evacuated"],
  ];
  for (const [what, headers, status, code] of cases) {
    it(`${what} → ${status} ${code}`, async () => {
      const { router, result } = await route(headers);
      expectResponse(result, status, code);
      expect(router.originUpdates).toEqual([]);
    });
  }

  it("asks clients to retry later on 503s", async () => {
    const { result } = await route({ "x-tenant-id": "hooli" });
    expect(expectResponse(result, 503, "cell-evacuated").headers["retry-after"]?.value).toBe("30");
  });

  it("answers 500 router-error for a malformed event, and 404 when the store fails", async () => {
    const router = loadEdgeRouter(mapLookup(MAP));
    expectResponse(await router.handler(undefined as unknown as { request: ViewerRequest }), 500, "router-error");
    const broken = loadEdgeRouter(async () => Promise.reject(new Error("store unavailable")));
    expectResponse(await broken.handler({ request: request({ "x-tenant-id": "acme" }) }), 404, "unknown-tenant");
  });

  it("never throws, whatever the request and whatever the map holds", async () => {
    const header = fc.option(fc.oneof(fc.string(), fc.constantFrom("acme", "globex", "hooli", "umbrella", "ACME")), {
      nil: undefined,
    });
    const host = fc.option(
      fc.oneof(fc.string(), fc.constantFrom("acme.tenants.example.com", "app.example.com", ".tenants.", "a.tenants")),
      { nil: undefined },
    );
    const entries = fc.dictionary(
      fc.oneof(fc.constantFrom(tenantKey("acme"), cellKey("use1-a")), fc.string()),
      fc.oneof(fc.string(), fc.constantFrom("use1-a", ACTIVE, DRAINING, "{}", "null", "[]")),
    );
    await fc.assert(
      fc.asyncProperty(header, host, entries, async (tenantHeader, hostHeader, map) => {
        const headers: Record<string, string> = {};
        if (tenantHeader !== undefined) headers["x-tenant-id"] = tenantHeader;
        if (hostHeader !== undefined) headers.host = hostHeader;
        const router = loadEdgeRouter(mapLookup(map));
        const result = await router.handler({ request: request(headers) });
        if ("statusCode" in result) {
          expect([400, 404, 503]).toContain(result.statusCode);
          expect(router.originUpdates).toEqual([]);
        } else if (router.originUpdates.length === 0) {
          // Tenant-agnostic: no tenant in the header or the host, so the default origin takes it.
          expect((tenantHeader ?? "").trim()).toBe("");
          expect(result.headers["x-tenant-id"]).toBeUndefined();
        } else {
          expect(router.originUpdates).toHaveLength(1);
          expect(router.originUpdates[0].domainName).toMatch(/^([a-z0-9-]+\.)+[a-z]{2,63}$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("edge router source", () => {
  const source = edgeRouterSource();

  it("is a self-contained cloudfront-js-2.0 function: the cloudfront import first, nothing else imported", () => {
    expect(source.split("\n")[0]).toBe("import cf from 'cloudfront';");
    expect(source.match(/^\s*import\s/gm)).toHaveLength(1);
    expect(source).not.toMatch(/\brequire\s*\(|\bexport\s|\bclass\s|\?\.|\?\?/);
    expect(source).toMatch(/^async function handler\(event\)/m);
  });

  it("fits CloudFront's 10 KB function size limit and parses as a script once the import is provided", () => {
    expect(Buffer.byteLength(source, "utf8")).toBeLessThan(10 * 1024);
    expect(() => new vm.Script(source.replace("import cf from 'cloudfront';", ""))).not.toThrow();
  });

  it("rejects a source that does not start with the cloudfront import", () => {
    expect(() => loadEdgeRouter(mapLookup({}), `// comment\n${source}`)).toThrow(
      /must start with import cf from 'cloudfront';/,
    );
  });
});
