import { cis, CIS_AWS_BENCHMARK, securityHub } from "../lib/controls";
import type { Statement } from "../lib/iam-document";
import { verdict, type Verdict } from "../lib/findings";
import { checkGrantingStatements, typesWithDocuments } from "../lib/iam-sources";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { isUnknown } from "../lib/values";
import { isWildcardAction } from "./unscopable-actions";

function judgeActions(statement: Statement): Verdict {
  if (statement.notAction !== undefined) {
    return verdict(["allows every action except its NotAction list (Allow with NotAction): list the actions instead"]);
  }
  const actions = statement.action ?? [];
  if (isUnknown(actions)) {
    return verdict([], ["Action"]);
  }
  const wildcards = actions.filter(
    (action): action is string => typeof action === "string" && isWildcardAction(action),
  );
  const undecided = actions.some(isUnknown) ? ["Action"] : [];
  return verdict(
    wildcards.length > 0
      ? [
          `grants wildcard action(s) ${wildcards.map((action) => `"${action}"`).join(", ")}: name the actions the ` +
            `principal needs`,
        ]
      : [],
    undecided,
  );
}

export const iamNoWildcardActions: ResourcePolicyDefinition = {
  scope: "resource",
  name: "iam-no-wildcard-actions",
  description:
    "IAM identity policies (managed, inline, a role's inlinePolicies) grant no `*` or `service:*` action and never " +
    "Allow with NotAction.",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("IAM.1", 'IAM policies should not allow full "*" administrative privileges'),
    securityHub(
      "IAM.21",
      "IAM customer managed policies that you create should not allow wildcard actions for services",
    ),
    cis("1.16", 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached'),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-21",
    CIS_AWS_BENCHMARK,
  ],
  remediation:
    "Replace `*` and `service:*` with the specific actions the workload calls (e.g. `sqs:SendMessage`, " +
    "`sqs:ReceiveMessage`), and turn `NotAction` grants into explicit `Action` lists.",
  resourceTypes: typesWithDocuments(["identity"]),
  check: (resource) => checkGrantingStatements(resource, ["identity"], judgeActions),
};
