/**
 * The CDK baseline's data tier of one cell: what components/cell/cell-database.ts (with database-user.ts),
 * cell-queue.ts and cell-cache.ts build. L2 where CDK has one (`rds.DatabaseCluster`, `sqs.Queue`,
 * `secretsmanager.Secret`, `lambda.Function`); ElastiCache replication groups have no L2, so the L1 as CDK users
 * write it.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ArnFormat, CustomResource, Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elasticache from "aws-cdk-lib/aws-elasticache";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import * as rds from "aws-cdk-lib/aws-rds";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { physicalQueueNames } from "../../../fleet/limits";
import type { CellSpec, QueueSpec } from "../../../fleet/schema";

/** The function that creates the app's IAM-authenticated database user: the same source the cell deploys. */
const DATABASE_USER_SOURCE = path.resolve(__dirname, "../../../components/cell/database-user-function.mjs");
const ONE_YEAR = logs.RetentionDays.ONE_YEAR;
const PRIVATE = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

/** What the data tier needs from the rest of the cell. */
export interface DataTierProps {
  spec: CellSpec;
  key: kms.IKey;
  vpc: ec2.IVpc;
}

/** Zone `i` of `count` nodes spread round-robin over the zones (components/lib/cell-args.ts `spreadOverZones`). */
function spread(zones: string[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => zones[index % zones.length]);
}

/** Aurora PostgreSQL: a writer and N readers over the zones, TLS-only, IAM auth, RDS-managed master password. */
export class CellDatabase extends Construct {
  readonly cluster: rds.DatabaseCluster;
  readonly clusterIdentifier: string;

