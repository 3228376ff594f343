/**
 * The Kubernetes objects of an `eks` cell's app, as pure data (`CellWorkload` creates them; the tests validate them
 * against the Kubernetes API schemas). The pod runs under the Pod Security Standards' `restricted` profile
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted): non-root, no privilege
 * escalation, every capability dropped, the RuntimeDefault seccomp profile, and a read-only root filesystem besides.
 * The namespace enforces that profile through Pod Security Admission labels
 * (https://kubernetes.io/docs/concepts/security/pod-security-admission/), so a weaker pod is refused by the API
 * server even if it got past the policy pack.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { cpuMillicores, memoryBytes } from "../../fleet/limits";

/** Everything the manifests are made from, defaults applied. */
export interface WorkloadSettings {
  /** The cell the objects belong to (labels, names). */
  cellId: string;
  region: string;
  /** Namespace and service account the Pod Identity association names. */
  namespace: string;
  serviceAccount: string;
  /** Kubernetes minor version of the cluster (`1.35`): pins the Pod Security profile's version. */
  kubernetesVersion: string;
  /** `<image>:<version>` from the cell file's `app:`. */
  image: string;
  /** The port the container listens on. */
  containerPort: number;
  /** The Service's NodePort, which the load balancer's target group sends to on every node. */
  nodePort: number;
  /** The HTTP path the pods' probes request. */
  healthCheckPath: string;
  /** Pods at rest, and at most under the autoscaler. */
  replicas: number;
  maxReplicas: number;
  /** The autoscaler's target average CPU, percent of the pods' requests. */
  targetCpuUtilization: number;
  /** The container's requests and limits (Kubernetes quantities). */
  resources: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
  /** Non-secret settings for the container (endpoints, names, ARNs); values may be outputs. */
  environment: Record<string, pulumi.Input<string>>;
  /** The cell's VPC range: the nodes (the NodePort's traffic arrives from them), the database and the cache. */
  vpcCidr: string;
  databasePort: number;
  cachePort: number;
}

/** The app's pods, matched by every selector below. */
export function appLabels(settings: WorkloadSettings): Record<string, string> {
  return {
    "app.kubernetes.io/name": "app",
    "app.kubernetes.io/part-of": "cellplane",
    "cellplane/cell": settings.cellId,
  };
}

const APP_SELECTOR = { "app.kubernetes.io/name": "app" };
const APP_USER = 10_001;
/** Added pods during a rollout: the quota leaves room for one above the autoscaler's ceiling. */
const MAX_SURGE = 1;
/** Pod Identity agent's address on every node ("EKS Pod Identity", EKS User Guide). */
const POD_IDENTITY_AGENT = "169.254.170.23/32";

export function namespaceMetadata(settings: WorkloadSettings): k8s.types.input.meta.v1.ObjectMeta {
  const version = `v${settings.kubernetesVersion}`;
  return {
    name: settings.namespace,
    labels: {
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": version,
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": version,
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": version,
      "cellplane/cell": settings.cellId,
    },
  };
}

/** The restricted profile, container side. */
export const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: APP_USER,
  runAsGroup: APP_USER,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

export function deploymentSpec(settings: WorkloadSettings): k8s.types.input.apps.v1.DeploymentSpec {
  const labels = appLabels(settings);
  const probe = (failureThreshold: number, periodSeconds: number) => ({
    httpGet: { path: settings.healthCheckPath, port: "http" },
    periodSeconds,
    timeoutSeconds: 5,
    failureThreshold,
  });
  return {
    replicas: settings.replicas,
    selector: { matchLabels: APP_SELECTOR },
    strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: MAX_SURGE, maxUnavailable: 0 } },
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: settings.serviceAccount,
        // Pod Identity mounts its own projected token; the app never talks to the Kubernetes API.
        automountServiceAccountToken: false,
        securityContext: {
          runAsNonRoot: true,
          runAsUser: APP_USER,
          runAsGroup: APP_USER,
          fsGroup: APP_USER,
          seccompProfile: { type: "RuntimeDefault" },
        },
        terminationGracePeriodSeconds: 30,
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: APP_SELECTOR },
          },
          {
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: APP_SELECTOR },
          },
        ],
        containers: [
          {
            name: "app",
            image: settings.image,
            ports: [{ name: "http", containerPort: settings.containerPort, protocol: "TCP" }],
            env: [
              { name: "PORT", value: String(settings.containerPort) },
              { name: "AWS_REGION", value: settings.region },
              { name: "CELL_ID", value: settings.cellId },
              ...Object.entries(settings.environment).map(([name, value]) => ({ name, value })),
            ],
            resources: settings.resources,
            readinessProbe: probe(2, 10),
            livenessProbe: { ...probe(6, 20), initialDelaySeconds: 30 },
            securityContext: CONTAINER_SECURITY_CONTEXT,
            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
          },
        ],
        volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
      },
    },
  };
}

