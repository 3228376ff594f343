import { readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mockResourceState } from "../../../tools/plan/mock-state";
import type { PlanFile } from "../../../tools/lib/plan-file";
import { planFleet } from "../../../tools/plan/plan-fleet";
import { serializePlan, writePlans } from "../../../tools/plan/plan-output";
import { inspect } from "../../support/synth";
import { REFERENCE_CELLS_DIR, REFERENCE_STACKS_DIR } from "../../support/fleet-dir";

const PROJECT_DIR = path.resolve(__dirname, "../../..");
const planOptions = { cellsDir: REFERENCE_CELLS_DIR, stacksDir: REFERENCE_STACKS_DIR, projectDir: PROJECT_DIR };

let allPlans: PlanFile[];
/** The cell stacks' plans (the global stack has its own tests). */
let plans: PlanFile[];
let outDir: string;

beforeAll(async () => {
  allPlans = (await planFleet(planOptions)).plans;
  plans = allPlans.filter((plan) => plan.cell !== undefined);
  outDir = path.join(mkdtempSync(path.join(tmpdir(), "cellplane-plan-")), "plan");
  writePlans(outDir, allPlans);
});
afterAll(() => rmSync(path.dirname(outDir), { recursive: true, force: true }));

const ofType = (plan: PlanFile, type: string) => plan.resources.filter((resource) => resource.type === type);

