import { requireSetting } from "../lib/checks";
import { nist, NIST_800_53, securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString } from "../lib/values";

export const sqsQueueEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "sqs-queue-encrypted",
  description: "SQS queues are encrypted at rest with a KMS key the cell controls.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("SQS.1", "Amazon SQS queues should be encrypted at rest"),
    nist("SC-28", "Protection of information at rest"),
  ],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1", NIST_800_53],
  remediation:
    "Set `kmsMasterKeyId` on the queue to the cell's KMS key (the CellKey component's key ARN). SQS-managed SSE " +
    "(`sqsManagedSseEnabled`) does not count: the cell must control the key.",
  resourceTypes: ["aws:sqs/queue:Queue"],
  check: (queue) =>
    requireSetting(
      at(queue.props, "kmsMasterKeyId"),
      isNonEmptyString,
      "kmsMasterKeyId",
      `queue ${queue.name} is not encrypted with a KMS key: kmsMasterKeyId is not set`,
    ),
};