export function serviceSpec(settings: WorkloadSettings): k8s.types.input.core.v1.ServiceSpec {
  return {
    type: "NodePort",
    selector: APP_SELECTOR,
    externalTrafficPolicy: "Cluster",
    ports: [{ name: "http", protocol: "TCP", port: 80, targetPort: "http", nodePort: settings.nodePort }],
  };
}

export function autoscalerSpec(
  settings: WorkloadSettings,
  deploymentName: string,
): k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec {
  return {
    scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deploymentName },
    minReplicas: settings.replicas,
    maxReplicas: settings.maxReplicas,
    metrics: [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: settings.targetCpuUtilization } },
      },
    ],
  };
}

export function disruptionBudgetSpec(): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
  return { maxUnavailable: 1, selector: { matchLabels: APP_SELECTOR } };
}

/** Nothing in or out of the namespace unless an allow below says so. */
export function defaultDenySpec(): k8s.types.input.networking.v1.NetworkPolicySpec {
  return { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
}

/**
 * What the app needs: HTTP in from the nodes (the NodePort's traffic, source-NATed by kube-proxy); DNS to the
 * cluster's DNS pods; the database and cache in the VPC; HTTPS out (AWS APIs through the NAT gateways); and the Pod
 * Identity agent for credentials.
 */
export function appAllowSpec(settings: WorkloadSettings): k8s.types.input.networking.v1.NetworkPolicySpec {
  const dns = [53].flatMap((port) => [
    { protocol: "UDP", port },
    { protocol: "TCP", port },
  ]);
  return {
    podSelector: { matchLabels: APP_SELECTOR },
    policyTypes: ["Ingress", "Egress"],
    ingress: [
      { from: [{ ipBlock: { cidr: settings.vpcCidr } }], ports: [{ protocol: "TCP", port: settings.containerPort }] },
    ],
    egress: [
      {
        to: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
            podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
          },
        ],
        ports: dns,
      },
      {
        to: [{ ipBlock: { cidr: settings.vpcCidr } }],
        ports: [
          { protocol: "TCP", port: settings.databasePort },
          { protocol: "TCP", port: settings.cachePort },
        ],
      },
      { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
      { to: [{ ipBlock: { cidr: POD_IDENTITY_AGENT } }], ports: [{ protocol: "TCP", port: 80 }] },
    ],
  };
}

/** Room for the autoscaler's ceiling plus one surge pod, at their requests and limits, and nothing else. */
export function resourceQuotaSpec(settings: WorkloadSettings): k8s.types.input.core.v1.ResourceQuotaSpec {
  const pods = settings.maxReplicas + MAX_SURGE;
  const { requests, limits } = settings.resources;
  const cpu = (quantity: string) => `${cpuMillicores(quantity) * pods}m`;
  const memory = (quantity: string) => `${(memoryBytes(quantity) / 1024) * pods}Ki`;
  return {
    hard: {
      pods: String(pods),
      "requests.cpu": cpu(requests.cpu),
      "requests.memory": memory(requests.memory),
      "limits.cpu": cpu(limits.cpu),
      "limits.memory": memory(limits.memory),
      services: "1",
      "services.nodeports": "1",
      "services.loadbalancers": "0",
      persistentvolumeclaims: "0",
    },
  };
}

/** Containers without their own requests and limits get the app's; none may exceed the app's limits. */
export function limitRangeSpec(settings: WorkloadSettings): k8s.types.input.core.v1.LimitRangeSpec {
  const { requests, limits } = settings.resources;
  return {
    limits: [{ type: "Container", default: { ...limits }, defaultRequest: { ...requests }, max: { ...limits } }],
  };
}
