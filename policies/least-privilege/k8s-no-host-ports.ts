import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { verdict, type Verdict } from "../lib/findings";
import { checkWorkload, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, type Plain } from "../lib/values";

/** Baseline: hostPort must be unset or 0 on every port of every container. */
function judgePorts(spec: Plain): Verdict {
  const ports = listOf(at(spec, "ports"));
  if (isUnknown(ports)) {
    return verdict([], ["ports"]);
  }
  const problems: string[] = [];
  const undecided: string[] = [];
  ports.forEach((port, index) => {
    const hostPort = at(port, "hostPort");
    if (isUnknown(hostPort)) {
      undecided.push(`ports[${index}].hostPort`);
    } else if (typeof hostPort === "number" && hostPort !== 0) {
      problems.push(`binds the node's port ${hostPort} (ports[${index}].hostPort): expose it through a Service`);
    }
  });
  return verdict(problems, undecided);
}

export const k8sNoHostPorts: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-no-host-ports",
  description: "No container of a workload binds a port of the node (hostPort unset or 0).",
  group: "least-privilege",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [pss("Baseline", "Host Ports")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#baseline`],
  remediation: "Remove `hostPort` from the container's `ports`; expose the port through a Service or an Ingress.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) => checkWorkload(workload, { container: (container) => judgePorts(container.spec) }),
};
