/**
 * CellWorkload: the Kubernetes side of an `eks` cell, created with `@pulumi/kubernetes` through a provider bound to
 * the cell's own cluster from its endpoint and certificate authority (`CellCluster.outputs`), never from a
 * kubeconfig on disk. The provider authenticates with `aws eks get-token` as the platform admin role, the one
 * principal with an access entry on the cluster. The objects themselves are workload-manifests.ts.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { APP_PORT, CONTAINER_IMAGE, HEALTH_CHECK_PATH, IMAGE_TAG, NODE_PORT, POD_REPLICAS } from "../../fleet/limits";
import {
  cellIdentityRules,
  integerInRange,
  matches,
  requiredInput,
  validateArgs,
  type ArgRule,
} from "../lib/validation";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import type { CellIdentity } from "../lib/tags";
import type { CellAppArgs } from "./compute-app";
import {
  appAllowSpec,
  autoscalerSpec,
  defaultDenySpec,
  deploymentSpec,
  disruptionBudgetSpec,
  limitRangeSpec,
  namespaceMetadata,
  resourceQuotaSpec,
  serviceSpec,
  type WorkloadSettings,
} from "./workload-manifests";

const COMPONENT = "CellWorkload";
const APP = "app";

/** The app's settings the cell decides, as the manifests take them (documented on {@link WorkloadSettings}). */
type WorkloadChoices = Pick<
  WorkloadSettings,
  | "namespace"
  | "serviceAccount"
  | "kubernetesVersion"
  | "containerPort"
  | "nodePort"
  | "healthCheckPath"
  | "replicas"
  | "maxReplicas"
  | "targetCpuUtilization"
  | "resources"
  | "vpcCidr"
>;

export interface CellWorkloadArgs extends WorkloadChoices {
  /** The cell: its id labels the objects; its region is the token's. */
  cell: CellIdentity;
  /** The cluster to bind the provider to (`CellCluster.outputs`). */
  cluster: {
    name: pulumi.Input<string>;
    endpoint: pulumi.Input<string>;
    /** Base64 PEM of the cluster CA (`certificateAuthority.data`). */
    certificateAuthorityData: pulumi.Input<string>;
    /** The role with the cluster admin access entry, which the provider's token is issued for. */
    adminRoleArn: pulumi.Input<string>;
    /** What must exist before the API answers the admin role (the access policy association). */
    ready: pulumi.Resource[];
  };
  /** The cell file's `app:` (image and version, the same as an `asg` cell's) and the container's settings. */
  app: CellAppArgs;
  /** Default 5432, as `CellFirewall`'s. */
  databasePort?: number;
  /** Default 6379, as `CellFirewall`'s. */
  cachePort?: number;
}

export interface CellWorkloadOutputs {
  namespace: string;
  deploymentName: string;
  serviceName: string;
  /** `<image>:<version>` the pods run. */
  image: string;
}

