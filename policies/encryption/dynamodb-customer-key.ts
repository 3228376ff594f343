import { nist, NIST_800_53 } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString, isUnknown } from "../lib/values";

/** DynamoDB encrypts every table (AWS owned key by default); `serverSideEncryption` selects a KMS key. */
function check(table: CheckedResource): Finding[] {
  const enabled = at(table.props, "serverSideEncryption", "enabled");
  const key = at(table.props, "serverSideEncryption", "kmsKeyArn");
  if (isUnknown(enabled) || isUnknown(key)) {
    return [notYetCheckable("serverSideEncryption")];
  }
  if (enabled !== true) {
    return [
      violation(
        `table ${table.name} is encrypted with an AWS owned key: set serverSideEncryption { enabled: true, kmsKeyArn }`,
      ),
    ];
  }
  return isNonEmptyString(key) && !/(^|:)alias\/aws\//.test(key)
    ? []
    : [violation(`table ${table.name} uses the AWS managed key aws/dynamodb: set serverSideEncryption.kmsKeyArn`)];
}

export const dynamodbCustomerKey: ResourcePolicyDefinition = {
  scope: "resource",
  name: "dynamodb-customer-key",
  description:
    "DynamoDB tables are encrypted with a customer managed KMS key (serverSideEncryption enabled with kmsKeyArn), " +
    "so their owner controls who can decrypt them and can revoke it.",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  // Security Hub's DynamoDB controls cover backups, PITR, autoscaling and DAX, not the table's key.
  controls: [
    nist("SC-12", "Cryptographic key establishment and management"),
    nist("SC-28", "Protection of information at rest"),
  ],
  references: [NIST_800_53],
  remediation: "Set `serverSideEncryption: { enabled: true, kmsKeyArn: <customer managed key ARN> }` on the table.",
  resourceTypes: ["aws:dynamodb/table:Table"],
  check,
};
