import { isTrue, requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

export const ebsVolumeEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ebs-volume-encrypted",
  description: "EBS volumes are encrypted; an unset encrypted flag counts as unencrypted.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  // Not CIS 2.2.1 ("Ensure EBS Volume Encryption is Enabled in all Regions"): that is the account's EBS
  // encryption-by-default setting (Security Hub EC2.7), which a check of each volume does not establish.
  controls: [securityHub("EC2.3", "Attached Amazon EBS volumes should be encrypted at-rest")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-3"],
  remediation:
    "Set `encrypted: true` and `kmsKeyId` to the cell's KMS key on the volume (existing volumes: snapshot, copy " +
    "encrypted, swap).",
  resourceTypes: ["aws:ebs/volume:Volume"],
  check: (volume) =>
    requireSetting(
      at(volume.props, "encrypted"),
      isTrue,
      "encrypted",
      `volume ${volume.name} is not encrypted: set encrypted to true`,
    ),
};