  constructor(scope: Construct, id: string, props: DataTierProps & { securityGroup: ec2.ISecurityGroup }) {
    super(scope, id);
    const { spec, key } = props;
    const major = spec.database.engineVersion.split(".")[0];
    const engine = rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(spec.database.engineVersion, major),
    });
    this.clusterIdentifier = `${spec.id}-db`;
    const logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: `/aws/rds/cluster/${this.clusterIdentifier}/postgresql`,
      encryptionKey: key,
      retention: ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const instanceType = new ec2.InstanceType(spec.database.instanceClass.replace(/^db\./, ""));
    const zones = spread(spec.zones, spec.database.readReplicas + 1);
    const instance = (name: string, index: number) =>
      rds.ClusterInstance.provisioned(name, {
        instanceType,
        availabilityZone: zones[index],
        promotionTier: index,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: false,
        enablePerformanceInsights: true,
        performanceInsightEncryptionKey: key,
        performanceInsightRetention: rds.PerformanceInsightRetention.DEFAULT,
      });
    this.cluster = new rds.DatabaseCluster(this, "Cluster", {
      engine,
      clusterIdentifier: this.clusterIdentifier,
      port: 5432,
      credentials: rds.Credentials.fromUsername("cellplane", { encryptionKey: key }),
      manageMasterUserPassword: true,
      writer: instance("writer", 0),
      readers: Array.from({ length: spec.database.readReplicas }, (_, index) =>
        instance(`reader${index + 1}`, index + 1),
      ),
      vpc: props.vpc,
      vpcSubnets: PRIVATE,
      securityGroups: [props.securityGroup],
      parameterGroup: new rds.ParameterGroup(this, "Params", {
        engine,
        description: `Cell ${spec.id} Aurora PostgreSQL ${major}: TLS only`,
        parameters: { "rds.force_ssl": "1" },
      }),
      storageEncryptionKey: key,
      iamAuthentication: true,
      deletionProtection: true,
      backup: { retention: Duration.days(spec.database.backupRetentionDays), preferredWindow: "03:00-04:00" },
      preferredMaintenanceWindow: "sun:04:30-sun:05:30",
      copyTagsToSnapshot: true,
      cloudwatchLogsExports: ["postgresql"],
      enableDataApi: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    this.cluster.node.addDependency(logGroup);
    const masterSecretArn = (this.cluster.node.defaultChild as rds.CfnDBCluster).attrMasterUserSecretSecretArn;
    this.createAppUser(spec, key, masterSecretArn);
  }

  /** database-user.ts: a function that runs the statements through the Data API, invoked once per input. */
  private createAppUser(spec: CellSpec, key: kms.IKey, masterSecretArn: string): void {
    const logGroup = new logs.LogGroup(this, "AppUserLogs", { encryptionKey: key, retention: ONE_YEAR });
    const fn = new lambda.Function(this, "AppUserFunction", {
      description: `Creates database user app of cell ${spec.id} (IAM authentication)`,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: "index.handler",
      code: lambda.Code.fromInline(readFileSync(DATABASE_USER_SOURCE, "utf8")),
      timeout: Duration.seconds(120),
      memorySize: 256,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["rds-data:ExecuteStatement"], resources: [this.cluster.clusterArn] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [masterSecretArn] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["kms:Decrypt"],
        resources: [key.keyArn],
        conditions: { StringEquals: { "kms:ViaService": `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
    const user = new CustomResource(this, "AppUser", {
      serviceToken: fn.functionArn,
      properties: {
        user: "app",
        database: "postgres",
        clusterArn: this.cluster.clusterArn,
        secretArn: masterSecretArn,
      },
    });
    user.node.addDependency(this.cluster);
  }
}

/** One queue and its dead-letter queue (cell-queue.ts): cell key, TLS only, only the source queue redrives. */
export class CellQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { spec: CellSpec; key: kms.IKey; queue: QueueSpec }) {
    super(scope, id);
    const { queue: settings } = props;
    const names = physicalQueueNames(props.spec.id, settings.name, settings.fifo);
    const encryption = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      dataKeyReuse: Duration.seconds(300),
      enforceSSL: true,
      fifo: settings.fifo ? true : undefined,
    };
    // The source queue by ARN: its redrive policy already names this queue, a reference would make a cycle.
    const source = sqs.Queue.fromQueueArn(
      this,
      "Source",
      Stack.of(this).formatArn({ service: "sqs", resource: names.queue }),
    );
    this.deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      ...encryption,
      queueName: names.deadLetterQueue,
      retentionPeriod: Duration.days(14),
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.BY_QUEUE, sourceQueues: [source] },
    });
    this.queue = new sqs.Queue(this, "Queue", {
      ...encryption,
      queueName: names.queue,
      visibilityTimeout: Duration.seconds(settings.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(settings.retentionSeconds),
      receiveMessageWaitTime: Duration.seconds(20),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });
  }
}

/** The Valkey/Redis replication group (cell-cache.ts): Multi-AZ, encrypted at rest and in transit, AUTH token. */
export class CellCache extends Construct {
  readonly replicationGroupId: string;
  readonly nodeCount: number;
  readonly authToken: secretsmanager.Secret;
  readonly replicationGroup: elasticache.CfnReplicationGroup;

  constructor(scope: Construct, id: string, props: DataTierProps & { securityGroup: ec2.ISecurityGroup }) {
    super(scope, id);
    const { spec, key } = props;
    this.replicationGroupId = `${spec.id}-cache`;
    this.nodeCount = 1 + spec.cache.replicas;
    const subnets = new elasticache.CfnSubnetGroup(this, "Subnets", {
      description: `Private subnets of cell ${spec.id} for its cache`,
      subnetIds: props.vpc.selectSubnets(PRIVATE).subnetIds,
    });
    this.authToken = new secretsmanager.Secret(this, "AuthToken", {
      description: `AUTH token of the cache of cell ${spec.id}`,
      encryptionKey: key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const slowLog = new logs.LogGroup(this, "SlowLog", {
      logGroupName: `/cellplane/${spec.id}/elasticache/${spec.id}-cache/slow-log`,
      encryptionKey: key,
      retention: ONE_YEAR,
    });
    this.replicationGroup = new elasticache.CfnReplicationGroup(this, "Group", {
      replicationGroupId: this.replicationGroupId,
      replicationGroupDescription: `Cache of cell ${spec.id} (${spec.cache.engine} ${spec.cache.engineVersion})`,
      engine: spec.cache.engine,
      engineVersion: spec.cache.engineVersion,
      cacheNodeType: spec.cache.nodeType,
      port: 6379,
      numCacheClusters: this.nodeCount,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      preferredCacheClusterAZs: spread(spec.zones, this.nodeCount),
      cacheSubnetGroupName: subnets.ref,
      securityGroupIds: [props.securityGroup.securityGroupId],
      atRestEncryptionEnabled: true,
      kmsKeyId: key.keyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      snapshotRetentionLimit: 7,
      autoMinorVersionUpgrade: true,
      logDeliveryConfigurations: [
        {
          destinationType: "cloudwatch-logs",
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
          logFormat: "json",
          logType: "slow-log",
        },
      ],
    });
    this.replicationGroup.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
  }

  /** The member clusters' ids: ElastiCache names them `<group>-001`, `-002`, … */
  memberClusterIds(): string[] {
    return Array.from(
      { length: this.nodeCount },
      (_, index) => `${this.replicationGroupId}-${String(index + 1).padStart(3, "0")}`,
    );
  }

  get arn(): string {
    return Stack.of(this).formatArn({
      service: "elasticache",
      resource: "replicationgroup",
      resourceName: this.replicationGroupId,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
