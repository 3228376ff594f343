/** The bootstrap stacks' programs (`account`, `region-<region>`) over the reference fleet, offline. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import type { Fleet } from "../../fleet/schema";
import { buildAccountStack } from "../../program/account-stack";
import { buildRegionStack, regionOfStack, regionsInUse, regionStackName } from "../../program/region-stack";
import { bootstrapView } from "../../program/stack-views";
import { synthesizeStack } from "../../tools/plan/synthesize";
import type { JsonObject, PlanFile } from "../../tools/lib/plan-file";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

let fleet: Fleet;
let account: PlanFile;
beforeAll(async () => {
  fleet = loadFleet(REFERENCE_CELLS_DIR);
  account = await synthesizeStack({
    project: "cellplane",
    stack: "account",
    config: { "aws:region": "us-east-1" },
    program: () => ({ ...buildAccountStack(bootstrapView(fleet)) }),
  });
});

function regionPlan(region: string, config: Record<string, string> = {}, outputs?: JsonObject): Promise<PlanFile> {
  return synthesizeStack({
    project: "cellplane",
    stack: regionStackName(region),
    config: { "aws:region": region, ...config },
    stackOutputs: new Map([["account", outputs ?? account.outputs]]),
    program: () => ({ ...buildRegionStack(bootstrapView(fleet), region) }),
  });
}

describe("account stack", () => {
  it("creates the Auto Scaling service-linked role and the routing zone, and lists the region stacks", () => {
    const types = account.resources.map((resource) => resource.type);
    expect(types).toContain("aws:iam/serviceLinkedRole:ServiceLinkedRole");
    expect(types).toContain("aws:route53/zone:Zone");
    expect(account.outputs.regions).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"]);
    expect(account.outputs.domain).toBe(fleet.routing.domain);
  });
});

describe("region stacks", () => {
  it("validate their certificates in the account stack's zone, read through a StackReference", async () => {
    const plan = await regionPlan("eu-west-1");
    const records = plan.resources.filter((resource) => resource.type === "aws:route53/record:Record");
    expect(records.map((record) => record.inputs.zoneId)).toEqual([
      account.outputs.hostedZoneId,
      account.outputs.hostedZoneId,
    ]);
    expect(plan.outputs.cellCertificateArn).toMatch(/^arn:aws:acm:eu-west-1:/);
    expect(plan.outputs.edgeCertificateArn).toBeUndefined();
  });

  it("issue the edge certificate only in us-east-1", async () => {
    const plan = await regionPlan("us-east-1");
    expect(plan.outputs.edgeCertificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
  });

  it("take a zone override from config instead of the account stack", async () => {
    const plan = await regionPlan("us-west-2", { "cellplane:hostedZoneId": "Z0OVERRIDE" });
    const records = plan.resources.filter((resource) => resource.type === "aws:route53/record:Record");
    expect(records.map((record) => record.inputs.zoneId)).toEqual(["Z0OVERRIDE", "Z0OVERRIDE"]);
  });

  it("refuse a region without cells and a mismatched aws:region, naming the fix", async () => {
    await expect(regionPlan("eu-central-1")).rejects.toThrow(/no cell .* is in eu-central-1.*select one of region-/);
    await expect(regionPlan("us-west-2", { "aws:region": "us-east-1" })).rejects.toThrow(
      /sets aws:region to us-east-1: run pulumi config set aws:region us-west-2/,
    );
  });

  it("name and parse region stacks", () => {
    expect(regionsInUse({ cells: [] })).toEqual(["us-east-1"]);
    expect(regionOfStack("acme/cellplane/region-eu-west-1")).toBe("eu-west-1");
    expect(regionOfStack("cell-use1-a")).toBeUndefined();
  });
});
