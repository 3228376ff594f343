import { settingVerdict } from "../lib/checks";
import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { checkWorkload, containerSetting, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";

export const k8sNoPrivilegeEscalation: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-no-privilege-escalation",
  description: "Every container sets allowPrivilegeEscalation: false (unset allows escalation).",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [pss("Restricted", "Privilege Escalation")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#restricted`],
  remediation:
    "Set `securityContext.allowPrivilegeEscalation: false` on every container, init container and ephemeral container.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      container: (container) =>
        settingVerdict(
          containerSetting(container, "allowPrivilegeEscalation"),
          (value) => value === false,
          "securityContext.allowPrivilegeEscalation",
          "may escalate privileges: set securityContext.allowPrivilegeEscalation to false",
        ),
    }),
};
