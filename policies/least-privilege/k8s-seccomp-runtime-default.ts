import { settingVerdict } from "../lib/checks";
import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { checkWorkload, effectiveSetting, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";
import type { Plain } from "../lib/values";

/** RuntimeDefault is what cellplane sets; Localhost (a node-provided profile) also satisfies the Restricted profile. */
function isConfinedProfile(value: Plain | undefined): boolean {
  return value === "RuntimeDefault" || value === "Localhost";
}

export const k8sSeccompRuntimeDefault: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-seccomp-runtime-default",
  description:
    "Every container runs under a seccomp profile: RuntimeDefault (or Localhost), set on the pod or the container, " +
    "never Unconfined.",
  group: "least-privilege",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [pss("Restricted", "Seccomp"), pss("Baseline", "Seccomp")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#restricted`, `${K8S_POD_SECURITY_STANDARDS}#baseline`],
  remediation: 'Set `securityContext.seccompProfile: { type: "RuntimeDefault" }` on the pod spec.',
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      container: (container, pod) =>
        settingVerdict(
          effectiveSetting(container, pod, "seccompProfile", "type"),
          isConfinedProfile,
          "seccompProfile.type",
          'runs without a seccomp profile: set seccompProfile.type to "RuntimeDefault" on the pod',
        ),
    }),
};
