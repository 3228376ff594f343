import { EKS_CLUSTER } from "../lib/aws";
import { requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString, isUnknown, listOf } from "../lib/values";

export const eksSecretsEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "eks-secrets-encrypted",
  description: "EKS clusters envelope-encrypt Kubernetes secrets with a KMS key.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [securityHub("EKS.3", "EKS clusters should use encrypted Kubernetes secrets")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-3"],
  remediation:
    'Set `encryptionConfig: { resources: ["secrets"], provider: { keyArn: <cell key ARN> } }` on the cluster.',
  resourceTypes: [EKS_CLUSTER],
  check: (cluster): Finding[] => {
    // aws 7 takes one encryptionConfig object; older state may hold a list of one.
    const configs = listOf(at(cluster.props, "encryptionConfig"));
    if (isUnknown(configs)) {
      return [notYetCheckable("encryptionConfig")];
    }
    const config = configs[0];
    const resources = listOf(at(config, "resources"));
    if (isUnknown(resources)) {
      return [notYetCheckable("encryptionConfig.resources")];
    }
    if (!resources.includes("secrets")) {
      return [
        violation(
          `EKS cluster ${cluster.name} does not encrypt Kubernetes secrets: add encryptionConfig with resources ` +
            `["secrets"]`,
        ),
      ];
    }
    return requireSetting(
      at(config, "provider", "keyArn"),
      isNonEmptyString,
      "encryptionConfig.provider.keyArn",
      `EKS cluster ${cluster.name} names no KMS key for secrets: set encryptionConfig.provider.keyArn`,
    );
  },
};
