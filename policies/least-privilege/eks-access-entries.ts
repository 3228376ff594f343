import { EKS_CLUSTER } from "../lib/aws";
import { nist, NIST_800_53 } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

export const eksAccessEntries: ResourcePolicyDefinition = {
  scope: "resource",
  name: "eks-access-entries",
  description:
    "EKS clusters grant Kubernetes access through EKS access entries only (authenticationMode API, no aws-auth " +
    "ConfigMap), and give their creator no implicit, invisible cluster-admin entry.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  // Access entries are API objects the stack declares and CloudTrail records; the aws-auth ConfigMap is edited
  // inside the cluster, and the creator's bootstrap entry appears in no program. CONFIG_MAP is the API's default
  // and bootstrapClusterCreatorAdminPermissions defaults to true (AWS::EKS::Cluster AccessConfig).
  controls: [nist("AC-2", "Account management"), nist("AC-6", "Least privilege")],
  references: [NIST_800_53],
  remediation:
    'Set `accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false }` and grant ' +
    "access with `aws.eks.AccessEntry` + `aws.eks.AccessPolicyAssociation` for named roles.",
  resourceTypes: [EKS_CLUSTER],
  check: (cluster): Finding[] => {
    const mode = at(cluster.props, "accessConfig", "authenticationMode");
    const bootstrap = at(cluster.props, "accessConfig", "bootstrapClusterCreatorAdminPermissions");
    if (isUnknown(mode) || isUnknown(bootstrap)) {
      return [notYetCheckable("accessConfig")];
    }
    const findings: Finding[] = [];
    if (mode !== "API") {
      const current = typeof mode === "string" ? mode : "CONFIG_MAP (the default)";
      findings.push(
        violation(
          `EKS cluster ${cluster.name} authenticates with ${current}` +
            ': set accessConfig.authenticationMode to "API" and use access entries, not the aws-auth ConfigMap',
        ),
      );
    }
    if (bootstrap !== false) {
      findings.push(
        violation(
          `EKS cluster ${cluster.name} makes its creator a cluster admin: set ` +
            "accessConfig.bootstrapClusterCreatorAdminPermissions to false and add an access entry for the admin role",
        ),
      );
    }
    return findings;
  },
};
