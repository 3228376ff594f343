/**
 * One cell as a CDK stack: the same composition as components/cell/cell.ts (key → network → firewall → database,
 * queues, cache → compute → alarms), each part a construct whose id names the part (`Key`, `Network`, …), so every
 * CloudFormation resource's `aws:cdk:path` says which part of the cell it belongs to (resource-mapping.ts).
 */
import { ArnFormat, ContextProvider, Stack, Tags, type App } from "aws-cdk-lib";
import * as cxschema from "aws-cdk-lib/cloud-assembly-schema";
import { Construct } from "constructs";
import { cellTags } from "../../../components/lib/tags";
import type { CellSpec } from "../../../fleet/schema";
import { CellAlarms } from "./cell-alarms";
import { CellCompute } from "./cell-compute";
import { CellCache, CellDatabase, CellQueue } from "./cell-data";
import { CellFirewall, CellKey, CellNetwork, CLOUDFRONT_PREFIX_LIST, route53PrefixList } from "./cell-network";

/** The account every baseline stack targets: a placeholder, so nothing needs credentials. */
export const BASELINE_ACCOUNT = "123456789012";

export interface CdkCellStackProps {
  spec: CellSpec;
  /** The zones of the cell's region (fleet.yaml `regions`): what a lookup of the region's zones would answer. */
  regionZones: string[];
}

export class CdkCellStack extends Stack {
  constructor(scope: App, props: CdkCellStackProps) {
    const { spec } = props;
    super(scope, `cell-${spec.id}`, {
      env: { account: BASELINE_ACCOUNT, region: spec.region },
      description: `cellplane cell ${spec.id} (CDK baseline of the benchmark)`,
    });
    this.answerLookups(props.regionZones);
    for (const [key, value] of Object.entries(cellTags(spec))) {
      Tags.of(this).add(key, value);
    }
    const appRoleName = `${spec.id}-app`;
    const { key } = new CellKey(this, "Key", spec, appRoleName);
    const { vpc } = new CellNetwork(this, "Network", spec, key);
    const firewall = new CellFirewall(this, "Firewall", spec, vpc);
    const data = { spec, key, vpc };
    const database = new CellDatabase(this, "Database", { ...data, securityGroup: firewall.database });
    const queueScope = new Construct(this, "Queues");
    const queues = spec.queues.map((queue) => ({
      name: queue.name,
      construct: new CellQueue(queueScope, queue.name, { spec, key, queue }),
    }));
    const cache = new CellCache(this, "Cache", { ...data, securityGroup: firewall.cache });
    const { cluster } = database;
    const compute = new CellCompute(this, "Compute", {
      spec,
      key,
      vpc,
      firewall,
      certificateArn:
        `arn:${this.partition}:acm:${spec.region}:${BASELINE_ACCOUNT}:certificate/` +
        "00000000-0000-4000-8000-000000000000",
      queueArns: queues.map(({ construct }) => construct.queue.queueArn),
      secretArns: [cache.authToken.secretArn],
      databaseUserArn: this.formatArn({
        service: "rds-db",
        resource: "dbuser",
        resourceName: `${cluster.clusterResourceIdentifier}/app`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      cacheArn: cache.arn,
      environment: {
        DATABASE_HOST: cluster.clusterEndpoint.hostname,
        DATABASE_READER_HOST: cluster.clusterReadEndpoint.hostname,
        DATABASE_USER: "app",
        CACHE_HOST: cache.replicationGroup.attrPrimaryEndPointAddress,
        CACHE_AUTH_SECRET_ARN: cache.authToken.secretArn,
        ...Object.fromEntries(
          queues.map(({ name, construct }) => [
            `QUEUE_URL_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`,
            construct.queue.queueUrl,
          ]),
        ),
      },
    });
    new CellAlarms(this, "Alarms", {
      spec,
      key,
      loadBalancerFullName: compute.loadBalancer.loadBalancerFullName,
      targetGroupFullName: compute.targetGroup.targetGroupFullName,
      queues: queues.map(({ name, construct }) => ({
        name,
        queueName: construct.queue.queueName,
        deadLetterQueueName: construct.deadLetterQueue.queueName,
      })),
      cacheNodeIds: cache.memberClusterIds(),
      clusterIdentifier: database.clusterIdentifier,
    });
  }

  /**
   * The answers of the stack's context lookups (the region's zones, the managed prefix lists), set where a CDK
   * project keeps them after its first `cdk synth` with credentials: in context (cdk.context.json). The prefix list
   * ids are placeholders; cellplane's plan resolves them under the mock runtime just as offline.
   */
  private answerLookups(regionZones: string[]): void {
    const answer = (options: { provider: string; props?: Record<string, unknown> }, value: unknown) =>
      this.node.setContext(ContextProvider.getKey(this, options).key, value);
    answer({ provider: cxschema.ContextProvider.AVAILABILITY_ZONE_PROVIDER }, regionZones);
    for (const [index, name] of [CLOUDFRONT_PREFIX_LIST, route53PrefixList(this.region)].entries()) {
      answer(
        {
          provider: cxschema.ContextProvider.CC_API_PROVIDER,
          props: {
            typeName: "AWS::EC2::PrefixList",
            propertyMatch: { PrefixListName: name },
            propertiesToReturn: ["PrefixListId"],
            expectedMatchCount: "exactly-one",
          },
        },
        [{ PrefixListId: `pl-0000000${index}` }],
      );
    }
  }
}
