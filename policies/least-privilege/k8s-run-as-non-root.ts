import { combineVerdicts, settingVerdict } from "../lib/checks";
import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { checkWorkload, effectiveSetting, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";

export const k8sRunAsNonRoot: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-run-as-non-root",
  description: "Every container runs as non-root: runAsNonRoot true (container or pod level) and no runAsUser 0.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [pss("Restricted", "Running as Non-root"), pss("Restricted", "Running as Non-root user")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#restricted`],
  remediation:
    "Set `securityContext.runAsNonRoot: true` on the pod (or each container) and a non-zero `runAsUser`; build " +
    "images with a non-root USER.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      container: (container, pod) =>
        combineVerdicts(
          settingVerdict(
            effectiveSetting(container, pod, "runAsNonRoot"),
            (value) => value === true,
            "runAsNonRoot",
            "may run as root: set runAsNonRoot to true",
          ),
          settingVerdict(
            effectiveSetting(container, pod, "runAsUser"),
            (value) => value !== 0,
            "runAsUser",
            "runs as user 0 (root): set a non-zero runAsUser",
          ),
        ),
    }),
};
