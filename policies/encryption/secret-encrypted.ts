import { requireSetting } from "../lib/checks";
import { nist, NIST_800_53 } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString } from "../lib/values";

export const secretEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "secret-encrypted",
  description:
    "Secrets Manager secrets are encrypted with the cell's KMS key rather than the account-wide aws/secretsmanager " +
    "key.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  // Security Hub's Secrets Manager controls cover rotation and unused secrets, not the key, hence NIST only.
  controls: [
    nist("SC-28", "Protection of information at rest"),
    nist("SC-12", "Cryptographic key establishment and management"),
  ],
  references: [NIST_800_53],
  remediation: "Set `kmsKeyId` on the secret to the cell's KMS key, so only the cell's principals can decrypt it.",
  resourceTypes: ["aws:secretsmanager/secret:Secret"],
  check: (secret) =>
    requireSetting(
      at(secret.props, "kmsKeyId"),
      isNonEmptyString,
      "kmsKeyId",
      `secret ${secret.name} uses the account's default key: set kmsKeyId to the cell's KMS key`,
    ),
};
