import { combineVerdicts, isTrue, settingVerdict } from "../lib/checks";
import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { at } from "../lib/values";
import { checkWorkload, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

export const k8sNoHostNamespaces: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-no-host-namespaces",
  description: "Workload pods do not share the node's network, PID or IPC namespace.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [pss("Baseline", "Host Namespaces")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#baseline`],
  remediation:
    "Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (or set them to false); expose ports through a " +
    "Service.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      pod: (pod) =>
        combineVerdicts(
          ...HOST_NAMESPACES.map((field) =>
            settingVerdict(
              at(pod.spec, field),
              (value) => !isTrue(value),
              field,
              `shares the node's namespace: remove ${field}`,
            ),
          ),
        ),
    }),
};
