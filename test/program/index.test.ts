/**
 * The Pulumi program exactly as the CLI loads it: `index.ts`'s exported function, with configuration from the
 * stack file and the fleet read from `cellplane:cellsDir`, run under the offline planner.
 */
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import program from "../../index";
import { readProjectFile, readStackConfig } from "../../tools/plan/stack-config";
import { synthesizeStack } from "../../tools/plan/synthesize";
import { PROJECT_ROOT } from "../support/cli";
import { copyReferenceFleet } from "../support/fleet-dir";

/** The reference fleet with a domain one can deploy (the reference's example.com is reserved). */
const deployable = copyReferenceFleet();
deployable.edit("fleet.yaml", (fleet) => {
  (fleet.routing as Record<string, unknown>).domain = "storefront.acme.com";
});
afterAll(() => deployable.cleanup());

function stackConfig(stack: string, cellsDir = deployable.cellsDir) {
  const project = readProjectFile(PROJECT_ROOT);
  const { config } = readStackConfig(path.join(PROJECT_ROOT, "stacks"), stack, project);
  return { ...config!, values: { ...config!.values, "cellplane:cellsDir": cellsDir } };
}

describe("index.ts, the program the Pulumi CLI runs", () => {
  it("builds the cell its stack selects, in the cell's region, with its region stack's certificate", async () => {
    const config = stackConfig("cell-use1-c");
    const certificate = "arn:aws:acm:us-east-1:123456789012:certificate/fc707b69-781a-4e6c-825b-ad8fe2122ec5";
    const plan = await synthesizeStack({
      project: "cellplane",
      stack: "cell-use1-c",
      config: config.values,
      program,
      stackOutputs: new Map([["region-us-east-1", { cellCertificateArn: certificate }]]),
    });
    const listener = plan.resources.find((resource) => resource.name === "use1-c-compute-https");
    expect(listener?.inputs.certificateArn).toBe(certificate);
    expect(plan.outputs).toMatchObject({
      cellId: "use1-c",
      region: "us-east-1",
      state: "active",
      healthCheckPath: "/health/deep",
    });
    expect(plan.resources.find((resource) => resource.type === "pulumi:providers:aws")?.inputs.region).toBe(
      "us-east-1",
    );
    expect(
      plan.resources.filter((resource) => resource.type === "aws:rds/clusterInstance:ClusterInstance"),
    ).toHaveLength(2);
  });

  it("refuses a stack whose aws:region disagrees with the cell file", async () => {
    const config = stackConfig("cell-use1-c");
    await expect(
      synthesizeStack({
        project: "cellplane",
        stack: "cell-use1-c",
        config: { ...config.values, "aws:region": "eu-west-1" },
        program,
      }),
    ).rejects.toThrow(/stack cell-use1-c sets aws:region to eu-west-1 but cells\/use1-c\.yaml says us-east-1/);
  });

  it("refuses a stack name that is neither global nor a known cell", async () => {
    await expect(
      synthesizeStack({ project: "cellplane", stack: "cell-nope", config: stackConfig("cell-use1-c").values, program }),
    ).rejects.toThrow(/no cell "nope"/);
    const dev = { "cellplane:cellsDir": deployable.cellsDir };
    await expect(synthesizeStack({ project: "cellplane", stack: "dev", config: dev, program })).rejects.toThrow(
      /neither "global", "account", "region-<region>" nor "cell-<id>"/,
    );
  });

  it("refuses the reference fleet's reserved example domain on a real deployment, naming the fix", async () => {
    const config = stackConfig("cell-use1-c", path.join(PROJECT_ROOT, "cells"));
    await expect(
      synthesizeStack({ project: "cellplane", stack: "cell-use1-c", config: config.values, program }),
    ).rejects.toThrow(/routing\.domain: is a reserved example domain \(RFC 2606\).*set a domain you control/);
  });
});
