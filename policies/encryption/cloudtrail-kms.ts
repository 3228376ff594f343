import { requireSetting } from "../lib/checks";
import { cis, CIS_AWS_BENCHMARK, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString } from "../lib/values";

export const cloudtrailKms: ResourcePolicyDefinition = {
  scope: "resource",
  name: "cloudtrail-kms",
  description: "CloudTrail trails encrypt their log files with a KMS key (kmsKeyId), not only SSE-S3.",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("CloudTrail.2", "CloudTrail should have encryption at-rest enabled"),
    cis("3.5", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-2",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation:
    "Set `kmsKeyId` on the trail to a KMS key whose policy lets cloudtrail.amazonaws.com encrypt (GenerateDataKey*).",
  resourceTypes: ["aws:cloudtrail/trail:Trail"],
  check: (trail) =>
    requireSetting(
      at(trail.props, "kmsKeyId"),
      isNonEmptyString,
      "kmsKeyId",
      `trail ${trail.name} does not encrypt its logs with KMS: set kmsKeyId`,
    ),
};
