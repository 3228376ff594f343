import { nist, NIST_800_53, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString, isUnknown } from "../lib/values";

export const sqsQueueEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "sqs-queue-encrypted",
  description:
    "SQS queues are encrypted at rest: with a KMS key, or with SQS-managed keys (SSE-SQS, on by default for new " +
    "queues); only a queue that switches SSE-SQS off without a KMS key fails.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("SQS.1", "Amazon SQS queues should be encrypted at rest"),
    nist("SC-28", "Protection of information at rest"),
  ],
  // SSE-SQS is the default for queues created since October 2022 (SQS developer guide, "Encryption at rest",
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html).
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-1", NIST_800_53],
  remediation:
    "Leave `sqsManagedSseEnabled` unset (or true), or set `kmsMasterKeyId` (in a cell, the CellKey component's " +
    "key ARN, as CellQueue does).",
  resourceTypes: ["aws:sqs/queue:Queue"],
  check: (queue): Finding[] => {
    const key = at(queue.props, "kmsMasterKeyId");
    const managed = at(queue.props, "sqsManagedSseEnabled");
    if (isNonEmptyString(key) || (managed !== false && !isUnknown(managed))) {
      return [];
    }
    if (isUnknown(key) || isUnknown(managed)) {
      return [notYetCheckable(isUnknown(key) ? "kmsMasterKeyId" : "sqsManagedSseEnabled")];
    }
    return [
      violation(
        `queue ${queue.name} is not encrypted at rest: sqsManagedSseEnabled is false and no kmsMasterKeyId is set`,
      ),
    ];
  },
};
