import { forbidSetting, isTrue, requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString, isUnknown, listOf } from "../lib/values";

/** Redis AUTH: a token, or RBAC user groups (Redis 6+/Valkey). */
function authFindings(group: CheckedResource): Finding[] {
  const token = at(group.props, "authToken");
  const userGroups = listOf(at(group.props, "userGroupIds"));
  if (isNonEmptyString(token) || (!isUnknown(userGroups) && userGroups.length > 0)) {
    return [];
  }
  if (isUnknown(token) || isUnknown(userGroups)) {
    return [notYetCheckable("authToken / userGroupIds")];
  }
  return [violation(`replication group ${group.name} accepts unauthenticated clients: set authToken or userGroupIds`)];
}

export const elasticacheEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "elasticache-encrypted",
  description:
    'ElastiCache replication groups encrypt at rest and in transit (transitEncryptionMode not "preferred", which ' +
    "still accepts plaintext) and require authentication.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("ElastiCache.4", "ElastiCache replication groups should be encrypted at rest"),
    securityHub("ElastiCache.5", "ElastiCache replication groups should be encrypted in transit"),
    securityHub(
      "ElastiCache.6",
      "ElastiCache (Redis OSS) replication groups of earlier versions should have Redis OSS AUTH enabled",
    ),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-6",
  ],
  remediation:
    "On the replication group set `atRestEncryptionEnabled: true` with `kmsKeyId` = the cell key, " +
    '`transitEncryptionEnabled: true`, `transitEncryptionMode: "required"` (after clients moved to TLS), and either ' +
    "`authToken` (a secret) or `userGroupIds` (RBAC). At-rest encryption needs a new replication group.",
  resourceTypes: ["aws:elasticache/replicationGroup:ReplicationGroup"],
  check: (group) => [
    ...requireSetting(
      at(group.props, "atRestEncryptionEnabled"),
      isTrue,
      "atRestEncryptionEnabled",
      `replication group ${group.name} is not encrypted at rest: set atRestEncryptionEnabled`,
    ),
    ...requireSetting(
      at(group.props, "transitEncryptionEnabled"),
      isTrue,
      "transitEncryptionEnabled",
      `replication group ${group.name} is not encrypted in transit: set transitEncryptionEnabled`,
    ),
    // "preferred" is the migration mode that still accepts plaintext connections; unset means "required" once
    // transit encryption is on (ElastiCache user guide, "Enabling in-transit encryption").
    ...forbidSetting(
      at(group.props, "transitEncryptionMode"),
      (mode) => mode === "preferred",
      "transitEncryptionMode",
      `replication group ${group.name} still accepts plaintext clients: set transitEncryptionMode to "required"`,
    ),
    ...authFindings(group),
  ],
};
