import { requireSetting } from "../lib/checks";
import { nist, NIST_800_53 } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString } from "../lib/values";

export const logGroupEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "log-group-encrypted",
  description: "CloudWatch log groups are encrypted with a KMS key the cell controls (logs can carry tenant data).",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  // Security Hub has no control for log group encryption (its CloudWatch controls cover alarms, metric filters
  // and retention), hence NIST only.
  controls: [nist("SC-28", "Protection of information at rest"), nist("AU-9", "Protection of audit information")],
  references: [NIST_800_53],
  remediation:
    "Set `kmsKeyId` on the log group to the cell's KMS key ARN; the key policy must allow " +
    "`logs.<region>.amazonaws.com`.",
  resourceTypes: ["aws:cloudwatch/logGroup:LogGroup"],
  check: (group) =>
    requireSetting(
      at(group.props, "kmsKeyId"),
      isNonEmptyString,
      "kmsKeyId",
      `log group ${group.name} is not encrypted with a KMS key: set kmsKeyId`,
    ),
};
