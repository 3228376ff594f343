/**
 * CellCluster: the AWS side of an `eks` cell. An EKS cluster in the cell's private subnets (API endpoint private, or
 * public only to listed CIDRs), its secrets envelope-encrypted and its control-plane logs kept in a log group, both
 * with the cell key; a managed node group across the cell's zones on a launch template (IMDSv2 only, hop limit 1,
 * encrypted root volumes, the cell's app security group); EKS access entries for the platform admin role (the
 * cluster's authentication mode is `API`: no aws-auth ConfigMap); and the app's workload role through EKS Pod
 * Identity (cluster-access.ts). Traffic arrives as in an `asg` cell: the same internet-facing ALB (TLS 1.2+ on 443,
 * reachable only from the edge, access logs), whose target group is bound to the node group's Auto Scaling group
 * and targets the app Service's NodePort (see docs/eks-cells.md for why not the AWS Load Balancer Controller).
 * The Kubernetes objects are `CellWorkload`'s.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  APP_PORT,
  cellCertificateArnPattern,
  EKS_KUBERNETES_VERSIONS,
  HEALTH_CHECK_PATH,
  NODE_PORT,
} from "../../fleet/limits";
import type { EksSpec } from "../../fleet/compute";
import type { LoadBalancedAppArgs } from "../lib/cell-args";
import { deploymentAccount, roleArn } from "../lib/iam";
import { stackScopedName } from "../lib/stack-names";
import { cellTags } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import {
  encryptedCellRules,
  integerInRange,
  matches,
  requiredInput,
  validateArgs,
  type ArgRule,
} from "../lib/validation";
import { accessPolicyArn } from "./cluster-access";
import { createNodes } from "./cluster-nodes";
import { createClusterRoles, type WorkloadAccess } from "./cluster-roles";
import { createAppLoadBalancer, loadBalancerPlacement, DEFAULT_SSL_POLICY } from "./compute-load-balancer";

const COMPONENT = "CellCluster";
/** Every control-plane log type ("Send control plane logs to CloudWatch Logs", EKS User Guide; Security Hub EKS.8). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
/** Where the app runs in the cluster. */
export const WORKLOAD_NAMESPACE = "app";
export const WORKLOAD_SERVICE_ACCOUNT = "app";

/** The settings of the cell file's `compute.eks` this component reads. */
export type ClusterSettings = Pick<
  EksSpec,
  "kubernetesVersion" | "nodes" | "nodePort" | "endpointPublicAccessCidrs" | "adminRoleName"
>;

export interface CellClusterArgs extends LoadBalancedAppArgs, WorkloadAccess {
  /** `compute.eks` of the cell file: version, nodes, NodePort, endpoint CIDRs, admin role. */
  settings: ClusterSettings;
  /** Root volume of each node in GiB, 20–1024. Default 50. */
  rootVolumeSizeGiB?: number;
  /** Days the control-plane log group keeps its logs. Default 365 (audit evidence). */
  logRetentionDays?: number;
  /** ALB deletion protection, and the cluster's. Default true; turn off only for ephemeral cells. */
  deletionProtection?: boolean;
}

export interface CellClusterOutputs {
  clusterName: string;
  /** The API server endpoint and its CA (base64 PEM): what a Kubernetes provider is bound to. */
  endpoint: pulumi.Output<string>;
  certificateAuthorityData: pulumi.Output<string>;
  /** The role with the cluster admin access entry; `aws eks update-kubeconfig --role-arn` it (docs/eks-cells.md). */
  adminRoleArn: pulumi.Output<string>;
  workloadRoleArn: pulumi.Output<string>;
  nodeAutoScalingGroupName: pulumi.Output<string>;
  loadBalancerArn: pulumi.Output<string>;
  loadBalancerDnsName: pulumi.Output<string>;
  loadBalancerZoneId: pulumi.Output<string>;
  loadBalancerArnSuffix: pulumi.Output<string>;
  targetGroupArnSuffix: pulumi.Output<string>;
  healthCheckPath: string;
  namespace: string;
  serviceAccount: string;
}

export class CellCluster extends pulumi.ComponentResource {
  readonly clusterRole: aws.iam.Role;
  readonly nodeRole: aws.iam.Role;
  readonly workloadRole: aws.iam.Role;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly cluster: aws.eks.Cluster;
  readonly podIdentityAgent: aws.eks.Addon;
  readonly vpcCni: aws.eks.Addon;
  readonly metricsServer: aws.eks.Addon;
  readonly launchTemplate: aws.ec2.LaunchTemplate;
  readonly nodeGroup: aws.eks.NodeGroup;
  readonly adminAccessEntry: aws.eks.AccessEntry;
  /** The Kubernetes provider must wait for it: until then the admin role cannot reach the API. */
  readonly adminAccessPolicy: aws.eks.AccessPolicyAssociation;
  readonly podIdentityAssociation: aws.eks.PodIdentityAssociation;
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  readonly targetGroupAttachment: aws.autoscaling.Attachment;
  readonly outputs: CellClusterOutputs;

