/**
 * For every stack policy: a compliant stack, and stacks that break it, with the exact findings expected from
 * `AnalyzeStack` (resource policies run over the stack too, so the stacks are otherwise compliant).
 */
import type { AnalyzerResourceInput } from "../../tools/analyzer";
import * as ok from "./compliant";
import {
  ACCOUNT,
  AWS_PROVIDER_TYPE,
  awsProvider,
  CELL_TAGS,
  cellResource,
  cellStack,
  iamDocument,
  mandatory,
  REGION,
  resource,
  type Finding,
} from "./harness";

export interface StackCase {
  policy: string;
  compliant: { title: string; stack: AnalyzerResourceInput[] }[];
  violating: { title: string; stack: AnalyzerResourceInput[]; expected: Finding[] }[];
}

const OTHER_CELL_QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:use1-b-orders`;

/** Autoscaling groups take tags as a list of { key, value, propagateAtLaunch }. */
function autoscalingGroup(tags: Record<string, string>): AnalyzerResourceInput {
  const entries = Object.entries(tags).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
  return cellResource("aws:autoscaling/group:Group", "use1-a-compute-asg", {
    maxSize: 4,
    minSize: 2,
    vpcZoneIdentifiers: ["subnet-a", "subnet-b"],
    tags: entries,
  });
}

export const STACK_CASES: StackCase[] = [
  {
    policy: "s3-bucket-encrypted-private",
    compliant: [
      { title: "bucket with KMS encryption and a full public access block", stack: cellStack(...ok.privateBucket()) },
      {
        title: "load balancer log bucket with SSE-S3 (the only option ELB access logs support)",
        stack: cellStack(...ok.privateBucket("use1-a-alb-logs", "AES256")),
      },
      {
        title: "companions linked by bucket name only (no dependencies)",
        stack: cellStack(...ok.privateBucket().map((entry) => ({ ...entry, dependencies: [] }))),
      },
    ],
    violating: [
      {
        title: "an encryption configuration without a default algorithm, and no public access block",
        stack: cellStack(
          ...ok
            .privateBucket("use1-a-exports")
            .filter((entry) => !entry.type.includes("PublicAccessBlock"))
            .map((entry) =>
              entry.type.includes("Encryption")
                ? { ...entry, inputs: { ...entry.inputs, rules: [{ bucketKeyEnabled: true }] } }
                : entry,
            ),
        ),
        expected: mandatory("s3-bucket-encrypted-private", 2),
      },
      {
        title: "a bucket with no companions next to a compliant one",
        stack: cellStack(...ok.privateBucket(), ok.bucket({ bucket: "use1-a-scratch" }, "use1-a-scratch")),
        expected: [...mandatory("s3-bucket-encrypted-private", 2), ...mandatory("s3-tls-only")],
      },
    ],
  },
  {
    policy: "cell-resource-tags",
    compliant: [
      { title: "tags on the resource", stack: cellStack(ok.queue()) },
      { title: "tags as a list of { key, value } (autoscaling groups)", stack: cellStack(autoscalingGroup(CELL_TAGS)) },
      {
        title: "tags from the provider's defaultTags (a JSON string, as in provider state)",
        stack: [
          awsProvider(REGION, "use1-a-aws", { defaultTags: JSON.stringify({ tags: CELL_TAGS }) }),
          ok.queue({ tags: undefined }),
        ],
      },
      {
        title: "global stack: not a cell stack",
        stack: [
          resource(
            "aws:sqs/queue:Queue",
            "router-events",
            { kmsMasterKeyId: "arn:aws:kms:us-east-1:1:alias/router" },
            { stack: "global" },
          ),
        ],
      },
    ],
    violating: [
      {
        title: "untagged queue",
        stack: cellStack(ok.queue({ tags: undefined })),
        expected: mandatory("cell-resource-tags"),
      },
      {
        title: "autoscaling group without the owner tag entry",
        stack: cellStack(autoscalingGroup({ ...CELL_TAGS, "cellplane:owner": "" })),
        expected: mandatory("cell-resource-tags"),
      },
      {
        title: "managed-by is not cellplane",
        stack: cellStack(ok.queue({ tags: { ...CELL_TAGS, "managed-by": "terraform" } })),
        expected: mandatory("cell-resource-tags"),
      },
    ],
  },
  {
    policy: "cell-single-cell-region",
    compliant: [{ title: "one cell, one region", stack: cellStack(ok.queue(), ok.topic(), ok.kmsKey()) }],
    violating: [
      {
        title: "a resource tagged for another cell",
        stack: cellStack(ok.queue({ tags: { ...CELL_TAGS, "cellplane:cell": "use1-b" } })),
        expected: mandatory("cell-single-cell-region"),
      },
      {
        title: "a resource named for another cell",
        stack: cellStack(ok.queue({ name: "use1-b-orders" }, "use1-b-orders")),
        expected: mandatory("cell-single-cell-region"),
      },
      {
        title: "the cell's provider pins no region",
        stack: [resource(AWS_PROVIDER_TYPE, "use1-a-aws", {}), ok.queue()],
        expected: mandatory("cell-single-cell-region"),
      },
      {
        title: "two providers in different regions",
        stack: [awsProvider(), awsProvider("eu-west-1", "use1-a-aws-eu"), ok.queue()],
        expected: mandatory("cell-single-cell-region", 2),
      },
      {
        title: "a per-resource region override and a mismatching region tag",
        stack: cellStack(
          ok.queue({ region: "us-west-2" }),
          ok.topic({ tags: { ...CELL_TAGS, "cellplane:region": "us-west-2" } }),
        ),
        expected: mandatory("cell-single-cell-region", 2),
      },
    ],
  },
  {
    policy: "cell-iam-no-cross-cell-access",
    compliant: [{ title: "grants on the cell's own queue", stack: cellStack(ok.queue(), ok.role(), ok.rolePolicy()) }],
    violating: [
      {
        title: "role policy on another cell's queue",
        stack: cellStack(
          ok.rolePolicy({
            policy: iamDocument({
              Effect: "Allow",
              Action: "sqs:SendMessage",
              Resource: [ok.QUEUE_ARN, OTHER_CELL_QUEUE],
            }),
          }),
        ),
        expected: mandatory("cell-iam-no-cross-cell-access"),
      },
      {
        title: "queue policy lets another cell's role in",
        stack: cellStack(
          ok.queue({
            policy: iamDocument({
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/euw1-a-app` },
              Action: "sqs:SendMessage",
              Resource: ok.QUEUE_ARN,
            }),
          }),
        ),
        expected: mandatory("cell-iam-no-cross-cell-access"),
      },
      {
        title: "wildcard that reaches sibling cells (use1-*)",
        stack: cellStack(
          ok.rolePolicy({
            policy: iamDocument({
              Effect: "Allow",
              Action: "sqs:SendMessage",
              Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:use1-*`,
            }),
          }),
        ),
        expected: mandatory("cell-iam-no-cross-cell-access"),
      },
    ],
  },
];
