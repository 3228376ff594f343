/**
 * The cell file's `compute:` block: which kind of compute runs the app (`asg`, the default, or `eks`) and the
 * settings of an EKS cell. The app itself (image, version, port, health path) stays in `app:`, shared by both
 * kinds, so a rollout changes them the same way. `eks:` may be present on an `asg` cell (fleet.yaml's defaults can
 * hold it for every cell); it is read only when `kind` is `eks`. Every limit comes from limits.ts.
 */
import { z } from "zod";
import {
  APP_PORT,
  COMPUTE_KINDS,
  CPU_QUANTITY,
  cpuMillicores,
  DEFAULT_KUBERNETES_VERSION,
  EKS_KUBERNETES_VERSIONS,
  GRAVITON_INSTANCE_TYPE,
  HPA_CPU_PERCENT,
  IAM_ROLE_NAME,
  MEMORY_QUANTITY,
  memoryBytes,
  NODE_GROUP_SIZE,
  NODE_PORT,
  POD_REPLICAS,
  PUBLIC_ACCESS_CIDR,
  type IntegerRange,
  type StringShape,
} from "./limits";

function whole(range: IntegerRange) {
  return z.int().min(range.min).max(range.max);
}

function shaped(shape: StringShape) {
  return z.string().regex(shape.pattern, `must be ${shape.shape}`);
}

const quantities = z.strictObject({ cpu: shaped(CPU_QUANTITY), memory: shaped(MEMORY_QUANTITY) });

export const EKS_DEFAULTS = {
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  nodes: { instanceTypes: ["m7g.large"], min: 3, desired: 3, max: 6 },
  replicas: 3,
  maxReplicas: 12,
  targetCpuUtilization: 60,
  resources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
  nodePort: 30_080,
  endpointPublicAccessCidrs: [] as string[],
  adminRoleName: "platform-admin",
};

export const eksSchema = z
  .strictObject({
    /** Kubernetes minor version of the cluster, one EKS supports in standard support (limits.ts). */
    kubernetesVersion: z
      .string()
      .refine(
        (version) => version in EKS_KUBERNETES_VERSIONS,
        `must be a Kubernetes version in EKS standard support: ${Object.keys(EKS_KUBERNETES_VERSIONS).join(", ")}`,
      )
      .default(EKS_DEFAULTS.kubernetesVersion),
    /** The managed node group: Graviton instance types (the nodes run the arm64 EKS AMI) and its size. */
    nodes: z
      .strictObject({
        instanceTypes: z
          .array(shaped(GRAVITON_INSTANCE_TYPE))
          .min(1)
          .refine((types) => new Set(types).size === types.length, "must list each instance type once"),
        min: whole(NODE_GROUP_SIZE),
        desired: whole(NODE_GROUP_SIZE),
        max: whole(NODE_GROUP_SIZE),
      })
      .default(EKS_DEFAULTS.nodes),
    /** Pods at creation and the autoscaler's floor. */
    replicas: whole(POD_REPLICAS).default(EKS_DEFAULTS.replicas),
    /** The autoscaler's ceiling. */
    maxReplicas: whole(POD_REPLICAS).default(EKS_DEFAULTS.maxReplicas),
    /** Average CPU, in percent of the request, the HorizontalPodAutoscaler holds. */
    targetCpuUtilization: whole(HPA_CPU_PERCENT).default(EKS_DEFAULTS.targetCpuUtilization),
    /** The app container's requests and limits (each request at most its limit). */
    resources: z.strictObject({ requests: quantities, limits: quantities }).default(EKS_DEFAULTS.resources),
    /** Port the container listens on; default `app.port`. */
    containerPort: whole(APP_PORT).optional(),
    /** NodePort of the app's Service, the load balancer's target port on the nodes. */
    nodePort: whole(NODE_PORT).default(EKS_DEFAULTS.nodePort),
    /** CIDRs that may reach the public API endpoint; empty (the default) keeps the endpoint private. */
    endpointPublicAccessCidrs: z.array(shaped(PUBLIC_ACCESS_CIDR)).default(EKS_DEFAULTS.endpointPublicAccessCidrs),
    /** IAM role (in the cell's account) the platform team administers clusters with: its EKS access entry. */
    adminRoleName: shaped(IAM_ROLE_NAME).default(EKS_DEFAULTS.adminRoleName),
  })
  .superRefine((eks, context) => {
    const { nodes, resources } = eks;
    if (!(nodes.min <= nodes.desired && nodes.desired <= nodes.max)) {
      context.addIssue({
        code: "custom",
        path: ["nodes"],
        message: `must satisfy min ≤ desired ≤ max; got ${nodes.min} ≤ ${nodes.desired} ≤ ${nodes.max}`,
      });
    }
    if (eks.replicas > eks.maxReplicas) {
      context.addIssue({
        code: "custom",
        path: ["maxReplicas"],
        message: `must be at least replicas (${eks.replicas}): the autoscaler scales between the two`,
      });
    }
    if (cpuMillicores(resources.requests.cpu) > cpuMillicores(resources.limits.cpu)) {
      context.addIssue({
        code: "custom",
        path: ["resources", "requests", "cpu"],
        message: `must be at most resources.limits.cpu (${resources.limits.cpu})`,
      });
    }
    if (memoryBytes(resources.requests.memory) > memoryBytes(resources.limits.memory)) {
      context.addIssue({
        code: "custom",
        path: ["resources", "requests", "memory"],
        message: `must be at most resources.limits.memory (${resources.limits.memory})`,
      });
    }
  });

export const computeSchema = z.strictObject({
  /** `asg` (instances in an Auto Scaling group) or `eks` (the cell's own EKS cluster). */
  kind: z.enum(COMPUTE_KINDS).default("asg"),
  /** Settings of an `eks` cell; every field has a default. */
  eks: eksSchema.default(EKS_DEFAULTS),
});

export const COMPUTE_DEFAULTS = { kind: "asg" as const, eks: EKS_DEFAULTS };

export type EksSpec = z.infer<typeof eksSchema>;
export type ComputeSpec = z.infer<typeof computeSchema>;
