import { forbidSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

export const ebsDefaultEncryption: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ebs-default-encryption",
  description:
    "A stack that manages the account's EBS encryption-by-default setting keeps it on (enabled is true by default).",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [securityHub("EC2.7", "EBS default encryption should be enabled")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-7"],
  remediation: "Remove `enabled: false` from `aws.ebs.EncryptionByDefault` (or set it to true).",
  resourceTypes: ["aws:ebs/encryptionByDefault:EncryptionByDefault"],
  check: (setting) =>
    forbidSetting(
      at(setting.props, "enabled"),
      (value) => value === false,
      "enabled",
      `${setting.name} turns the account's EBS encryption by default off: set enabled to true`,
    ),
};
