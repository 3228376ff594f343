/**
 * One complete, isolated cell, composed from its validated definition: key → network → firewall → data
 * (database, queues, cache) → compute → alarms. Nothing is shared with any other cell.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CellSpec, CellState } from "../../fleet/schema";
import { CellAlarms } from "./cell-alarms";
import { CellCache } from "./cell-cache";
import { CellCluster } from "./cell-cluster";
import { CellCompute, instanceRoleName } from "./cell-compute";
import { CellDatabase } from "./cell-database";
import { CellFirewall } from "./cell-firewall";
import { CellKey } from "./cell-key";
import { CellNetwork } from "./cell-network";
import { CellQueue } from "./cell-queue";
import { CellWorkload } from "./cell-workload";
import { deploymentAccount, roleArn } from "../lib/iam";
import type { CellIdentity } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import { validateArgs, type ArgRule } from "../lib/validation";

const COMPONENT = "Cell";

export interface CellArgs {
  /** The validated cell definition (`loadFleet(...).cells[i]`): the single source of truth for the cell. */
  spec: CellSpec;
  /** ACM certificate ARN, in the cell's region, for the load balancer's HTTPS listener (stack config). */
  certificateArn: pulumi.Input<string>;
}

/** What a cell exports: the cell stack's outputs, which the global stack reads through `StackReference`. */
export interface CellOutputs {
  cellId: string;
  region: string;
  state: CellState;
  /** `asg` or `eks`: the global router treats both alike (it reads only the load balancer and the health path). */
  computeKind: "asg" | "eks";
  loadBalancerDnsName: pulumi.Output<string>;
  loadBalancerZoneId: pulumi.Output<string>;
  /** The deep health path the global router's health checks request. */
  healthCheckPath: string;
  /** Queue URLs by the queue's name within the cell. */
  queueUrls: Record<string, pulumi.Output<string>>;
  cacheEndpoint: pulumi.Output<string>;
  databaseWriterEndpoint: pulumi.Output<string>;
  databaseReaderEndpoint: pulumi.Output<string>;
  keyArn: pulumi.Output<string>;
  /** An eks cell's cluster (`aws eks update-kubeconfig --name <clusterName>`, docs/eks-cells.md); absent for asg. */
  clusterName?: string;
  /** Names of the cell's CloudWatch alarms: `cells rollout` watches them before each update and during a bake. */
  alarmNames: pulumi.Output<string>[];
}

export class Cell extends pulumi.ComponentResource {
  readonly identity: CellIdentity;
  readonly key: CellKey;
  readonly network: CellNetwork;
  readonly firewall: CellFirewall;
  readonly database: CellDatabase;
  readonly queues: CellQueue[];
  readonly cache: CellCache;
  /** The app tier of an `asg` cell (`compute.kind: asg`, the default). */
  readonly compute?: CellCompute;
  /** The EKS cluster of an `eks` cell, and its Kubernetes workload. */
  readonly cluster?: CellCluster;
  readonly workload?: CellWorkload;
  readonly alarms: CellAlarms;
  readonly outputs: CellOutputs;