describe("planning the reference fleet", () => {
  it("plans in deployment order: account, the region stacks, one stack per cell, then the global stack", () => {
    expect(allPlans.map((plan) => plan.stack)).toEqual([
      "account",
      "region-ap-southeast-2",
      "region-eu-west-1",
      "region-us-east-1",
      "region-us-west-2",
      "cell-apse2-a",
      "cell-euw1-a",
      "cell-euw1-b",
      "cell-use1-a",
      "cell-use1-b",
      "cell-use1-c",
      "cell-usw2-a",
      "global",
    ]);
    expect(plans.find((plan) => plan.stack === "cell-euw1-a")).toMatchObject({ cell: "euw1-a", region: "eu-west-1" });
    expect(readdirSync(outDir).sort()).toEqual(allPlans.map((plan) => `${plan.stack}.json`).sort());
  });

  it("feeds the global stack each cell's planned load balancer, as StackReference does on the real path", () => {
    const global = allPlans.find((plan) => plan.stack === "global")!;
    const healthChecks = global.resources.filter((resource) => resource.type === "aws:route53/healthCheck:HealthCheck");
    expect(healthChecks).toHaveLength(plans.length);
    for (const plan of plans) {
      const check = healthChecks.find((resource) => resource.inputs.fqdn === plan.outputs.loadBalancerDnsName);
      expect(check, plan.stack).toBeDefined();
      expect(check!.inputs.resourcePath).toBe(plan.outputs.healthCheckPath);
    }
  });

  it("gives every cell its autoscaling group, writer and replicas, queues with dead-letter queues, cache, key", () => {
    const expectedReplicas: Record<string, number> = {
      "apse2-a": 1,
      "euw1-a": 2,
      "euw1-b": 2,
      "use1-a": 3,
      "use1-b": 2,
      "use1-c": 1,
      "usw2-a": 2,
    };
    const expectedQueues: Record<string, number> = { "use1-a": 3 };
    for (const plan of plans) {
      const cell = plan.cell!;
      // An eks cell's app runs on its EKS node group (docs/eks-cells.md), an asg cell's on its autoscaling group.
      const eks = ofType(plan, "aws:eks/cluster:Cluster").length === 1;
      expect(ofType(plan, eks ? "aws:eks/nodeGroup:NodeGroup" : "aws:autoscaling/group:Group"), cell).toHaveLength(1);
      expect(ofType(plan, "aws:rds/cluster:Cluster"), cell).toHaveLength(1);
      expect(ofType(plan, "aws:rds/clusterInstance:ClusterInstance"), cell).toHaveLength(1 + expectedReplicas[cell]);
      const queueCount = expectedQueues[cell] ?? 2;
      const queues = ofType(plan, "aws:sqs/queue:Queue");
      expect(queues, cell).toHaveLength(2 * queueCount);
      expect(
        queues.filter((queue) => {
          const name = queue.inputs.name;
          return typeof name === "string" && name.replace(/\.fifo$/, "").endsWith("-dlq");
        }),
        cell,
      ).toHaveLength(queueCount);
      expect(ofType(plan, "aws:elasticache/replicationGroup:ReplicationGroup"), cell).toHaveLength(1);
      expect(ofType(plan, "aws:kms/key:Key"), cell).toHaveLength(1);
    }
  });

  it("builds each cell in its own region through one explicit provider", () => {
    for (const plan of plans) {
      const [provider] = ofType(plan, "pulumi:providers:aws");
      expect(provider?.inputs.region).toBe(plan.region);
      const cloud = plan.resources.filter(
        (resource) =>
          !resource.component &&
          !resource.type.startsWith("pulumi:") &&
          !resource.type.startsWith("random:") &&
          !resource.type.startsWith("kubernetes:"),
      );
      expect(cloud.every((resource) => resource.provider === provider.urn)).toBe(true);
      // An eks cell's Kubernetes objects go through the provider bound to its own cluster.
      const [kubernetes] = ofType(plan, "pulumi:providers:kubernetes");
      const objects = plan.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
      expect(objects.every((resource) => resource.provider === kubernetes?.urn)).toBe(true);
    }
  });

  it("parents every resource inside the cell component and names children after their parent", () => {
    for (const plan of plans) {
      const stack = inspect(plan);
      const cell = stack.one("cellplane:cell:Cell");
      expect(cell.name).toBe(plan.cell);
      const byUrn = new Map(plan.resources.map((resource) => [resource.urn, resource]));
      for (const resource of plan.resources.filter(
        (candidate) =>
          candidate.urn !== cell.urn && candidate.parent !== undefined && !candidate.type.startsWith("pulumi:"),
      )) {
        const parent = byUrn.get(resource.parent!)!;
        expect(
          resource.name.startsWith(`${parent.name}-`) || parent.type === "pulumi:pulumi:Stack",
          `${resource.name} under ${parent.name}`,
        ).toBe(true);
      }
    }
  });

  it("exports the outputs the global stack and operators need", () => {
    const plan = plans.find((candidate) => candidate.cell === "use1-a")!;
    expect(Object.keys(plan.outputs).sort()).toEqual([
      "alarmNames",
      "cacheEndpoint",
      "cellId",
      "computeKind",
      "databaseReaderEndpoint",
      "databaseWriterEndpoint",
      "healthCheckPath",
      "keyArn",
      "loadBalancerDnsName",
      "loadBalancerZoneId",
      "queueUrls",
      "region",
      "state",
    ]);
    expect(plan.outputs.healthCheckPath).toBe("/health/deep");
    // The rollout's alarm gate watches these (cells rollout); one per CellAlarms alarm.
    expect(plan.outputs.alarmNames).toEqual(expect.arrayContaining([expect.stringMatching(/^use1-a-/)]));
    expect(Object.keys(plan.outputs.queueUrls as object)).toEqual(["ledger", "notifications", "orders"]);
    expect(plan.outputs.loadBalancerDnsName).toMatch(/\.us-east-1\.elb\.amazonaws\.com$/);
  });

  it("never writes a secret value: the cache auth token is masked wherever it flows", () => {
    for (const plan of plans) {
      const text = readFileSync(path.join(outDir, `${plan.stack}.json`), "utf8");
      for (const password of ofType(plan, "random:index/randomPassword:RandomPassword")) {
        const { outputs } = mockResourceState({
          type: password.type,
          name: password.name,
          inputs: password.inputs,
          region: plan.region!,
        });
        const plaintext = String(outputs.result);
        expect(plaintext.length).toBeGreaterThan(16);
        expect(text.includes(plaintext), `${plan.stack} leaks the value of ${password.name}`).toBe(false);
      }
      const [cache] = ofType(plan, "aws:elasticache/replicationGroup:ReplicationGroup");
      expect(cache.inputs.authToken).toBe("[secret]");
      const [secretVersion] = ofType(plan, "aws:secretsmanager/secretVersion:SecretVersion");
      expect(secretVersion.inputs.secretString).toBe("[secret]");
      expect(text).not.toMatch(/masterPassword/);
    }
  });

  it("is sorted by URN and byte-identical from run to run", async () => {
    for (const plan of allPlans) {
      const urns = plan.resources.map((resource) => resource.urn);
      expect(urns).toEqual([...urns].sort());
    }
    const again = (await planFleet(planOptions)).plans;
    expect(again.map(serializePlan)).toEqual(allPlans.map(serializePlan));
  });
});
