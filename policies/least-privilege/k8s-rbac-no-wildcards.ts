import { nist, NIST_800_53 } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf } from "../lib/values";

const ROLE_TYPES = [
  "kubernetes:rbac.authorization.k8s.io/v1:Role",
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
];

function check(role: CheckedResource): Finding[] {
  const rules = listOf(at(role.props, "rules"));
  if (isUnknown(rules)) {
    return [notYetCheckable("rules")];
  }
  const kind = role.type.slice(role.type.lastIndexOf(":") + 1);
  return eachFinding(rules, (rule, index) =>
    (["verbs", "resources", "apiGroups"] as const).flatMap((field): Finding[] => {
      const values = listOf(at(rule, field));
      if (isUnknown(values)) {
        return [notYetCheckable(`rules[${index}].${field}`)];
      }
      return values.includes("*")
        ? [violation(`${kind} ${role.name} rules[${index}] grants every ${field.replace(/s$/, "")} ("*"): list them`)]
        : [];
    }),
  );
}

export const k8sRbacNoWildcards: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-rbac-no-wildcards",
  description: 'Kubernetes Roles and ClusterRoles list their verbs, resources and API groups: no "*" in a rule.',
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  // CIS Kubernetes Benchmark 5.1.3 ("Minimize wildcard use in Roles and ClusterRoles") states the same.
  controls: [nist("AC-6", "Least privilege")],
  references: [NIST_800_53],
  remediation:
    'Replace "*" with the verbs (get, list, watch, ...), resources and API groups the role needs; aggregate ' +
    "ClusterRoles instead of widening one.",
  resourceTypes: ROLE_TYPES,
  check,
};
