/**
 * Issue 14, "done when": the global stack routes to eks cells as it does to asg cells. The reference fleet is
 * planned (`cells plan`, policies skipped: other tests cover them); for two cells of one region, euw1-a (asg) and
 * euw1-b (eks), every global resource about the cell is identical once the cell's own values (id, load balancer
 * name and zone) are replaced by placeholders, and each points at its cell stack's load balancer.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanFile, PlannedResource } from "../../tools/lib/plan-file";
import { runCells } from "../support/cli";
import { copyReferenceFleet, type TempFleet } from "../support/fleet-dir";

const ASG = "euw1-a";
const EKS = "euw1-b";
let fleet: TempFleet;
let plans: Record<string, PlanFile>;

beforeAll(() => {
  fleet = copyReferenceFleet();
  const out = path.join(fleet.root, "plan");
  const result = runCells([
    "plan",
    "--cells-dir",
    fleet.cellsDir,
    "--stacks-dir",
    fleet.stacksDir,
    "--out",
    out,
    "--no-policy",
  ]);
  expect(result.status, result.stderr).toBe(0);
  const read = (stack: string) => JSON.parse(readFileSync(path.join(out, `${stack}.json`), "utf8")) as PlanFile;
  plans = { global: read("global"), [ASG]: read(`cell-${ASG}`), [EKS]: read(`cell-${EKS}`) };
}, 600_000);
afterAll(() => fleet?.cleanup());

/** The global resources about `cell`, with the cell's own values replaced by placeholders. */
function routingOf(cell: string): { type: string; name: string; inputs: string }[] {
  const outputs = plans[cell].outputs as Record<string, string>;
  const own: [string, string][] = [
    [outputs.loadBalancerDnsName, "<lb-dns>"],
    [outputs.loadBalancerZoneId, "<lb-zone>"],
    [cell, "<cell>"],
  ];
  // The offline plan's ids hash the resource's name, so the health check's differs with the cell's id.
  const normalize = (text: string) =>
    own
      .reduce((result, [value, placeholder]) => result.split(value).join(placeholder), text)
      .replace(/global-health-<cell>-[0-9a-f]{6}/g, "<health-check-id>");
  return plans.global.resources
    .filter((resource: PlannedResource) => resource.name.endsWith(`-${cell}`))
    .map((resource) => ({
      type: resource.type,
      name: normalize(resource.name),
      inputs: normalize(JSON.stringify(resource.inputs)),
    }));
}

describe("the global stack with an eks cell", () => {
  it("reads the eks cell's load balancer and health path from its stack like any cell's", () => {
    expect(plans[EKS].outputs).toMatchObject({ computeKind: "eks", healthCheckPath: "/health/deep" });
    expect(plans[ASG].outputs).toMatchObject({ computeKind: "asg", healthCheckPath: "/health/deep" });
    const health = plans.global.resources.find((resource) => resource.name === `global-health-${EKS}`);
    expect(health?.inputs).toMatchObject({
      fqdn: (plans[EKS].outputs as Record<string, string>).loadBalancerDnsName,
      resourcePath: "/health/deep",
      type: "HTTPS",
    });
  });

  it("builds the same health check and records for the eks cell as for the asg cell of its region", () => {
    const asg = routingOf(ASG);
    expect(asg.map((resource) => resource.type).sort()).toEqual([
      "aws:route53/healthCheck:HealthCheck",
      "aws:route53/record:Record",
      "aws:route53/record:Record",
    ]);
    expect(routingOf(EKS)).toEqual(asg);
  });
});
