import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { verdict } from "../lib/findings";
import { checkWorkload, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, shown } from "../lib/values";

export const k8sNoHostPath: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-no-host-path",
  description: "Workload pods mount no hostPath volume (the node's file system).",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [pss("Baseline", "HostPath Volumes")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#baseline`],
  remediation: "Replace the hostPath volume with an emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      pod: (pod) => {
        const volumes = listOf(at(pod.spec, "volumes"));
        if (isUnknown(volumes)) {
          return verdict([], ["volumes"]);
        }
        const problems = volumes.flatMap((volume, index) => {
          const hostPath = at(volume, "hostPath");
          const name = at(volume, "name");
          return hostPath === undefined || hostPath === null || isUnknown(hostPath)
            ? []
            : [
                `mounts the node's ${shown(at(hostPath, "path") ?? "path")} ` +
                  `(volumes[${index}]${typeof name === "string" ? ` "${name}"` : ""} hostPath)`,
              ];
        });
        return verdict(problems);
      },
    }),
};
