import { EKS_CLUSTER } from "../lib/aws";
import { securityHub, STANDARDS_NOT_CHECKED } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf } from "../lib/values";

/**
 * The control-plane log types EKS can send to CloudWatch Logs ("Send control plane logs to CloudWatch Logs", EKS
 * User Guide). `audit` is what Security Hub EKS.8 requires; `authenticator` records which IAM principal became
 * which Kubernetes user, the other half of "who did what".
 */
const REQUIRED_LOG_TYPES = ["audit", "authenticator"];

export const eksControlPlaneLogging: ResourcePolicyDefinition = {
  scope: "resource",
  name: "eks-control-plane-logging",
  description:
    "EKS clusters send their audit and authenticator control-plane logs to CloudWatch Logs " +
    "(enabledClusterLogTypes; every type is off by default).",
  group: "logging",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [securityHub("EKS.8", "EKS clusters should have audit logging enabled", STANDARDS_NOT_CHECKED)],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-8"],
  remediation:
    'Set `enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"]` on the ' +
    "cluster, with the log group `/aws/eks/<cluster>/cluster` created beforehand with the cell key and a retention.",
  resourceTypes: [EKS_CLUSTER],
  check: (cluster): Finding[] => {
    const types = listOf(at(cluster.props, "enabledClusterLogTypes"));
    if (isUnknown(types) || types.some(isUnknown)) {
      return [notYetCheckable("enabledClusterLogTypes")];
    }
    const missing = REQUIRED_LOG_TYPES.filter((type) => !types.includes(type));
    return missing.length === 0
      ? []
      : [
          violation(
            `EKS cluster ${cluster.name} does not log ${missing.join(" and ")} from its control plane: add them to ` +
              "enabledClusterLogTypes",
          ),
        ];
  },
};
