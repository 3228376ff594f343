import { cis, CIS_AWS_BENCHMARK } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, type Plain } from "../lib/values";

const ADMIN_POLICY =
  /^arn:aws[a-z-]*:iam::aws:policy\/(?:[^/]+\/)*(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** Where each attaching resource names managed policy ARNs. */
const ARN_FIELDS: Readonly<Record<string, string>> = {
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
  "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
  "aws:iam/role:Role": "managedPolicyArns",
  "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
  "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
};

function attachedArnFindings(resource: CheckedResource): Finding[] {
  const field = ARN_FIELDS[resource.type];
  const arns = listOf(at(resource.props, field));
  if (isUnknown(arns)) {
    return [notYetCheckable(field)];
  }
  return eachFinding(arns, (arn: Plain) => {
    if (isUnknown(arn)) {
      return [notYetCheckable(field)];
    }
    const match = typeof arn === "string" ? ADMIN_POLICY.exec(arn) : null;
    return match
      ? [
          violation(
            `${resource.name} attaches the AWS managed policy ${match[1]} (${field}): attach a policy scoped to the ` +
              `cell's resources`,
          ),
        ]
      : [];
  });
}

export const iamNoAdminAttachments: ResourcePolicyDefinition = {
  scope: "resource",
  name: "iam-no-admin-attachments",
  description:
    "No role, user or group gets AdministratorAccess, PowerUserAccess or IAMFullAccess (attachments or a role's " +
    "managedPolicyArns).",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  // Not IAM.1: it checks only customer managed policies ("It does not check inline and AWS managed policies"),
  // and this policy checks attachments of AWS managed policies.
  controls: [cis("1.16", 'Ensure IAM policies that allow full "*:*" administrative privileges are not attached')],
  references: [CIS_AWS_BENCHMARK],
  remediation:
    "Remove the attachment (or the ARN from `managedPolicyArns`) and grant the specific actions on the cell's " +
    "resources in a customer managed or inline policy.",
  resourceTypes: Object.keys(ARN_FIELDS),
  check: attachedArnFindings,
};
