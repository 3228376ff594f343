import { EKS_CLUSTER, isAnywhere } from "../lib/aws";
import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf } from "../lib/values";

export const eksEndpointRestricted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "eks-endpoint-restricted",
  description:
    "The EKS API endpoint is private, or public only to listed CIDRs (the public endpoint defaults to open to " +
    "0.0.0.0/0).",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  // EKS.1 fails any public endpoint; this policy also lets one through when publicAccessCidrs lists no
  // 0.0.0.0/0 or ::/0 (see "Where a policy and its controls differ" in docs/policies.md).
  controls: [securityHub("EKS.1", "EKS cluster endpoints should not be publicly accessible")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/eks-controls.html#eks-1"],
  remediation:
    "Set `vpcConfig.endpointPublicAccess: false` and `endpointPrivateAccess: true`, or keep it public with " +
    "`publicAccessCidrs` naming the operators' egress ranges.",
  resourceTypes: [EKS_CLUSTER],
  check: (cluster): Finding[] => {
    const isPublic = at(cluster.props, "vpcConfig", "endpointPublicAccess");
    if (isUnknown(isPublic)) {
      return [notYetCheckable("vpcConfig.endpointPublicAccess")];
    }
    if (isPublic === false) {
      return [];
    }
    const cidrs = listOf(at(cluster.props, "vpcConfig", "publicAccessCidrs"));
    if (isUnknown(cidrs) || cidrs.some(isUnknown)) {
      return [notYetCheckable("vpcConfig.publicAccessCidrs")];
    }
    const open = cidrs.length === 0 ? ["0.0.0.0/0 (the default)"] : cidrs.filter(isAnywhere);
    return open.length > 0
      ? [
          violation(
            `EKS cluster ${cluster.name} exposes its API endpoint to ${open.join(", ")}: make it private or list ` +
              `publicAccessCidrs`,
          ),
        ]
      : [];
  },
};
