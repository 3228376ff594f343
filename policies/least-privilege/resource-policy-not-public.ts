import { nist, NIST_800_53 } from "../lib/controls";
import { conditionKeys, type Statement } from "../lib/iam-document";
import { verdict, type Verdict } from "../lib/findings";
import { checkGrantingStatements, typesWithDocuments } from "../lib/iam-sources";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { isUnknown } from "../lib/values";

/**
 * Condition keys that confine a grant to "*" to known callers: an account, an organization, a source resource
 * or network path (IAM user guide, "AWS global condition context keys"). A condition on anything else (a tag, a
 * time) does not say who the caller is.
 */
const CONFINING_KEYS = new Set([
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:principalaccount",
  "aws:principalarn",
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:principalservicename",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:calledvia",
  "kms:calleraccount",
  "kms:viaservice",
]);

/** `*`, `{ AWS: "*" }` and `arn:aws:iam::*:root` all mean "any AWS principal". */
function isAnyone(value: string): boolean {
  return value === "*" || /^arn:aws[a-z-]*:iam::\*:root$/.test(value);
}

function judge(statement: Statement): Verdict {
  const principals = statement.principal ?? [];
  if (isUnknown(principals)) {
    return verdict([], ["Principal"]);
  }
  const open = principals.filter(
    (principal) =>
      (principal.kind === "*" || principal.kind === "AWS") && !isUnknown(principal.value) && isAnyone(principal.value),
  );
  if (open.length === 0 && statement.notPrincipal === undefined) {
    return verdict([], principals.some((principal) => isUnknown(principal.value)) ? ["Principal"] : []);
  }
  const keys = conditionKeys(statement);
  if (isUnknown(keys)) {
    return verdict([], ["Condition"]);
  }
  const confined = [...keys.keys()].some((key) => CONFINING_KEYS.has(key));
  return confined
    ? verdict()
    : verdict([
        statement.notPrincipal !== undefined
          ? "grants to every principal but its NotPrincipal list without a condition naming the callers"
          : 'grants to any AWS principal ("*") without a condition confining the callers (aws:SourceArn, ' +
            "aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce, ...)",
      ]);
}

export const resourcePolicyNotPublic: ResourcePolicyDefinition = {
  scope: "resource",
  name: "resource-policy-not-public",
  description:
    "Resource policies (S3 buckets, SQS queues, SNS topics, KMS keys, Secrets Manager secrets, ECR repositories) " +
    'grant to "*" or any AWS principal only under a condition that names the callers (account, organization, ' +
    "source ARN or VPC endpoint).",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [nist("AC-3", "Access enforcement"), nist("AC-6", "Least privilege")],
  references: [NIST_800_53],
  remediation:
    "Name the principals (account root, role ARNs, a service principal), or keep `*` and add a condition such as " +
    '`{ StringEquals: { "aws:SourceAccount": "<account>" } }`, `aws:SourceArn` or `aws:PrincipalOrgID`.',
  resourceTypes: typesWithDocuments(["resource"]),
  check: (resource) => checkGrantingStatements(resource, ["resource"], judge),
};
