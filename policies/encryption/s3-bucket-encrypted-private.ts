import { cis, CIS_AWS_BENCHMARK, nist, NIST_800_53, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import { refersTo } from "../lib/links";
import type { CheckedResource, CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { at, isDefined, isUnknown, listOf, type Plain } from "../lib/values";

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const ENCRYPTION_CONFIGS = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
/** SSE-KMS, or SSE-S3 where the writer requires it (load balancer access logs accept only SSE-S3). */
const ENCRYPTION_ALGORITHMS = new Set(["aws:kms", "aws:kms:dsse", "AES256"]);
const BUCKET_NAMES = ["bucket", "id"];
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

interface Companions {
  found: CheckedResource[];
  undecided: boolean;
}

/** The encryption configurations or public access blocks that configure `bucket` (lib/links.ts). */
function companionsOf(bucket: CheckedResource, candidates: readonly CheckedResource[]): Companions {
  const links = candidates.map((candidate) => ({
    candidate,
    link: refersTo(candidate, "bucket", bucket, BUCKET_NAMES),
  }));
  return {
    found: links.filter((entry) => entry.link === "yes").map((entry) => entry.candidate),
    undecided: links.some((entry) => entry.link === "unknown"),
  };
}

function algorithmsOf(bucket: CheckedResource, configs: readonly CheckedResource[]): Plain[] | "unknown" {
  const declared: (Plain | undefined)[] = [
    at(bucket.props, "serverSideEncryptionConfiguration", "rule"),
    ...configs.map((config) => at(config.props, "rules")),
  ];
  const rules = declared.filter(isDefined).map((rule) => listOf(rule));
  if (rules.some(isUnknown)) {
    return "unknown";
  }
  return rules.flatMap((list) =>
    isUnknown(list) ? [] : list.map((rule) => at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm") ?? null),
  );
}

function encryptionFindings(bucket: CheckedResource, companions: Companions): Finding[] {
  const algorithms = algorithmsOf(bucket, companions.found);
  if (algorithms === "unknown" || algorithms.some(isUnknown)) {
    return [notYetCheckable("the bucket's server-side encryption rules", bucket.urn)];
  }
  if (algorithms.some((algorithm) => typeof algorithm === "string" && ENCRYPTION_ALGORITHMS.has(algorithm))) {
    return [];
  }
  if (companions.undecided) {
    return [notYetCheckable("which bucket each encryption configuration applies to", bucket.urn)];
  }
  const found =
    algorithms.length === 0
      ? "has no server-side encryption configuration"
      : `uses ${algorithms.map(String).join(", ")}`;
  return [
    violation(
      `bucket ${bucket.name} ${found}: add a BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and ` +
        `the cell key`,
      bucket.urn,
    ),
  ];
}

function publicAccessFindings(bucket: CheckedResource, companions: Companions): Finding[] {
  const flags = companions.found.map((block) => BLOCK_FLAGS.map((flag) => ({ flag, value: at(block.props, flag) })));
  if (flags.flat().some((entry) => isUnknown(entry.value))) {
    return [notYetCheckable("the bucket's public access block flags", bucket.urn)];
  }
  if (flags.some((block) => block.every((entry) => entry.value === true))) {
    return [];
  }
  if (companions.undecided) {
    return [notYetCheckable("which bucket each public access block applies to", bucket.urn)];
  }
  const problem =
    flags.length === 0
      ? "has no BucketPublicAccessBlock"
      : "has a public access block that leaves " +
        BLOCK_FLAGS.filter((flag) =>
          flags.every((block) => block.find((entry) => entry.flag === flag)?.value !== true),
        ).join(", ") +
        " off";
  return [
    violation(`bucket ${bucket.name} ${problem}: add a BucketPublicAccessBlock with all four flags true`, bucket.urn),
  ];
}

function checkBuckets(stack: CheckedStack): Finding[] {
  const byType = (types: readonly string[]) => stack.resources.filter((resource) => types.includes(resource.type));
  const configs = byType(ENCRYPTION_CONFIGS);
  const blocks = byType([PUBLIC_ACCESS_BLOCK]);
  return byType(BUCKETS).flatMap((bucket) => [
    ...encryptionFindings(bucket, companionsOf(bucket, configs)),
    ...publicAccessFindings(bucket, companionsOf(bucket, blocks)),
  ]);
}

export const s3BucketEncryptedPrivate: StackPolicyDefinition = {
  scope: "stack",
  name: "s3-bucket-encrypted-private",
  description:
    "Every S3 bucket in the stack has a default server-side encryption configuration (SSE-KMS; SSE-S3 where the " +
    "writer requires it, as load balancer access logs do) and a public access block with all four flags; both live " +
    "on separate resources, so the stack is checked as a whole.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("S3.8", "S3 general purpose buckets should block public access"),
    cis("2.1.4", "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'"),
    nist("SC-28", "Protection of information at rest"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
    NIST_800_53,
  ],
  remediation:
    'Next to each bucket declare `aws.s3.BucketServerSideEncryptionConfiguration` (rules: sseAlgorithm "aws:kms", ' +
    'kmsMasterKeyId = cell key, bucketKeyEnabled; "AES256" only for buckets a service can only write with SSE-S3, ' +
    "such as load balancer access logs) and `aws.s3.BucketPublicAccessBlock` with blockPublicAcls, " +
    "blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true, both with `bucket: bucket.id`.",
  resourceTypes: [...BUCKETS, ...ENCRYPTION_CONFIGS, PUBLIC_ACCESS_BLOCK],
  check: checkBuckets,
};
