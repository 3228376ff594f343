/** Small hand-made catalog and plan files for the audit tests: three cells that fare differently. */
import type { PolicyCatalog, PolicyCatalogEntry } from "../../../policies/catalog";
import type { PlanFile, PlannedResource, PolicyViolationRecord } from "../../../tools/lib/plan-file";

export const QUEUE = "aws:sqs/queue:Queue";
export const BUCKET = "aws:s3/bucket:Bucket";
/** A plain value that must never reach the report (the report prints no inputs at all). */
export const INPUT_VALUE = "do-not-print-this-input";

function entry(name: string, resourceTypes: string[], scope: "resource" | "stack" = "resource"): PolicyCatalogEntry {
  return {
    name,
    description: `why ${name} exists`,
    group: name === "waiver-valid" ? "governance" : "encryption",
    scope,
    severity: "high",
    enforcementLevel: "mandatory",
    controls: [
      {
        framework: "aws-securityhub",
        frameworkName: "AWS Security Hub",
        frameworkVersion: "v1",
        id: "SQS.1",
        title: "queues are encrypted",
      },
    ],
    frameworks: ["AWS Security Hub"],
    references: ["https://example.com/sqs-1", "docs/policies.md#cellplane-controls"],
    resourceTypes,
    remediation: `fix ${name}`,
  };
}

export const CATALOG: PolicyCatalog = {
  pack: "testpack",
  version: "1.2.3",
  policies: [
    entry("queue-encrypted", [QUEUE]),
    entry("bucket-private", [BUCKET], "stack"),
    entry("waiver-valid", [], "stack"),
  ],
};

function resource(stack: string, type: string, name: string): PlannedResource {
  return {
    urn: `urn:pulumi:${stack}::cellplane::${type}::${name}`,
    type,
    name,
    inputs: { name, password: "[secret]", note: INPUT_VALUE },
    dependencies: [],
  };
}

function violation(
  stack: string,
  policy: string,
  type: string,
  name: string,
  extra: Partial<PolicyViolationRecord> = {},
): PolicyViolationRecord {
  return {
    policy,
    packName: "testpack",
    enforcementLevel: "mandatory",
    message: `${name} breaks ${policy}`,
    urn: resource(stack, type, name).urn,
    ...extra,
  };
}

const WAIVED = { reason: "migration | TICKET-1", owner: "team-a", expires: "2030-01-31" };

/** a: queue passes, bucket violates. b: queue finding waived, no bucket. c: planned with --no-policy. */
export function threeCells(): PlanFile[] {
  return [
    {
      stack: "cell-c",
      cell: "c",
      region: "us-east-1",
      resources: [resource("cell-c", QUEUE, "c-queue")],
      outputs: {},
    },
    {
      stack: "cell-a",
      cell: "a",
      region: "eu-west-1",
      resources: [resource("cell-a", QUEUE, "a-queue"), resource("cell-a", BUCKET, "a-bucket")],
      outputs: {},
      policy: { violations: [violation("cell-a", "bucket-private", BUCKET, "a-bucket")], waivers: [] },
    },
    {
      stack: "cell-b",
      cell: "b",
      region: "eu-west-1",
      resources: [resource("cell-b", QUEUE, "b-queue")],
      outputs: {},
      policy: {
        violations: [
          violation("cell-b", "queue-encrypted", QUEUE, "b-queue", { enforcementLevel: "advisory", waived: WAIVED }),
        ],
        waivers: [
          { policy: "queue-encrypted", resources: ["b-queue"], ...WAIVED },
          {
            policy: "bucket-private",
            resources: ["b-z", "b-bucket"],
            reason: "earlier",
            owner: "team-b",
            expires: "2029-12-31",
          },
        ],
      },
    },
  ];
}
