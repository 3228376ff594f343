import { isTrue, settingVerdict } from "../lib/checks";
import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { checkWorkload, containerSetting, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";

export const k8sNoPrivilegedContainers: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-no-privileged-containers",
  description:
    "No container of a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob) runs privileged.",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [pss("Baseline", "Privileged Containers")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#baseline`],
  remediation: "Remove `securityContext.privileged: true`; grant the one capability the container needs instead.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      container: (container) =>
        settingVerdict(
          containerSetting(container, "privileged"),
          (value) => !isTrue(value),
          "securityContext.privileged",
          "runs privileged: remove securityContext.privileged",
        ),
    }),
};