  constructor(name: string, args: CellClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellClusterRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const { cell, settings } = args;
    const child = { parent: this };
    const tags = cellTags(cell);
    const account = deploymentAccount(this);
    const partition = account.apply((resolved) => resolved.partition);
    const clusterName = stackScopedName(`${cell.id}-eks`);
    const healthCheckPath = args.healthCheckPath ?? "/health/deep";

    const roles = createClusterRoles(
      name,
      {
        cell,
        account,
        keyArn: args.keyArn,
        identity: { clusterName, namespace: WORKLOAD_NAMESPACE, serviceAccount: WORKLOAD_SERVICE_ACCOUNT },
        access: args,
      },
      this,
    );
    this.clusterRole = roles.clusterRole;
    this.nodeRole = roles.nodeRole;
    this.workloadRole = roles.workloadRole;

    // EKS writes to /aws/eks/<cluster>/cluster; created first, with the cell key and a retention.
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-control-plane-logs`,
      {
        name: `/aws/eks/${clusterName}/cluster`,
        kmsKeyId: args.keyArn,
        retentionInDays: args.logRetentionDays ?? 365,
        tags: cellTags(cell, { "cellplane:purpose": "eks-control-plane-logs" }),
      },
      child,
    );
    const publicCidrs = settings.endpointPublicAccessCidrs;
    this.cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: clusterName,
        version: settings.kubernetesVersion,
        roleArn: this.clusterRole.arn,
        vpcConfig: {
          subnetIds: args.privateSubnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: publicCidrs.length > 0,
          ...(publicCidrs.length > 0 ? { publicAccessCidrs: publicCidrs } : {}),
        },
        // Access entries only ("Grant IAM users access to Kubernetes with EKS access entries",
        // https://docs.aws.amazon.com/eks/latest/userguide/access-entries.html): no aws-auth ConfigMap, and no
        // implicit admin for whoever created the cluster (the API defaults are CONFIG_MAP and true).
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.keyArn } },
        enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
        // Standard support only: no extended-support charges; EKS upgrades a cluster left past its standard support.
        upgradePolicy: { supportType: "STANDARD" },
        deletionProtection: args.deletionProtection ?? true,
        tags,
      },
      { parent: this, dependsOn: [this.logGroup, ...roles.clusterRolePolicies] },
    );
    const addon = (role: string, addonName: string, configurationValues?: string, after: pulumi.Resource[] = []) =>
      new aws.eks.Addon(
        `${name}-${role}`,
        {
          clusterName: this.cluster.name,
          addonName,
          ...(configurationValues ? { configurationValues } : {}),
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          tags,
        },
        { parent: this, dependsOn: after },
      );
    this.podIdentityAgent = addon("pod-identity-agent", "eks-pod-identity-agent");
    // The VPC CNI enforces NetworkPolicy objects only when asked ("Limit Pod traffic with Kubernetes network
    // policies", EKS User Guide): CellWorkload's default-deny policy depends on it.
    this.vpcCni = addon("vpc-cni", "vpc-cni", JSON.stringify({ enableNetworkPolicy: "true" }));

    const nodes = createNodes(
      name,
      {
        cell,
        keyArn: args.keyArn,
        clusterName: this.cluster.name,
        clusterSecurityGroupId: this.cluster.vpcConfig.apply((config) => config.clusterSecurityGroupId),
        appSecurityGroupId: args.appSecurityGroupId,
        nodeRoleArn: this.nodeRole.arn,
        subnetIds: args.privateSubnetIds,
        nodes: settings.nodes,
        rootVolumeSizeGiB: args.rootVolumeSizeGiB ?? 50,
        dependsOn: [...roles.nodeRolePolicies, this.vpcCni],
      },
      this,
    );
    this.launchTemplate = nodes.launchTemplate;
    this.nodeGroup = nodes.nodeGroup;
    // The HorizontalPodAutoscaler reads pod CPU from the Metrics Server, which EKS does not run by default ("View
    // resource usage with the Kubernetes Metrics Server", https://docs.aws.amazon.com/eks/latest/userguide/
    // metrics-server.html); its pods need nodes to become active.
    this.metricsServer = addon("metrics-server", "metrics-server", undefined, [this.nodeGroup]);

    const adminRoleArn = account.apply((resolved) => roleArn(resolved, settings.adminRoleName));
    this.adminAccessEntry = new aws.eks.AccessEntry(
      `${name}-admin-access`,
      { clusterName: this.cluster.name, principalArn: adminRoleArn, type: "STANDARD", tags },
      child,
    );
    this.adminAccessPolicy = new aws.eks.AccessPolicyAssociation(
      `${name}-admin-access-policy`,
      {
        clusterName: this.cluster.name,
        principalArn: this.adminAccessEntry.principalArn,
        policyArn: partition.apply((value) => accessPolicyArn(value)),
        accessScope: { type: "cluster" },
      },
      child,
    );

    this.podIdentityAssociation = new aws.eks.PodIdentityAssociation(
      `${name}-pod-identity`,
      {
        clusterName: this.cluster.name,
        namespace: WORKLOAD_NAMESPACE,
        serviceAccount: WORKLOAD_SERVICE_ACCOUNT,
        roleArn: this.workloadRole.arn,
        tags,
      },
      { parent: this, dependsOn: [this.podIdentityAgent] },
    );

    const edge = createAppLoadBalancer(
      name,
      {
        ...loadBalancerPlacement(args),
        account,
        sslPolicy: DEFAULT_SSL_POLICY,
        appPort: settings.nodePort,
        healthCheckPath,
        deletionProtection: args.deletionProtection ?? true,
        accessLogRetentionDays: 90,
      },
      this,
    );
    this.loadBalancer = edge.loadBalancer;
    this.targetGroup = edge.targetGroup;
    const nodeAutoScalingGroupName = this.nodeGroup.resources.apply(
      (resources) => resources[0]?.autoscalingGroups?.[0]?.name ?? "",
    );
    // Every node (now and after scaling or a node group update) registers in the target group on the NodePort.
    this.targetGroupAttachment = new aws.autoscaling.Attachment(
      `${name}-nodes-in-target-group`,
      { autoscalingGroupName: nodeAutoScalingGroupName, lbTargetGroupArn: this.targetGroup.arn },
      child,
    );

    this.outputs = {
      clusterName,
      endpoint: this.cluster.endpoint,
      certificateAuthorityData: this.cluster.certificateAuthority.apply((authority) => authority.data),
      adminRoleArn,
      workloadRoleArn: this.workloadRole.arn,
      nodeAutoScalingGroupName,
      loadBalancerArn: this.loadBalancer.arn,
      loadBalancerDnsName: this.loadBalancer.dnsName,
      loadBalancerZoneId: this.loadBalancer.zoneId,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.targetGroup.arnSuffix,
      healthCheckPath,
      namespace: WORKLOAD_NAMESPACE,
      serviceAccount: WORKLOAD_SERVICE_ACCOUNT,
    };
    this.registerOutputs(this.outputs);
  }
}

const ROOT_VOLUME_GIB = { min: 20, max: 1024 };

function cellClusterRules(args: CellClusterArgs): ArgRule[] {
  const settings = args.settings;
  const nodes = settings?.nodes ?? { instanceTypes: [], min: 0, desired: 0, max: 0 };
  const cidrs = settings?.endpointPublicAccessCidrs ?? [];
  return [
    ...encryptedCellRules(args),
    requiredInput("vpcId", args.vpcId, "pass CellNetwork.vpcId"),
    {
      ok: (args.publicSubnetIds ?? []).length >= 2 && (args.privateSubnetIds ?? []).length >= 2,
      problem: "publicSubnetIds and privateSubnetIds need at least two subnets each (CellNetwork), in different zones",
    },
    requiredInput("appSecurityGroupId", args.appSecurityGroupId, "pass CellFirewall.appSecurityGroupId"),
    requiredInput("certificateArn", args.certificateArn, "pass an ACM certificate ARN in the cell's region"),
    {
      ok:
        typeof args.certificateArn !== "string" ||
        cellCertificateArnPattern(args.cell?.region ?? "<region>").test(args.certificateArn),
      problem: `certificateArn must be an ACM certificate ARN in the cell's region ${args.cell?.region}`,
    },
    { ok: settings !== undefined, problem: "settings is required: pass the cell file's compute.eks" },
    {
      ok: settings === undefined || settings.kubernetesVersion in EKS_KUBERNETES_VERSIONS,
      problem:
        `settings.kubernetesVersion "${settings?.kubernetesVersion}" must be one of ` +
        Object.keys(EKS_KUBERNETES_VERSIONS).join(", "),
    },
    {
      ok: nodes.instanceTypes.length > 0 && nodes.min >= 1 && nodes.min <= nodes.desired && nodes.desired <= nodes.max,
      problem: "settings.nodes needs instance types and 1 ≤ min ≤ desired ≤ max",
    },
    integerInRange("settings.nodePort", settings?.nodePort ?? NODE_PORT.min, NODE_PORT),
    integerInRange(
      "settings.nodePort (as the app security group's port)",
      settings?.nodePort ?? APP_PORT.min,
      APP_PORT,
    ),
    {
      ok: !cidrs.some((cidr) => cidr === "0.0.0.0/0" || cidr === "::/0" || cidr.endsWith("/0")),
      problem: "settings.endpointPublicAccessCidrs must never open the API endpoint to the whole internet",
    },
    matches("healthCheckPath", args.healthCheckPath ?? "/health/deep", HEALTH_CHECK_PATH),
    integerInRange("rootVolumeSizeGiB", args.rootVolumeSizeGiB ?? 50, ROOT_VOLUME_GIB),
    requiredInput("cacheArn", args.cacheArn, "pass the cache replication group ARN (CellCache)"),
    requiredInput(
      "database.clusterResourceId",
      args.database?.clusterResourceId,
      "pass CellDatabase.clusterResourceId",
    ),
  ];
}