  constructor(name: string, args: CellArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const { spec } = args;
    const cell: CellIdentity = { id: spec.id, region: spec.region, owner: spec.owner, tags: spec.tags };
    const child = { parent: this };
    this.identity = cell;

    // The app role does not exist yet; the key policy names it by ARN in a condition, which KMS accepts.
    const appRoleArn = deploymentAccount(this).apply((account) => roleArn(account, instanceRoleName(cell)));
    const eks = spec.compute.kind === "eks" ? spec.compute.eks : undefined;
    this.key = new CellKey(
      `${name}-key`,
      { cell, keyUserRoleArns: [appRoleArn], ...(eks ? { extraViaServices: ["eks"] as const } : {}) },
      child,
    );
    const { keyArn } = this.key.outputs;

    this.network = new CellNetwork(
      `${name}-network`,
      {
        cell,
        keyArn,
        zones: spec.zones,
        vpcCidr: spec.vpcCidr,
        natGateways: spec.network.natGateways,
        flowLogRetentionDays: spec.network.flowLogRetentionDays,
      },
      child,
    );
    const network = this.network.outputs;
    // An eks cell's load balancer reaches the nodes on the app Service's NodePort.
    const appPort = eks ? eks.nodePort : spec.app.port;
    this.firewall = new CellFirewall(`${name}-firewall`, { cell, vpcId: network.vpcId, appPort }, child);
    const firewall = this.firewall.outputs;

    const privateNodes = { cell, keyArn, subnetIds: network.privateSubnetIds, zones: spec.zones };
    this.database = new CellDatabase(
      `${name}-database`,
      { ...privateNodes, securityGroupId: firewall.databaseSecurityGroupId, ...spec.database },
      child,
    );
    this.queues = spec.queues.map(
      (queue) => new CellQueue(`${name}-queue-${queue.name}`, { cell, keyArn, ...queue }, child),
    );
    this.cache = new CellCache(
      `${name}-cache`,
      { ...privateNodes, securityGroupId: firewall.cacheSecurityGroupId, ...spec.cache },
      child,
    );

    const environment: Record<string, pulumi.Input<string>> = {
      DATABASE_HOST: this.database.outputs.writerEndpoint,
      DATABASE_READER_HOST: this.database.outputs.readerEndpoint,
      DATABASE_USER: this.database.outputs.appUser,
      CACHE_HOST: this.cache.outputs.primaryEndpoint,
      CACHE_AUTH_SECRET_ARN: this.cache.outputs.authTokenSecretArn,
      ...Object.fromEntries(
        this.queues.map(({ outputs: queue }) => [
          `QUEUE_URL_${queue.logicalName.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`,
          queue.queueUrl,
        ]),
      ),
    };
    const common = {
      cell,
      keyArn,
      vpcId: network.vpcId,
      publicSubnetIds: network.publicSubnetIds,
      privateSubnetIds: network.privateSubnetIds,
      loadBalancerSecurityGroupId: firewall.loadBalancerSecurityGroupId,
      healthCheckSecurityGroupId: firewall.healthCheckSecurityGroupId,
      appSecurityGroupId: firewall.appSecurityGroupId,
      certificateArn: args.certificateArn,
      healthCheckPath: spec.app.healthCheckPath,
      queueArns: this.queues.map((queue) => queue.outputs.queueArn),
      // The cache token only: the app reaches the database with IAM authentication as its own user.
      secretArns: [this.cache.outputs.authTokenSecretArn],
      database: { clusterResourceId: this.database.outputs.clusterResourceId, user: this.database.outputs.appUser },
      cacheArn: this.cache.outputs.arn,
    };
    const app = { image: spec.app.image, version: spec.app.version, environment };
    let edge: { loadBalancerArnSuffix: pulumi.Output<string>; targetGroupArnSuffix: pulumi.Output<string> };
    let front: { loadBalancerDnsName: pulumi.Output<string>; loadBalancerZoneId: pulumi.Output<string> };
    let healthCheckPath: string;
    if (eks) {
      this.cluster = new CellCluster(`${name}-cluster`, { ...common, settings: eks }, child);
      const cluster = this.cluster.outputs;
      this.workload = new CellWorkload(
        `${name}-workload`,
        {
          cell,
          cluster: {
            name: cluster.clusterName,
            endpoint: cluster.endpoint,
            certificateAuthorityData: cluster.certificateAuthorityData,
            adminRoleArn: cluster.adminRoleArn,
            ready: [
              this.cluster.adminAccessPolicy,
              this.cluster.nodeGroup,
              this.cluster.podIdentityAssociation,
              this.cluster.metricsServer,
            ],
          },
          namespace: cluster.namespace,
          serviceAccount: cluster.serviceAccount,
          kubernetesVersion: eks.kubernetesVersion,
          app,
          containerPort: eks.containerPort ?? spec.app.port,
          nodePort: eks.nodePort,
          healthCheckPath: spec.app.healthCheckPath,
          replicas: eks.replicas,
          maxReplicas: eks.maxReplicas,
          targetCpuUtilization: eks.targetCpuUtilization,
          resources: eks.resources,
          vpcCidr: spec.vpcCidr,
          databasePort: firewall.ports.database,
          cachePort: firewall.ports.cache,
        },
        child,
      );
      edge = cluster;
      front = cluster;
      healthCheckPath = cluster.healthCheckPath;
    } else {
      this.compute = new CellCompute(
        `${name}-compute`,
        { ...common, capacity: spec.capacity, appPort: spec.app.port, app },
        child,
      );
      edge = this.compute.outputs;
      front = this.compute.outputs;
      healthCheckPath = this.compute.outputs.healthCheckPath;
    }

    this.alarms = new CellAlarms(
      `${name}-alarms`,
      {
        cell,
        keyArn,
        loadBalancerArnSuffix: edge.loadBalancerArnSuffix,
        targetGroupArnSuffix: edge.targetGroupArnSuffix,
        queues: this.queues.map(({ outputs: queue }) => ({
          name: queue.logicalName,
          queueName: queue.queueName,
          deadLetterQueueName: queue.deadLetterQueueName,
        })),
        cache: {
          replicationGroupId: this.cache.outputs.replicationGroupId,
          memberClusters: this.cache.outputs.memberClusters,
        },
        database: { clusterIdentifier: this.database.outputs.clusterIdentifier },
        notificationEmails: spec.alarms.notificationEmails,
      },
      child,
    );

    this.outputs = {
      cellId: spec.id,
      region: spec.region,
      state: spec.state,
      computeKind: spec.compute.kind,
      loadBalancerDnsName: front.loadBalancerDnsName,
      loadBalancerZoneId: front.loadBalancerZoneId,
      healthCheckPath,
      queueUrls: Object.fromEntries(this.queues.map(({ outputs: queue }) => [queue.logicalName, queue.queueUrl])),
      cacheEndpoint: this.cache.outputs.primaryEndpoint,
      databaseWriterEndpoint: this.database.outputs.writerEndpoint,
      databaseReaderEndpoint: this.database.outputs.readerEndpoint,
      keyArn,
      alarmNames: this.alarms.outputs.alarmNames,
      ...(this.cluster ? { clusterName: this.cluster.outputs.clusterName } : {}),
    };
    this.registerOutputs(this.outputs);
  }
}

function cellRules(args: CellArgs): ArgRule[] {
  return [
    { ok: args.spec !== undefined, problem: "spec is required: pass a cell from loadFleet(...).cells" },
    {
      ok: args.certificateArn !== undefined && args.certificateArn !== "",
      problem: "certificateArn is required: set cellplane:certificateArn in the stack's config",
    },
  ];
}
