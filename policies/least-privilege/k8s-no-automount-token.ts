import { nist, NIST_800_53 } from "../lib/controls";
import { settingVerdict } from "../lib/checks";
import { checkWorkload, WORKLOAD_TYPES } from "../lib/kubernetes";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

export const k8sNoAutomountToken: ResourcePolicyDefinition = {
  scope: "resource",
  name: "k8s-no-automount-token",
  description:
    "Workload pods do not mount a service-account token unless they set automountServiceAccountToken explicitly " +
    "(Kubernetes mounts one by default, which any process of the pod can use against the API server).",
  group: "least-privilege",
  severity: "medium",
  enforcementLevel: "mandatory",
  // CIS Kubernetes Benchmark 5.1.6 ("Ensure that Service Account Tokens are only mounted where necessary") states
  // the same; the pack maps it to NIST until it carries a CIS Kubernetes framework.
  controls: [nist("AC-6", "Least privilege")],
  references: [NIST_800_53],
  remediation:
    "Set `automountServiceAccountToken: false` in the pod spec; a pod that calls the API server sets it to true " +
    "and runs under its own service account with a narrow Role.",
  resourceTypes: WORKLOAD_TYPES,
  check: (workload) =>
    checkWorkload(workload, {
      pod: (pod) =>
        settingVerdict(
          at(pod.spec, "automountServiceAccountToken"),
          (value) => value === false || value === true,
          "automountServiceAccountToken",
          "mounts a service-account token by default: set automountServiceAccountToken to false (or true where needed)",
        ),
    }),
};
