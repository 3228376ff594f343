import { describe, expect, it } from "vitest";
import fc from "fast-check";
import type { CellState } from "../../../fleet/schema";
import { loadEdgeRouter, mapLookup, type ViewerRequest } from "../../../components/routing/edge-router";
import { planRoutes, routingMapEntries, type RoutedCell } from "../../../components/routing/routing-plan";

const DOMAIN = "example.com";
const FLEET: RoutedCell[] = [
  { id: "use1-a", region: "us-east-1", state: "active" },
  { id: "use1-b", region: "us-east-1", state: "draining" },
  { id: "usw2-a", region: "us-west-2", state: "draining" },
  { id: "euw1-a", region: "eu-west-1", state: "active" },
  { id: "apse2-a", region: "ap-southeast-2", state: "evacuated" },
];

describe("routing plan", () => {
  const plan = planRoutes({ domain: DOMAIN, defaultRegion: "us-east-1", cells: FLEET });

  it("gives every serving cell a direct host name, and evacuated cells nothing", () => {
    expect(plan.servingCells.map((cell) => [cell.id, cell.hostName])).toEqual([
      ["euw1-a", "euw1-a.cells.example.com"],
      ["use1-a", "use1-a.cells.example.com"],
      ["use1-b", "use1-b.cells.example.com"],
      ["usw2-a", "usw2-a.cells.example.com"],
    ]);
  });

  it("weights active cells 100 and draining cells 0, in regions that still have an active cell", () => {
    expect(plan.weighted.map(({ cellId, name, weight }) => [cellId, name, weight])).toEqual([
      ["euw1-a", "eu-west-1.regions.example.com", 100],
      ["use1-a", "us-east-1.regions.example.com", 100],
      ["use1-b", "us-east-1.regions.example.com", 0],
    ]);
  });

  it("routes by latency only to regions with an active cell, and names the others", () => {
    expect(plan.latency).toEqual([
      { region: "eu-west-1", name: "regions.example.com", target: "eu-west-1.regions.example.com" },
      { region: "us-east-1", name: "regions.example.com", target: "us-east-1.regions.example.com" },
    ]);
    expect(plan.regionsWithoutActiveCells).toEqual(["us-west-2"]);
  });

  it("fails over from the latency set to the default region", () => {
    expect(plan.failover).toEqual({
      name: "origin.example.com",
      primaryTarget: "regions.example.com",
      secondaryRegion: "us-east-1",
      secondaryTarget: "us-east-1.regions.example.com",
      secondaryIsDefaultRegion: true,
    });
  });

  it("stands in the region with the most active cells when the default region has none", () => {
    const evacuated = planRoutes({ domain: DOMAIN, defaultRegion: "us-west-2", cells: FLEET });
    expect(evacuated.failover).toMatchObject({ secondaryRegion: "eu-west-1", secondaryIsDefaultRegion: false });
  });

  it("refuses a fleet with no active cell", () => {
    expect(() =>
      planRoutes({
        domain: DOMAIN,
        defaultRegion: "us-east-1",
        cells: FLEET.map((cell) => ({ ...cell, state: "draining" as const })),
      }),
    ).toThrow(/no cell is active/);
  });

  it("keeps every alias target answerable whatever the cell states (property)", () => {
    const cells = fc
      .uniqueArray(
        fc.record({
          id: fc.stringMatching(/^[a-z]{2,4}[0-9]-[a-z]$/),
          region: fc.constantFrom("us-east-1", "us-west-2", "eu-west-1"),
          state: fc.constantFrom<CellState>("active", "draining", "evacuated"),
        }),
        { selector: (cell) => cell.id, minLength: 1, maxLength: 9 },
      )
      .filter((list) => list.some((cell) => cell.state === "active"));
    fc.assert(
      fc.property(cells, fc.constantFrom("us-east-1", "us-west-2", "eu-west-1"), (fleet, defaultRegion) => {
        const result = planRoutes({ domain: DOMAIN, defaultRegion, cells: fleet });
        const positive = (name: string): boolean =>
          result.weighted.some((route) => route.name === name && route.weight > 0);
        expect(positive(result.failover.secondaryTarget)).toBe(true);
        expect(result.latency.length).toBeGreaterThan(0);
        for (const route of result.latency) expect(positive(route.target)).toBe(true);
        const evacuated = new Set(fleet.filter((cell) => cell.state === "evacuated").map((cell) => cell.id));
        expect(result.weighted.filter((route) => evacuated.has(route.cellId))).toEqual([]);
        expect(new Set(result.weighted.map((route) => route.cellId)).size).toBe(result.weighted.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe("routing map", () => {
  const plan = planRoutes({ domain: DOMAIN, defaultRegion: "us-east-1", cells: FLEET });
  const tenants = { acme: "use1-a", globex: "use1-b", initech: "euw1-a" };
  const entries = routingMapEntries(plan, tenants);

  it("holds one entry per serving cell and per tenant, sorted by key", () => {
    expect(entries.map((entry) => entry.key)).toEqual([
      "cell:euw1-a",
      "cell:use1-a",
      "cell:use1-b",
      "cell:usw2-a",
      "tenant:acme",
      "tenant:globex",
      "tenant:initech",
    ]);
    expect(JSON.parse(entries.find((entry) => entry.key === "cell:use1-b")!.value)).toEqual({
      host: "use1-b.cells.example.com",
      state: "draining",
      region: "us-east-1",
    });
  });

  it("is read by the edge router: each tenant is forwarded to its cell's host name", async () => {
    const map = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
    for (const [tenant, cell] of Object.entries(tenants)) {
      const router = loadEdgeRouter(mapLookup(map));
      const request: ViewerRequest = { headers: { "x-tenant-id": { value: tenant } } };
      await router.handler({ request });
      expect(router.originUpdates).toEqual([{ domainName: `${cell}.cells.example.com` }]);
    }
  });
});
