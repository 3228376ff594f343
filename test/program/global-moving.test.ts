/**
 * The global stack under Pulumi's mock runtime while a drain runs in batches: the tenants recorded as copying stay
 * on the draining cell, the frozen batch is published frozen, the flipped batch goes to its new cell, and everyone
 * else follows placement. A `moving.to` that disagrees with placement is refused before anything is created.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import { placeFleetTenants } from "../../fleet/fleet-placement";
import type { Fleet } from "../../fleet/schema";
import { loadTenants } from "../../fleet/tenants";
import { buildGlobalStack } from "../../program/global-stack";
import type { JsonObject } from "../../tools/lib/plan-file";
import { synthesizeStack } from "../../tools/plan/synthesize";
import { arrayAt, objectAt, textOf } from "../components/helpers";
import { copyReferenceFleet, type TempFleet } from "../support/fleet-dir";
import { inspect } from "../support/synth";

const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/5f0c1a3e-9b7d-4c2e-8a61-3d4f7b2e9c10";
const ENTRIES = "aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive";

let temp: TempFleet | undefined;
afterEach(() => {
  temp?.cleanup();
  temp = undefined;
});

function stackOutputs(fleet: Fleet): Map<string, JsonObject> {
  return new Map([
    ["account", { hostedZoneId: "Z0ACCOUNTZONE" }],
    ...fleet.cells.map((cell): [string, JsonObject] => [
      `cell-${cell.id}`,
      {
        loadBalancerDnsName: `${cell.id}-alb-0123456789.${cell.region}.elb.amazonaws.com`,
        loadBalancerZoneId: "Z35SXDOTRQ7X7K",
        healthCheckPath: cell.app.healthCheckPath,
      },
    ]),
  ]);
}

/** The reference fleet draining use1-c, with the first three of its tenants in each phase. */
function drainInBatches(): { fleet: Fleet; after: Record<string, string>; phases: Record<string, string[]> } {
  temp = copyReferenceFleet();
  const reference = loadFleet(temp.cellsDir);
  const before = placeFleetTenants(reference, loadTenants(reference).tenants).assignments;
  temp.edit("use1-c.yaml", (cell) => (cell.state = "draining"));
  const drained = loadFleet(temp.cellsDir);
  const after = placeFleetTenants(drained, loadTenants(drained).tenants).assignments;
  const leaving = Object.keys(before).filter((tenant) => before[tenant] === "use1-c");
  const phases = { copying: leaving.slice(0, 3), frozen: leaving.slice(3, 6), flipped: leaving.slice(6, 9) };
  temp.edit("tenants.yaml", (document) => {
    for (const tenant of document.tenants as Record<string, unknown>[]) {
      const id = String(tenant.id);
      const phase = Object.entries(phases).find(([, ids]) => ids.includes(id))?.[0];
      if (phase !== undefined) tenant.moving = { from: "use1-c", to: after[id], phase };
    }
  });
  return { fleet: loadFleet(temp.cellsDir), after, phases };
}

describe("the global stack during a drain in batches", () => {
  it("publishes a map with only the flipped batch on its new cells and the frozen batch frozen", async () => {
    const { fleet, after, phases } = drainInBatches();
    const plan = await synthesizeStack({
      project: "cellplane",
      stack: "global",
      config: { "aws:region": "us-east-1", "cellplane:edgeCertificateArn": CERTIFICATE },
      program: () => ({ ...buildGlobalStack(fleet, loadTenants(fleet)) }),
      stackOutputs: stackOutputs(fleet),
    });
    const stack = inspect(plan);
    const pairs = Object.fromEntries(
      arrayAt(stack.one(ENTRIES).inputs.resourceKeyValuePairs).map((pair) => [
        textOf(objectAt(pair).key),
        textOf(objectAt(pair).value),
      ]),
    );
    for (const tenant of phases.copying) expect(pairs[`tenant:${tenant}`]).toBe("use1-c");
    for (const tenant of phases.frozen) expect(pairs[`tenant:${tenant}`]).toBe("use1-c;frozen");
    for (const tenant of phases.flipped) expect(pairs[`tenant:${tenant}`]).toBe(after[tenant]);
    const moving = new Set(Object.values(phases).flat());
    const rest = Object.keys(after).filter((tenant) => !moving.has(tenant));
    expect(rest.length).toBeGreaterThan(300);
    for (const tenant of rest) expect(pairs[`tenant:${tenant}`]).toBe(after[tenant]);
    expect(JSON.parse(pairs["cell:use1-c"])).toMatchObject({ state: "draining" });
    const loads = arrayAt(stack.plan.outputs.cellLoads).map(objectAt);
    expect(loads.map((load) => load.cell)).toEqual(fleet.cells.map((cell) => cell.id));
    expect(loads.find((load) => load.cell === "use1-c")).toMatchObject({ state: "draining", tenants: 0, load: 0 });
  });

  it("refuses a move whose to disagrees with placement, naming the tenant, before it creates anything", () => {
    const { phases, after } = drainInBatches();
    const tenant = phases.frozen[0];
    const wrong = after[tenant] === "use1-a" ? "use1-b" : "use1-a";
    temp!.edit("tenants.yaml", (document) => {
      const entry = (document.tenants as Record<string, unknown>[]).find((candidate) => candidate.id === tenant);
      if (entry) entry.moving = { from: "use1-c", to: wrong, phase: "flipped" };
    });
    const fleet = loadFleet(temp!.cellsDir);
    expect(() => buildGlobalStack(fleet, loadTenants(fleet))).toThrow(
      new RegExp(`tenants\\[id: ${tenant}\\]\\.moving\\.to: is not where placement puts the tenant`),
    );
  });
});
