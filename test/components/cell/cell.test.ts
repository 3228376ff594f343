/**
 * Cell: the composition of one cell from its validated definition. Its children have their own tests; here, that
 * the cell exports exactly what it registers, and that those outputs are what the children produced.
 */
import { describe, expect, it } from "vitest";
import { Cell } from "../../../components/cell/cell";
import { loadFleet } from "../../../fleet/load";
import { REFERENCE_CELLS_DIR } from "../../support/fleet-dir";
import {
  expectChildren,
  expectEc2AcceptedDescriptions,
  expectRegisteredOutputs,
  listOf,
  statementsOf,
  synthesizeRecorded,
} from "../helpers";

const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/5f0c1a3e-9b7d-4c2e-8a61-3d4f7b2e9c10";

describe("Cell", async () => {
  const spec = loadFleet(REFERENCE_CELLS_DIR).cells.find((cell) => cell.id === "use1-a")!;
  const stack = await synthesizeRecorded(
    (provider) => new Cell(spec.id, { spec, certificateArn: CERTIFICATE }, { providers: { aws: provider } }).outputs,
  );

  it("registers exactly its typed outputs object", () => {
    expectRegisteredOutputs(stack, spec.id);
  });

  it("exports what its children produced: the compute's load balancer, the key, every queue by name", () => {
    const outputs = stack.plan.outputs;
    expect(outputs).toMatchObject({ cellId: "use1-a", region: "us-east-1", state: spec.state });
    expect(outputs.loadBalancerDnsName).toBe(stack.registeredOutputs(`${spec.id}-compute`).loadBalancerDnsName);
    expect(outputs.keyArn).toBe(stack.registeredOutputs(`${spec.id}-key`).keyArn);
    expect(outputs.healthCheckPath).toBe(spec.app.healthCheckPath);
    expect(Object.keys(outputs.queueUrls as object).sort()).toEqual(spec.queues.map((queue) => queue.name).sort());
  });

  it("names every resource below it <id>-<role>, parented inside the cell", () => {
    expectChildren(stack, spec.id);
  });

  it("describes every security group and rule with characters EC2 accepts (no apostrophes)", () => {
    expect(expectEc2AcceptedDescriptions(stack)).toBeGreaterThan(10);
  });

  it("never lets the app read the database master secret: it connects as its own IAM-authenticated user", () => {
    const masterSecret = stack.registeredOutputs(`${spec.id}-database`).masterSecretArn as string;
    expect(masterSecret).toMatch(/^arn:aws:secretsmanager:/);
    const appPolicies = [`${spec.id}-compute-instance-policy`, `${spec.id}-compute-agents-policy`];
    for (const policy of appPolicies) {
      const statements = statementsOf(stack.named(policy).inputs.policy);
      const resources = statements.flatMap((statement) => listOf(statement.Resource as string | string[]));
      expect(resources, policy).not.toContain(masterSecret);
    }
    const connect = statementsOf(stack.named(`${spec.id}-compute-instance-policy`).inputs.policy).find(
      (statement) => statement.Sid === "ConnectToCellDatabase",
    );
    expect(String(connect?.Resource)).toMatch(/:dbuser:cluster-[A-Z0-9]+\/app$/);
  });

  it("starts the app on every instance: the launch template carries the fleet's image and version", () => {
    const template = stack.one("aws:ec2/launchTemplate:LaunchTemplate");
    const userData = Buffer.from(template.inputs.userData as string, "base64").toString("utf8");
    expect(userData).toContain(`${spec.app.image}:${spec.app.version}`);
  });
});
