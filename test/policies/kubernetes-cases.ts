/**
 * Cases for the Kubernetes policies issue 11 added, translated from the Pod Security admission fixtures in
 * kubernetes/kubernetes staging/src/k8s.io/pod-security-admission/test (fixtures_hostPorts.go: a hostPort on a
 * container or an init container fails, container ports without one pass; fixtures_hostPathVolumes.go: a
 * hostPath volume fails, other volume kinds pass), and from checkov's Kubernetes checks for RBAC wildcards and
 * service-account tokens (CKV_K8S_49-style "*" verbs, CKV_K8S_38 automountServiceAccountToken).
 */
import type { AnalyzerResourceInput, PropertyMap } from "../../tools/analyzer";
import * as ok from "./compliant";
import { CELL, resource } from "./harness";
import type { ResourceCase } from "./resource-cases";

const app = (ports: PropertyMap[]): PropertyMap => ({
  name: "app",
  image: "registry.example.com/app:1.0",
  ports,
  securityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } },
});
const init = (ports: PropertyMap[]): PropertyMap => ({ ...app(ports), name: "init" });

const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
const role = (type: string, rules: PropertyMap[], name = `${CELL}-reader`): AnalyzerResourceInput =>
  resource(type, name, { metadata: { name, namespace: CELL }, rules });
const READ_PODS = { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] };

export const KUBERNETES_RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "k8s-no-host-ports",
    compliant: [
      ok.deployment({
        containers: [app([{ containerPort: 12345 }])],
        initContainers: [init([{ containerPort: 12346 }])],
      }),
    ],
    violating: [
      {
        title: "hostPort on a container",
        resource: ok.deployment({ containers: [app([{ containerPort: 12345, hostPort: 12345 }])] }),
      },
      {
        title: "hostPort on an init container of a DaemonSet",
        resource: ok.deployment(
          { initContainers: [init([{ containerPort: 12346, hostPort: 12346 }])] },
          "kubernetes:apps/v1:DaemonSet",
        ),
      },
      {
        title: "a mix of host and regular ports on both (Pod)",
        resource: ok.deployment(
          {
            containers: [app([{ containerPort: 12345, hostPort: 12345 }, { containerPort: 12347 }])],
            initContainers: [init([{ containerPort: 12346, hostPort: 12346 }, { containerPort: 12348 }])],
          },
          "kubernetes:core/v1:Pod",
        ),
        violations: 2,
      },
    ],
  },
  {
    policy: "k8s-no-host-path",
    compliant: [
      ok.deployment({
        volumes: [
          { name: "scratch", emptyDir: {} },
          { name: "config", configMap: { name: "app" } },
        ],
      }),
    ],
    violating: [
      {
        title: "a hostPath volume in a StatefulSet",
        resource: ok.deployment(
          { volumes: [{ name: "host", hostPath: { path: "/var/run/docker.sock" } }] },
          "kubernetes:apps/v1:StatefulSet",
        ),
      },
      {
        title: "a hostPath volume beside an emptyDir in a CronJob",
        resource: ok.deployment(
          {
            volumes: [
              { name: "scratch", emptyDir: {} },
              { name: "logs", hostPath: { path: "/var/log" } },
            ],
          },
          "kubernetes:batch/v1:CronJob",
        ),
      },
    ],
  },
  {
    policy: "k8s-no-automount-token",
    compliant: [ok.deployment(), ok.deployment({ automountServiceAccountToken: true }, "kubernetes:batch/v1:Job")],
    violating: [
      {
        title: "token mounted by default (field unset)",
        resource: ok.deployment({ automountServiceAccountToken: undefined }),
      },
    ],
  },
  {
    policy: "k8s-rbac-no-wildcards",
    compliant: [role(ROLE, [READ_PODS]), role(CLUSTER_ROLE, [READ_PODS], `${CELL}-cluster-reader`)],
    violating: [
      { title: 'Role with verbs "*"', resource: role(ROLE, [{ ...READ_PODS, verbs: ["*"] }]) },
      {
        title: 'ClusterRole with resources "*" and apiGroups "*"',
        resource: role(
          CLUSTER_ROLE,
          [READ_PODS, { apiGroups: ["*"], resources: ["*"], verbs: ["get"] }],
          `${CELL}-admin`,
        ),
        violations: 2,
      },
    ],
  },
];
