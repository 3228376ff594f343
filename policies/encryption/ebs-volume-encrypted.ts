import { isTrue, requireSetting } from "../lib/checks";
import { cis, securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

export const ebsVolumeEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ebs-volume-encrypted",
  description: "EBS volumes are encrypted; an unset encrypted flag counts as unencrypted.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("EC2.3", "Attached Amazon EBS volumes should be encrypted at-rest"),
    cis("2.2.1", "Ensure EBS volume encryption is enabled in all regions"),
  ],
  remediation: "Set `encrypted: true` and `kmsKeyId` to the cell's KMS key on the volume (existing volumes: snapshot, copy encrypted, swap).",
  resourceTypes: ["aws:ebs/volume:Volume"],
  check: (volume) => requireSetting(at(volume.props, "encrypted"), isTrue, "encrypted", `volume ${volume.name} is not encrypted: set encrypted to true`),
};
