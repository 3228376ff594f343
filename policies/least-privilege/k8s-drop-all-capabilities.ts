import { combineVerdicts, settingVerdict } from "../lib/checks";
import { K8S_POD_SECURITY_STANDARDS, pss } from "../lib/controls";
import { checkWorkload, containerSetting, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { isUnknown, listOf, type Plain } from "../lib/values";

function dropsAll(value: Plain | undefined): boolean {
  const dropped = listOf(value);
  return (
    !isUnknown(dropped) &&
    dropped.some((capability) => typeof capability === "string" && capability.toUpperCase() === "ALL")
  );
}

/** The Restricted profile lets a container add back only NET_BIND_SERVICE. */
function addsOnlyNetBind(value: Plain | undefined): boolean {
  const added = listOf(value);
  return (
    !isUnknown(added) &&
    added.every((capability) => typeof capability === "string" && capability.toUpperCase() === "NET_BIND_SERVICE")
  );
}

export const k8sDropAllCapabilities: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-drop-all-capabilities",
  description: "Every container drops ALL Linux capabilities and adds back at most NET_BIND_SERVICE.",
  group: "least-privilege",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [pss("Restricted", "Capabilities"), pss("Baseline", "Capabilities")],
  references: [`${K8S_POD_SECURITY_STANDARDS}#restricted`, `${K8S_POD_SECURITY_STANDARDS}#baseline`],
  remediation:
    'Set `securityContext.capabilities: { drop: ["ALL"] }` on every container; add `NET_BIND_SERVICE` only if it ' +
    "binds a port below 1024.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      container: (container) =>
        combineVerdicts(
          settingVerdict(
            containerSetting(container, "capabilities", "drop"),
            dropsAll,
            "capabilities.drop",
            'keeps default capabilities: set capabilities.drop to ["ALL"]',
          ),
          settingVerdict(
            containerSetting(container, "capabilities", "add"),
            addsOnlyNetBind,
            "capabilities.add",
            "adds capabilities beyond NET_BIND_SERVICE: remove them from capabilities.add",
          ),
        ),
    }),
};
