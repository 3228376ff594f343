/**
 * Kubernetes workloads: where each kind keeps its pod spec, its containers, and the security settings a
 * container inherits from the pod. The Pod Security Standards policies share this reading.
 */
import { notYetCheckable, verdictFindings, type Finding, type Verdict } from "./findings";
import type { CheckedResource } from "./policy";
import { at, isUnknown, listOf, type Plain } from "./values";

/** Path from the resource's properties to its pod spec. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": ["spec"],
  "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
  "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const WORKLOAD_TYPES: readonly string[] = Object.keys(POD_SPEC_PATHS);

const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

export interface Container {
  /** e.g. `containers[0] "app"`. */
  label: string;
  spec: Plain;
}

export interface Pod {
  spec: Plain;
}

/** A container's security setting, falling back to the pod's (runAsNonRoot, runAsUser, seccompProfile). */
export function effectiveSetting(container: Container, pod: Pod, ...path: string[]): Plain | undefined {
  const own = at(container.spec, "securityContext", ...path);
  return own !== undefined && own !== null ? own : at(pod.spec, "securityContext", ...path);
}

export function containerSetting(container: Container, ...path: string[]): Plain | undefined {
  return at(container.spec, "securityContext", ...path);
}

/**
 * Runs `judgeContainer` on every container (init, regular, ephemeral) and `judgePod` on the pod spec of a
 * workload, turning verdicts into findings that name the workload and the container.
 */
export function checkWorkload(
  workload: CheckedResource,
  judge: { pod?: (pod: Pod) => Verdict; container?: (container: Container, pod: Pod) => Verdict },
): Finding[] {
  const spec = at(workload.props, ...POD_SPEC_PATHS[workload.type]);
  if (isUnknown(spec)) {
    return [notYetCheckable("the pod spec")];
  }
  if (spec === undefined || spec === null) {
    return [];
  }
  const pod: Pod = { spec };
  const where = `${kindOf(workload.type)} ${workload.name}:`;
  const podFindings = judge.pod ? verdictFindings(judge.pod(pod), where) : [];
  if (!judge.container) {
    return podFindings;
  }
  const judgeContainer = judge.container;
  const containerFindings = CONTAINER_LISTS.flatMap((list) => {
    const containers = listOf(at(spec, list));
    if (isUnknown(containers)) {
      return [notYetCheckable(`${where} ${list}`)];
    }
    return containers.flatMap((container, index) => {
      const named = at(container, "name");
      const label = `${list}[${index}]${typeof named === "string" ? ` "${named}"` : ""}`;
      return verdictFindings(judgeContainer({ label, spec: container }, pod), `${where} ${label}`);
    });
  });
  return [...podFindings, ...containerFindings];
}

function kindOf(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}
