/**
 * One complete, isolated cell, composed from its validated definition: key → network → firewall → data
 * (database, queues, cache) → compute → alarms. Nothing is shared with any other cell.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CellSpec } from "../../fleet/schema";
import { CellAlarms } from "./cell-alarms";
import { CellCache } from "./cell-cache";
import { CellCompute, instanceRoleName } from "./cell-compute";
import { CellDatabase } from "./cell-database";
import { CellFirewall } from "./cell-firewall";
import { CellKey } from "./cell-key";
import { CellNetwork } from "./cell-network";
import { CellQueue } from "./cell-queue";
import { CELL_COMPONENT_PREFIX, validateArgs, type CellIdentity } from "../lib/common";
import { deploymentAccount, roleArn } from "../lib/iam";

export interface CellArgs {
  /** The validated cell definition (`loadFleet(...).cells[i]`): the single source of truth for the cell. */
  spec: CellSpec;
  /** ACM certificate ARN, in the cell's region, for the load balancer's HTTPS listener (stack config). */
  certificateArn: pulumi.Input<string>;
}

export class Cell extends pulumi.ComponentResource {
  readonly identity: CellIdentity;
  readonly key: CellKey;
  readonly network: CellNetwork;
  readonly firewall: CellFirewall;
  readonly database: CellDatabase;
  readonly queues: CellQueue[];
  readonly cache: CellCache;
  readonly compute: CellCompute;
  readonly alarms: CellAlarms;

  constructor(name: string, args: CellArgs, opts?: pulumi.ComponentResourceOptions) {
    super(`${CELL_COMPONENT_PREFIX}:Cell`, name, {}, opts);
    validateArgs("Cell", name, [
      { ok: args.spec !== undefined, problem: "spec is required: pass a cell from loadFleet(...).cells" },
      {
        ok: args.certificateArn !== undefined && args.certificateArn !== "",
        problem: "certificateArn is required: set cellplane:certificateArn in the stack's config",
      },
    ]);
    const { spec } = args;
    const cell: CellIdentity = { id: spec.id, region: spec.region, owner: spec.owner, tags: spec.tags };
    const child = { parent: this };
    this.identity = cell;

    // The app role does not exist yet; the key policy names it by ARN in a condition, which KMS accepts.
    const appRoleArn = deploymentAccount(this).apply((account) => roleArn(account, instanceRoleName(cell)));
    this.key = new CellKey(`${name}-key`, { cell, keyUserRoleArns: [appRoleArn] }, child);
    const keyArn = this.key.keyArn;

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
    this.firewall = new CellFirewall(
      `${name}-firewall`,
      { cell, vpcId: this.network.vpcId, appPort: spec.app.port },
      child,
    );

    const privateNodes = { cell, keyArn, subnetIds: this.network.privateSubnetIds, zones: spec.zones };
    this.database = new CellDatabase(
      `${name}-database`,
      { ...privateNodes, securityGroupId: this.firewall.databaseSecurityGroupId, ...spec.database },
      child,
    );
    this.queues = spec.queues.map(
      (queue) => new CellQueue(`${name}-queue-${queue.name}`, { cell, keyArn, ...queue }, child),
    );
    this.cache = new CellCache(
      `${name}-cache`,
      { ...privateNodes, securityGroupId: this.firewall.cacheSecurityGroupId, ...spec.cache },
      child,
    );

    this.compute = new CellCompute(
      `${name}-compute`,
      {
        cell,
        keyArn,
        vpcId: this.network.vpcId,
        publicSubnetIds: this.network.publicSubnetIds,
        privateSubnetIds: this.network.privateSubnetIds,
        loadBalancerSecurityGroupId: this.firewall.loadBalancerSecurityGroupId,
        appSecurityGroupId: this.firewall.appSecurityGroupId,
        certificateArn: args.certificateArn,
        capacity: spec.capacity,
        appPort: spec.app.port,
        healthCheckPath: spec.app.healthCheckPath,
        queueArns: this.queues.map((queue) => queue.queueArn),
        secretArns: [this.database.masterSecretArn, this.cache.authTokenSecretArn],
        database: { clusterResourceId: this.database.clusterResourceId },
        cacheArn: this.cache.arn,
      },
      child,
    );

    this.alarms = new CellAlarms(
      `${name}-alarms`,
      {
        cell,
        keyArn,
        loadBalancerArnSuffix: this.compute.loadBalancerArnSuffix,
        targetGroupArnSuffix: this.compute.targetGroupArnSuffix,
        queues: this.queues.map((queue) => ({
          name: queue.logicalName,
          queueName: queue.queueName,
          deadLetterQueueName: queue.deadLetterQueueName,
        })),
        cache: { replicationGroupId: this.cache.replicationGroupId, memberClusters: this.cache.memberClusters },
        database: { clusterIdentifier: this.database.clusterIdentifier },
        notificationEmails: spec.alarms.notificationEmails,
      },
      child,
    );

    this.registerOutputs({
      loadBalancerDnsName: this.compute.loadBalancerDnsName,
      loadBalancerZoneId: this.compute.loadBalancerZoneId,
      keyArn,
      databaseWriterEndpoint: this.database.writerEndpoint,
      databaseReaderEndpoint: this.database.readerEndpoint,
      cacheEndpoint: this.cache.primaryEndpoint,
    });
  }
}