export class CellWorkload extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;
  readonly namespace: k8s.core.v1.Namespace;
  readonly serviceAccount: k8s.core.v1.ServiceAccount;
  readonly deployment: k8s.apps.v1.Deployment;
  readonly service: k8s.core.v1.Service;
  readonly autoscaler: k8s.autoscaling.v2.HorizontalPodAutoscaler;
  readonly disruptionBudget: k8s.policy.v1.PodDisruptionBudget;
  readonly defaultDeny: k8s.networking.v1.NetworkPolicy;
  readonly appAllow: k8s.networking.v1.NetworkPolicy;
  readonly resourceQuota: k8s.core.v1.ResourceQuota;
  readonly limitRange: k8s.core.v1.LimitRange;
  readonly outputs: CellWorkloadOutputs;

  constructor(name: string, args: CellWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellWorkloadRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const image = `${args.app.image}:${args.app.version}`;
    const settings: WorkloadSettings = {
      cellId: args.cell.id,
      region: args.cell.region,
      namespace: args.namespace,
      serviceAccount: args.serviceAccount,
      kubernetesVersion: args.kubernetesVersion,
      image,
      containerPort: args.containerPort,
      nodePort: args.nodePort,
      healthCheckPath: args.healthCheckPath,
      replicas: args.replicas,
      maxReplicas: args.maxReplicas,
      targetCpuUtilization: args.targetCpuUtilization,
      resources: args.resources,
      environment: args.app.environment ?? {},
      vpcCidr: args.vpcCidr,
      databasePort: args.databasePort ?? 5432,
      cachePort: args.cachePort ?? 6379,
    };

    this.provider = new k8s.Provider(
      `${name}-k8s`,
      {
        kubeconfig: kubeconfigFor(args.cell.region, args.cluster),
        // Objects Pulumi did not create are never adopted; the cluster's own namespace is set on every object.
        upsertExistingObjects: false,
      },
      { parent: this, dependsOn: args.cluster.ready },
    );
    const child = { parent: this, provider: this.provider };
    const metadata = (role: string) => ({ name: APP === role ? APP : `${APP}-${role}`, namespace: args.namespace });

    this.namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: namespaceMetadata(settings) }, child);
    const inNamespace = { ...child, dependsOn: [this.namespace] };
    this.serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      { metadata: { name: args.serviceAccount, namespace: args.namespace }, automountServiceAccountToken: false },
      inNamespace,
    );
    this.resourceQuota = new k8s.core.v1.ResourceQuota(
      `${name}-quota`,
      { metadata: metadata("quota"), spec: resourceQuotaSpec(settings) },
      inNamespace,
    );
    this.limitRange = new k8s.core.v1.LimitRange(
      `${name}-limits`,
      { metadata: metadata("limits"), spec: limitRangeSpec(settings) },
      inNamespace,
    );
    this.defaultDeny = new k8s.networking.v1.NetworkPolicy(
      `${name}-default-deny`,
      { metadata: metadata("default-deny"), spec: defaultDenySpec() },
      inNamespace,
    );
    this.appAllow = new k8s.networking.v1.NetworkPolicy(
      `${name}-allow`,
      { metadata: metadata("allow"), spec: appAllowSpec(settings) },
      inNamespace,
    );
    this.deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      { metadata: metadata(APP), spec: deploymentSpec(settings) },
      // The autoscaler owns the replica count once the Deployment exists.
      {
        ...child,
        dependsOn: [this.serviceAccount, this.resourceQuota, this.limitRange, this.appAllow],
        ignoreChanges: ["spec.replicas"],
      },
    );
    this.service = new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: metadata(APP), spec: serviceSpec(settings) },
      inNamespace,
    );
    this.autoscaler = new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-autoscaler`,
      { metadata: metadata(APP), spec: autoscalerSpec(settings, APP) },
      { ...child, dependsOn: [this.deployment] },
    );
    this.disruptionBudget = new k8s.policy.v1.PodDisruptionBudget(
      `${name}-disruption-budget`,
      { metadata: metadata(APP), spec: disruptionBudgetSpec() },
      inNamespace,
    );

    this.outputs = { namespace: args.namespace, deploymentName: APP, serviceName: APP, image };
    this.registerOutputs(this.outputs);
  }
}

/**
 * A kubeconfig for one cluster, from its endpoint and CA: the token comes from `aws eks get-token` for the admin role
 * at each API call (nothing secret is stored; the deploying identity must be allowed to assume that role).
 */
export function kubeconfigFor(region: string, cluster: CellWorkloadArgs["cluster"]): pulumi.Output<string> {
  return pulumi
    .all([cluster.name, cluster.endpoint, cluster.certificateAuthorityData, cluster.adminRoleArn])
    .apply(([name, endpoint, authority, adminRoleArn]) =>
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name, cluster: { server: endpoint, "certificate-authority-data": authority } }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        "current-context": name,
        users: [
          {
            name,
            user: {
              exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: "aws",
                args: ["eks", "get-token", "--cluster-name", name, "--region", region, "--role-arn", adminRoleArn],
                interactiveMode: "Never",
              },
            },
          },
        ],
      }),
    );
}

const NAMESPACE = { pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, shape: "a Kubernetes namespace name (DNS label)" };

function cellWorkloadRules(args: CellWorkloadArgs): ArgRule[] {
  return [
    ...cellIdentityRules(args.cell),
    requiredInput("cluster.endpoint", args.cluster?.endpoint, "pass CellCluster.outputs.endpoint"),
    requiredInput(
      "cluster.certificateAuthorityData",
      args.cluster?.certificateAuthorityData,
      "pass CellCluster.outputs.certificateAuthorityData",
    ),
    matches("namespace", args.namespace ?? "", NAMESPACE),
    matches("serviceAccount", args.serviceAccount ?? "", NAMESPACE),
    matches("app.image", args.app?.image ?? "", CONTAINER_IMAGE),
    matches("app.version", args.app?.version ?? "", IMAGE_TAG),
    integerInRange("containerPort", args.containerPort, APP_PORT),
    integerInRange("nodePort", args.nodePort, NODE_PORT),
    matches("healthCheckPath", args.healthCheckPath ?? "", HEALTH_CHECK_PATH),
    integerInRange("replicas", args.replicas, POD_REPLICAS),
    integerInRange("maxReplicas", args.maxReplicas, POD_REPLICAS),
    {
      ok: args.replicas <= args.maxReplicas,
      problem: `replicas (${args.replicas}) must be at most maxReplicas (${args.maxReplicas})`,
    },
  ];
}
