/**
 * Benchmarks for `cells diff`. `benchOneCellDiff` (one-cell-diff.ts): a pull request that edits one cell file of a
 * generated 100-cell fleet, `cells diff --base HEAD~1` beside a full `cells plan` in the same run; run this file
 * (`npx tsx tools/bench/diff.ts [cells]`) to print it. `benchDiff`: diff and render (Markdown and JSON) two
 * generated 100-cell plan sets. Plans are
 * generated in memory with the shape of a real cell (about 45 resources, nested inputs, masked secrets); the head
 * set changes every tenth cell (an instance class, a queue rename, a tag) and removes one cell.
 */
import { diffPlanSets } from "../diff/plan-diff";
import { renderJson } from "../diff/render-json";
import { renderMarkdown } from "../diff/render-markdown";
import type { JsonObject, PlanFile, PlannedResource } from "../lib/plan-file";
import { benchOneCellDiff, type OneCellDiffBenchResult } from "./one-cell-diff";

export interface DiffBenchResult {
  stacks: number;
  resources: number;
  seconds: number;
}

const CELL_COUNT = 100;

const RESOURCE_SHAPES: readonly {
  type: string;
  count: number;
  inputs: (cell: string, index: number, head: boolean) => JsonObject;
}[] = [
  {
    type: "aws:kms/key:Key",
    count: 1,
    inputs: (cell) => ({ description: `${cell} key`, enableKeyRotation: true, deletionWindowInDays: 30 }),
  },
  {
    type: "aws:rds/cluster:Cluster",
    count: 1,
    inputs: (cell) => ({
      clusterIdentifier: `${cell}-db`,
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      masterPassword: "[secret]",
      storageEncrypted: true,
      deletionProtection: true,
      tags: { cell },
    }),
  },
  {
    type: "aws:rds/clusterInstance:ClusterInstance",
    count: 3,
    inputs: (cell, i, head) => ({
      clusterIdentifier: `${cell}-db`,
      identifier: `${cell}-db-${i}`,
      instanceClass: head && cell.endsWith("0") ? "db.r7g.2xlarge" : "db.r7g.xlarge",
      engine: "aurora-postgresql",
    }),
  },
  {
    type: "aws:sqs/queue:Queue",
    count: 4,
    inputs: (cell, i, head) => ({
      name: head && cell.endsWith("5") && i === 0 ? `${cell}-orders-v2` : `${cell}-q${i}`,
      visibilityTimeoutSeconds: 60,
      kmsMasterKeyId: `${cell}-key`,
      redrivePolicy: JSON.stringify({ maxReceiveCount: 5, deadLetterTargetArn: `arn:aws:sqs:::${cell}-dlq${i}` }),
    }),
  },
  {
    type: "aws:elasticache/replicationGroup:ReplicationGroup",
    count: 1,
    inputs: (cell) => ({
      replicationGroupId: `${cell}-cache`,
      engine: "valkey",
      authToken: "[secret]",
      atRestEncryptionEnabled: true,
      subnetGroupName: `${cell}-cache`,
    }),
  },
  {
    type: "aws:cloudwatch/logGroup:LogGroup",
    count: 4,
    inputs: (cell, i) => ({ name: `/cells/${cell}/${i}`, retentionInDays: 30, kmsKeyId: `${cell}-key` }),
  },
  {
    type: "aws:ec2/securityGroup:SecurityGroup",
    count: 6,
    inputs: (cell, i) => ({
      description: `${cell} tier ${i}`,
      ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }],
    }),
  },
  {
    type: "aws:iam/role:Role",
    count: 6,
    inputs: (cell, i) => ({
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "ec2.amazonaws.com" },
            Action: "sts:AssumeRole",
            Sid: `${cell}${i}`,
          },
        ],
      }),
    }),
  },
  {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    count: 1,
    inputs: (cell, _i, head) => ({
      instanceType: "m7g.large",
      tags: { cell, release: head && cell.endsWith("3") ? "2" : "1" },
    }),
  },
  { type: "aws:autoscaling/group:Group", count: 1, inputs: () => ({ minSize: 4, maxSize: 24, desiredCapacity: 6 }) },
  {
    type: "aws:lb/loadBalancer:LoadBalancer",
    count: 1,
    inputs: () => ({ internal: false, loadBalancerType: "application", enableDeletionProtection: true }),
  },
  { type: "random:index/randomPassword:RandomPassword", count: 1, inputs: () => ({ length: 32, special: false }) },
  {
    type: "aws:ec2/subnet:Subnet",
    count: 15,
    inputs: (cell, i) => ({
      cidrBlock: `10.${i}.0.0/24`,
      availabilityZone: `az-${i % 3}`,
      tags: { cell, tier: String(i % 5) },
    }),
  },
];

function cellPlan(index: number, head: boolean): PlanFile {
  const cell = `c${String(index).padStart(3, "0")}`;
  const stack = `cell-${cell}`;
  const resources: PlannedResource[] = [];
  for (const shape of RESOURCE_SHAPES) {
    for (let i = 0; i < shape.count; i += 1) {
      const name = `${cell}-${shape.type.split(":").pop()?.toLowerCase() ?? "r"}-${i}`;
      resources.push({
        urn: `urn:pulumi:${stack}::cellplane::cellplane:cell:Cell$${shape.type}::${name}`,
        type: shape.type,
        name,
        parent: `urn:pulumi:${stack}::cellplane::cellplane:cell:Cell::${cell}`,
        inputs: shape.inputs(cell, i, head),
        dependencies: [],
      });
    }
  }
  resources.sort((a, b) => (a.urn < b.urn ? -1 : 1));
  return { stack, cell, region: "us-east-1", resources, outputs: { endpoint: `${cell}.cells.example.com` } };
}

export function generatePlanSets(cells = CELL_COUNT): { base: PlanFile[]; head: PlanFile[] } {
  const base = Array.from({ length: cells }, (_, index) => cellPlan(index, false));
  const head = Array.from({ length: cells - 1 }, (_, index) => cellPlan(index, true));
  return { base, head };
}

/** Diffs and renders two 100-cell plan sets; returns the size and the wall time of diff + render. */
export function benchDiff(): DiffBenchResult {
  const { base, head } = generatePlanSets();
  const started = process.hrtime.bigint();
  const report = diffPlanSets(base, head, { baseLabel: "base", headLabel: "head" });
  renderMarkdown(report);
  renderJson(report);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    stacks: report.stacks.length,
    resources: base.reduce((total, plan) => total + plan.resources.length, 0),
    seconds,
  };
}

export { benchOneCellDiff, type OneCellDiffBenchResult };

/** `npx tsx tools/bench/diff.ts [cells]`: both benchmarks, the one-cell-change diff at `cells` (default 100). */
if (require.main === module) {
  try {
    const result = benchDiff();
    process.stdout.write(
      `diff: ${result.stacks} stacks, ${result.resources} resources, ${result.seconds.toFixed(3)}s\n`,
    );
    const oneCell = benchOneCellDiff(Number(process.argv[2] ?? 100));
    process.stdout.write(
      `one-cell-change diff at ${oneCell.cells} generated cells (${oneCell.stacks} stacks): ` +
        `cells plan ${oneCell.fullPlanSeconds.toFixed(1)}s, cells diff --base HEAD~1 ` +
        `${oneCell.diffSeconds.toFixed(1)}s = ${oneCell.ratio.toFixed(2)}x the full plan (target <= 0.3x); ` +
        `${oneCell.skipped} stacks skipped as unchanged\n`,
    );
  } catch (error: unknown) {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  }
}
