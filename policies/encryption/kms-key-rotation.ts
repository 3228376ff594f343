import { isTrue, requireSetting } from "../lib/checks";
import { cis, CIS_AWS_BENCHMARK, CIS_V3, NIST_STANDARD, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import { notYetCheckable } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

export const kmsKeyRotation: ResourcePolicyDefinition = {
  scope: "resource",
  name: "kms-key-rotation",
  description: "Symmetric encryption KMS keys rotate automatically (asymmetric, HMAC and external-store keys cannot).",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("KMS.4", "AWS KMS key rotation should be enabled", [CIS_V3, NIST_STANDARD]),
    cis("3.6", "Ensure rotation for customer-created symmetric CMKs is enabled"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-4",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation: "Set `enableKeyRotation: true` on the key (optionally `rotationPeriodInDays`, 90–2560).",
  resourceTypes: ["aws:kms/key:Key"],
  check: (key) => {
    const spec = at(key.props, "customerMasterKeySpec") ?? "SYMMETRIC_DEFAULT";
    const usage = at(key.props, "keyUsage") ?? "ENCRYPT_DECRYPT";
    const store = at(key.props, "customKeyStoreId");
    if (isUnknown(spec) || isUnknown(usage) || isUnknown(store)) {
      return [notYetCheckable("customerMasterKeySpec / keyUsage / customKeyStoreId")];
    }
    if (
      spec !== "SYMMETRIC_DEFAULT" ||
      usage !== "ENCRYPT_DECRYPT" ||
      (typeof store === "string" && store.length > 0)
    ) {
      return [];
    }
    return requireSetting(
      at(key.props, "enableKeyRotation"),
      isTrue,
      "enableKeyRotation",
      `KMS key ${key.name} does not rotate: set enableKeyRotation to true`,
    );
  },
};
