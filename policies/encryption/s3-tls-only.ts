import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import { conditionKeys, readPolicyDocument, type Statement } from "../lib/iam-document";
import { refersTo } from "../lib/links";
import type { CheckedResource, CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { at, isUnknown, type Plain } from "../lib/values";

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

function coversEveryone(statement: Statement): boolean {
  const principals = statement.principal;
  return (
    !isUnknown(principals) &&
    principals !== undefined &&
    principals.some((principal) => principal.value === "*" && (principal.kind === "*" || principal.kind === "AWS"))
  );
}

function coversEveryAction(statement: Statement): boolean {
  const actions = statement.action;
  return !isUnknown(actions) && actions !== undefined && actions.some((action) => action === "*" || action === "s3:*");
}

/**
 * Deny, to everyone, every action, when aws:SecureTransport is false (S3 user guide, "Enforce encryption in
 * transit").
 */
function deniesPlaintext(statement: Statement): boolean | "unknown" {
  if (statement.effect !== "Deny" || !coversEveryone(statement) || !coversEveryAction(statement)) {
    return false;
  }
  const keys = conditionKeys(statement);
  if (isUnknown(keys)) {
    return "unknown";
  }
  const transport = keys.get("aws:securetransport") ?? [];
  const tlsVersion = keys.get("s3:tlsversion") ?? [];
  return transport.some((value) => value === "false") || tlsVersion.length > 0;
}

function policyState(input: Plain | undefined): "yes" | "no" | "unknown" {
  const read = readPolicyDocument(input);
  if (read.state === "unknown") {
    return "unknown";
  }
  if (read.state === "malformed") {
    return "no";
  }
  const results = read.statements.map(deniesPlaintext);
  return results.includes(true) ? "yes" : results.includes("unknown") ? "unknown" : "no";
}

function bucketFindings(bucket: CheckedResource, policies: readonly CheckedResource[]): Finding[] {
  const inline = at(bucket.props, "policy");
  const linked = policies.map((policy) => ({ policy, link: refersTo(policy, "bucket", bucket, ["bucket", "id"]) }));
  const documents = linked
    .filter((entry) => entry.link === "yes")
    .map((entry): Plain | undefined => at(entry.policy.props, "policy"));
  if (inline !== undefined && inline !== null && inline !== "") {
    documents.push(inline);
  }
  const states = documents.map(policyState);
  if (states.includes("yes")) {
    return [];
  }
  if (states.includes("unknown") || linked.some((entry) => entry.link === "unknown")) {
    return [notYetCheckable("the bucket's policy", bucket.urn)];
  }
  return [
    violation(
      `bucket ${bucket.name} accepts plaintext HTTP requests: add a bucket policy statement that denies "s3:*" to ` +
        '"*" when aws:SecureTransport is "false"',
      bucket.urn,
    ),
  ];
}

function check(stack: CheckedStack): Finding[] {
  const policies = stack.resources.filter((resource) => resource.type === BUCKET_POLICY);
  return stack.resources
    .filter((resource) => BUCKETS.includes(resource.type))
    .flatMap((bucket) => bucketFindings(bucket, policies));
}

export const s3TlsOnly: StackPolicyDefinition = {
  scope: "stack",
  name: "s3-tls-only",
  description:
    "Every S3 bucket of the stack has a bucket policy (inline or a BucketPolicy linked to it) denying all S3 " +
    "actions to everyone over plaintext (aws:SecureTransport false, or an s3:TlsVersion floor).",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [securityHub("S3.5", "S3 general purpose buckets should require requests to use SSL")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5"],
  remediation:
    'Add to the bucket\'s policy: `{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", ' +
    'Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }`.',
  resourceTypes: [...BUCKETS, BUCKET_POLICY],
  check,
};
