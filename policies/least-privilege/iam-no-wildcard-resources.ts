import { securityHub } from "../lib/controls";
import type { Statement } from "../lib/iam-document";
import { verdict, type Verdict } from "../lib/findings";
import { checkGrantingStatements, typesWithDocuments } from "../lib/iam-sources";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { isUnknown } from "../lib/values";
import { isUnscopableAction, isWildcardAction } from "./unscopable-actions";

/** `*`, or an ARN whose region, account and resource are all wildcards (`arn:aws:sqs:*:*:*`). */
function isUnscopedResource(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:[^:]*:\*?:\*?:\*$/.test(resource);
}

function judgeResources(statement: Statement): Verdict {
  if (statement.notResource !== undefined) {
    return verdict([
      "grants on every resource except its NotResource list (Allow with NotResource): list the resources instead",
    ]);
  }
  const resources = statement.resource ?? [];
  if (isUnknown(resources)) {
    return verdict([], ["Resource"]);
  }
  const unscoped = resources.some((resource) => typeof resource === "string" && isUnscopedResource(resource));
  if (!unscoped) {
    return verdict([], resources.some(isUnknown) ? ["Resource"] : []);
  }
  // Wildcard actions and NotAction are iam-no-wildcard-actions' finding; here only named actions count.
  const actions = statement.action ?? [];
  if (isUnknown(actions)) {
    return verdict([], ["Action"]);
  }
  const scopable = actions.filter(
    (action): action is string =>
      typeof action === "string" && !isWildcardAction(action) && !isUnscopableAction(action),
  );
  return verdict(
    scopable.length > 0
      ? [`grants ${scopable.join(", ")} on every resource ("*"): name the ARNs (these actions can be scoped)`]
      : [],
    actions.some(isUnknown) ? ["Action"] : [],
  );
}

export const iamNoWildcardResources: ResourcePolicyDefinition = {
  scope: "resource",
  name: "iam-no-wildcard-resources",
  description:
    "IAM identity policies grant actions that can be scoped (e.g. iam:PassRole, kms:Decrypt, sqs:*Message) only on " +
    "named resources, never on `*`, and never Allow with NotResource.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  // Not IAM.1 ("Action": "*" on "Resource": "*"): wildcard actions are iam-no-wildcard-actions' finding, not this
  // one's.
  controls: [
    securityHub("KMS.1", "IAM customer managed policies should not allow decryption actions on all KMS keys"),
    securityHub(
      "KMS.2",
      "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys",
    ),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-2",
  ],
  remediation:
    "Put the ARNs of the cell's own resources in `Resource` (queue, key, role ARNs from the components' outputs). " +
    "Only actions AWS cannot scope (e.g. `ec2:Describe*`, `sts:GetCallerIdentity`, see " +
    "least-privilege/unscopable-actions.ts) may use `*`.",
  resourceTypes: typesWithDocuments(["identity"]),
  check: (resource) => checkGrantingStatements(resource, ["identity"], judgeResources),
};
