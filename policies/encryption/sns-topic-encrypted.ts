import { requireSetting } from "../lib/checks";
import { nist, NIST_800_53, NIST_STANDARD, securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString } from "../lib/values";

export const snsTopicEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "sns-topic-encrypted",
  description: "SNS topics are encrypted at rest with a KMS key.",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  // SNS.1 is in Security Hub's NIST standards only (retired from its FSBP standard in April 2024).
  controls: [
    securityHub("SNS.1", "SNS topics should be encrypted at-rest using AWS KMS", [
      NIST_STANDARD,
      "NIST SP 800-171 Rev. 2",
    ]),
    nist("SC-28", "Protection of information at rest"),
  ],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-1", NIST_800_53],
  remediation:
    "Set `kmsMasterKeyId` on the topic to the cell's KMS key (not `alias/aws/sns`, which other principals' topics " +
    "share).",
  resourceTypes: ["aws:sns/topic:Topic"],
  check: (topic) =>
    requireSetting(
      at(topic.props, "kmsMasterKeyId"),
      isNonEmptyString,
      "kmsMasterKeyId",
      `topic ${topic.name} is not encrypted with a KMS key: kmsMasterKeyId is not set`,
    ),
};
