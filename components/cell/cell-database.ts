/**
 * CellDatabase: the cell's Aurora PostgreSQL cluster — one writer and N readers spread over the cell's zones,
 * encrypted with the cell key, TLS-only, IAM authentication on, the master password managed by RDS in Secrets
 * Manager (never in code or state), and protected against deletion both in AWS and in Pulumi.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AURORA_POSTGRES_VERSION, BACKUP_RETENTION_DAYS, DB_INSTANCE_CLASS, READ_REPLICAS } from "../../fleet/limits";
import { spreadOverZones, type EncryptedCellArgs, type PrivateSubnetArgs } from "../lib/cell-args";
import { cellTags } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import {
  encryptedCellRules,
  identifierPrefixRule,
  integerInRange,
  matches,
  privateSubnetRules,
  securityGroupRule,
  validateArgs,
  withDefaults,
  type ArgRule,
  type WithDefaults,
} from "../lib/validation";

import { stackScopedName } from "../lib/stack-names";
import { DatabaseUser } from "./database-user";

const COMPONENT = "CellDatabase";
const ENGINE = "aurora-postgresql";
const POSTGRES_PORT = 5432;
const MASTER_USERNAME = {
  pattern: /^(?!rds)[A-Za-z][A-Za-z0-9_]{0,62}$/,
  shape: '1–63 letters, digits or underscores, starting with a letter and not with "rds"',
};
const WEEKDAY_TIME = "(mon|tue|wed|thu|fri|sat|sun):([01]\\d|2[0-3]):[0-5]\\d";
const MAINTENANCE_WINDOW = {
  pattern: new RegExp(`^${WEEKDAY_TIME}-${WEEKDAY_TIME}$`),
  shape: '"ddd:hh:mm-ddd:hh:mm" in UTC, e.g. "sun:04:30-sun:05:30"',
};
/** Parameters the component owns; callers cannot override them through `clusterParameters`. */
const ENFORCED_PARAMETERS: Readonly<Record<string, string>> = { "rds.force_ssl": "1" };

export interface CellDatabaseArgs extends EncryptedCellArgs, PrivateSubnetArgs {
  /** Id of the database security group (`CellFirewall.databaseSecurityGroupId`); the only group on the cluster. */
  securityGroupId: pulumi.Input<string>;
  /**
   * Aurora PostgreSQL version, `major.minor`. Required: the major version picks the parameter group family
   * (`aurora-postgresql16`). Use the long-term-support minor of the major (16.8 for 16: "Aurora PostgreSQL 16.8 /
   * 17.7 (designated LTS minors)", https://github.com/aws/agent-toolkit-for-aws, skills/.../amazon-aurora-postgresql/
   * references/upgrade-planning-lts-recommendation.md; AWS keeps an LTS minor at least three years,
   * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.VersionPolicy.Support.html).
   *
   * Minor-upgrade policy: explicit, not `ignoreChanges`. Automatic minor upgrades are off on every instance ("If
   * you want to remain on an LTS minor version ... disable automatic minor version upgrade", same page), so the
   * version AWS runs is the version in the fleet file, and `pulumi up` never tries to downgrade. A minor (or major)
   * upgrade is a change of this field, reviewed with `cells diff` and rolled cell by cell. When an LTS minor ends,
   * AWS upgrades it to the next LTS minor after months of notice: set that version here first.
   */
  engineVersion: string;
  /** Instance class of the writer and every reader. Default `db.r6g.large`. */
  instanceClass?: string;
  /** Number of reader instances, 1–15. Readers serve the reader endpoint and are failover targets. Default 1. */
  readReplicas?: number;
  /**
   * Master user name (letters, digits, `_`; not starting with `rds`). Its password is managed by RDS. Default
   * `cellplane`.
   */
  masterUsername?: string;
  /** Days of automated backups (point-in-time recovery), 1–35. Default 14. */
  backupRetentionDays?: number;
  /** Daily backup window, UTC `hh:mm-hh:mm`, at least 30 minutes. Default `03:00-04:00`. */
  preferredBackupWindow?: string;
  /**
   * Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`; must not overlap the backup window. Default
   * `sun:04:30-sun:05:30`.
   */
  preferredMaintenanceWindow?: string;
  /** Days of Performance Insights history: 7 (free) or a multiple of 31 up to 731. Default 7. */
  performanceInsightsRetentionPeriod?: number;
  /**
   * Extra cluster parameters (name → value), applied at the next reboot. `rds.force_ssl` is always `1` and cannot
   * be overridden.
   */
  clusterParameters?: Record<string, string>;
  /** Days the cluster's PostgreSQL log group keeps its logs. Default 365. */
  logRetentionDays?: number;
  /** The database user the app connects as with IAM authentication, created by {@link DatabaseUser}. Default `app`. */
  appUser?: string;
  /**
   * Pulumi `protect` on the cluster and its instances, so no `pulumi up`/`destroy` deletes the data by accident.
   * Default true; turn off only for tests and ephemeral cells (AWS deletion protection stays on regardless).
   */
  protect?: boolean;
}

const DATABASE_DEFAULTS = {
  instanceClass: "db.r6g.large",
  readReplicas: 1,
  masterUsername: "cellplane",
  backupRetentionDays: 14,
  preferredBackupWindow: "03:00-04:00",
  preferredMaintenanceWindow: "sun:04:30-sun:05:30",
  performanceInsightsRetentionPeriod: 7,
  logRetentionDays: 365,
  appUser: "app",
  protect: true,
} as const satisfies Partial<CellDatabaseArgs>;

type ResolvedArgs = WithDefaults<CellDatabaseArgs, keyof typeof DATABASE_DEFAULTS>;

function resolve(args: CellDatabaseArgs): ResolvedArgs {
  return withDefaults(args, DATABASE_DEFAULTS);
}

/** What the database hands to the rest of the cell. */
export interface CellDatabaseOutputs {
  /** Cluster (writer) endpoint host. */
  writerEndpoint: pulumi.Output<string>;
  /** Reader endpoint host, load-balanced over the readers. */
  readerEndpoint: pulumi.Output<string>;
  clusterIdentifier: pulumi.Output<string>;
  /**
   * The cluster resource id, for `rds-db:connect` IAM policies
   * (`arn:aws:rds-db:<region>:<account>:dbuser:<id>/<user>`).
   */
  clusterResourceId: pulumi.Output<string>;
  /** ARN of the Secrets Manager secret RDS manages for the master user (encrypted with the cell key). */
  masterSecretArn: pulumi.Output<string>;
  readerIdentifiers: pulumi.Output<string>[];
  port: pulumi.Output<number>;
  /** The IAM-authenticated user the app connects as (`rds-db:connect` names it). */
  appUser: string;
  /** The PostgreSQL log group, created before the cluster with the cell key. */
  logGroupName: pulumi.Output<string>;
}

export class CellDatabase extends pulumi.ComponentResource {
  readonly subnetGroup: aws.rds.SubnetGroup;
  readonly parameterGroup: aws.rds.ClusterParameterGroup;
  readonly cluster: aws.rds.Cluster;
  /** The instance created as the writer (promotion tier 0). After a failover a reader may be the writer. */
  readonly writer: aws.rds.ClusterInstance;
  readonly readers: aws.rds.ClusterInstance[];
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly appUser: DatabaseUser;
  readonly outputs: CellDatabaseOutputs;

  constructor(name: string, args: CellDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, [identifierPrefixRule(name), ...databaseRules(args)]);
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const settings = resolve(args);
    const tags = cellTags(settings.cell);

    this.subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        description: `Private subnets of cell ${settings.cell.id} for its Aurora cluster`,
        subnetIds: settings.subnetIds,
        tags,
      },
      { parent: this },
    );
    this.parameterGroup = new aws.rds.ClusterParameterGroup(
      `${name}-params`,
      {
        description: `Cell ${settings.cell.id} Aurora PostgreSQL ${majorVersion(settings.engineVersion)}: TLS only`,
        family: `${ENGINE}${majorVersion(settings.engineVersion)}`,
        parameters: clusterParameterList(settings.clusterParameters),
        tags,
      },
      { parent: this },
    );
    // RDS names the group it exports to after the cluster (/aws/rds/cluster/<cluster>/<log type>, e.g. the
    // aws_cloudwatch_log_group of terraform-aws-modules/rds-aurora; /aws/rds/instance/<name>/<type> for instances,
    // awsdocs/amazon-rds-user-guide USER_LogAccess.Procedural.UploadtoCloudWatch.md) and would create it itself,
    // unencrypted and never expiring: it is created first, with the cell key and a retention.
    const clusterIdentifier = stackScopedName(`${settings.cell.id}-db`);
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      {
        name: `/aws/rds/cluster/${clusterIdentifier}/postgresql`,
        kmsKeyId: settings.keyArn,
        retentionInDays: settings.logRetentionDays,
        tags,
      },
      { parent: this },
    );
    this.cluster = this.createCluster(name, settings, tags, clusterIdentifier);
    this.writer = this.createInstance(`${name}-writer`, settings, {
      zone: settings.zones[0],
      promotionTier: 0,
      role: "writer",
    });
    const readerZones = spreadOverZones(settings.zones, settings.readReplicas + 1).slice(1);
    this.readers = readerZones.map((zone, index) =>
      this.createInstance(`${name}-reader-${index + 1}`, settings, { zone, promotionTier: index + 1, role: "reader" }),
    );

    const masterSecretArn = this.cluster.masterUserSecrets.apply((secrets) => secrets[0]?.secretArn ?? "");
    this.appUser = new DatabaseUser(
      `${name}-app-user`,
      {
        cell: settings.cell,
        keyArn: settings.keyArn,
        clusterArn: this.cluster.arn,
        masterSecretArn,
        user: settings.appUser,
      },
      // The Data API needs an available writer.
      { parent: this, dependsOn: [this.writer] },
    );

    this.outputs = {
      appUser: settings.appUser,
      logGroupName: this.logGroup.name,
      writerEndpoint: this.cluster.endpoint,
      readerEndpoint: this.cluster.readerEndpoint,
      clusterIdentifier: this.cluster.clusterIdentifier,
      clusterResourceId: this.cluster.clusterResourceId,
      masterSecretArn,
      readerIdentifiers: this.readers.map((reader) => reader.identifier),
      port: this.cluster.port,
    };
    this.registerOutputs(this.outputs);
  }

  private createCluster(
    name: string,
    settings: ResolvedArgs,
    tags: Record<string, string>,
    clusterIdentifier: string,
  ): aws.rds.Cluster {
    return new aws.rds.Cluster(
      `${name}-cluster`,
      {
        // Named (stack-scoped), so its log group can exist first; identifiers are unique per account and region.
        clusterIdentifier,
        engine: ENGINE,
        engineVersion: settings.engineVersion,
        port: POSTGRES_PORT,
        dbSubnetGroupName: this.subnetGroup.name,
        dbClusterParameterGroupName: this.parameterGroup.name,
        vpcSecurityGroupIds: [settings.securityGroupId],
        // availabilityZones stays unset: Aurora spreads storage over three zones itself, and listing fewer makes
        // every later preview want to replace the cluster.
        storageEncrypted: true,
        kmsKeyId: settings.keyArn,
        masterUsername: settings.masterUsername,
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: settings.keyArn,
        iamDatabaseAuthenticationEnabled: true,
        deletionProtection: true,
        backupRetentionPeriod: settings.backupRetentionDays,
        preferredBackupWindow: settings.preferredBackupWindow,
        preferredMaintenanceWindow: settings.preferredMaintenanceWindow,
        copyTagsToSnapshot: true,
        deleteAutomatedBackups: false,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: `${name}-final`,
        enabledCloudwatchLogsExports: ["postgresql"],
        allowMajorVersionUpgrade: false,
        // The RDS Data API, through which DatabaseUser creates the app's user (IAM-authorized, no network path).
        enableHttpEndpoint: true,
        tags,
      },
      { parent: this, protect: settings.protect, dependsOn: [this.logGroup] },
    );
  }

  private createInstance(
    instanceName: string,
    settings: ResolvedArgs,
    placement: { zone: string; promotionTier: number; role: "writer" | "reader" },
  ): aws.rds.ClusterInstance {
    // Readers wait for the writer: Aurora makes the first instance of a cluster its primary.
    const dependsOn = placement.role === "reader" ? [this.writer] : [];
    return new aws.rds.ClusterInstance(
      instanceName,
      {
        clusterIdentifier: this.cluster.id,
        engine: ENGINE,
        instanceClass: settings.instanceClass,
        dbSubnetGroupName: this.subnetGroup.name,
        availabilityZone: placement.zone,
        promotionTier: placement.promotionTier,
        publiclyAccessible: false,
        // Stay on the fleet file's (LTS) minor: see `engineVersion`.
        autoMinorVersionUpgrade: false,
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: settings.keyArn,
        performanceInsightsRetentionPeriod: settings.performanceInsightsRetentionPeriod,
        tags: cellTags(settings.cell, { "cellplane:role": placement.role }),
      },
      { parent: this, protect: settings.protect, dependsOn },
    );
  }
}

/** The enforced parameters apply immediately; the caller's at the next reboot, which static ones require. */
function clusterParameterList(
  extra: Record<string, string> = {},
): aws.types.input.rds.ClusterParameterGroupParameter[] {
  return [
    ...Object.entries(extra).map(([name, value]) => ({ name, value, applyMethod: "pending-reboot" })),
    ...Object.entries(ENFORCED_PARAMETERS).map(([name, value]) => ({ name, value, applyMethod: "immediate" })),
  ];
}

function majorVersion(engineVersion: string): string {
  return engineVersion.split(".")[0];
}

function databaseRules(args: CellDatabaseArgs): ArgRule[] {
  const settings = resolve(args);
  const overridden = Object.keys(args.clusterParameters ?? {}).filter((parameter) => parameter in ENFORCED_PARAMETERS);
  return [
    ...encryptedCellRules(args),
    ...privateSubnetRules(args, args.cell?.region),
    securityGroupRule("securityGroupId", args.securityGroupId, "database"),
    matches("engineVersion", String(args.engineVersion), AURORA_POSTGRES_VERSION),
    matches("instanceClass", settings.instanceClass, DB_INSTANCE_CLASS),
    integerInRange("readReplicas", settings.readReplicas, READ_REPLICAS),
    matches("masterUsername", settings.masterUsername, MASTER_USERNAME),
    integerInRange("backupRetentionDays", settings.backupRetentionDays, BACKUP_RETENTION_DAYS),
    {
      ok: isWindowOfAtLeast30Minutes(settings.preferredBackupWindow),
      problem:
        `preferredBackupWindow "${settings.preferredBackupWindow}" must be "hh:mm-hh:mm" in UTC and at least ` +
        `30 minutes long, e.g. "03:00-04:00"`,
    },
    matches("preferredMaintenanceWindow", settings.preferredMaintenanceWindow, MAINTENANCE_WINDOW),
    {
      ok:
        settings.performanceInsightsRetentionPeriod === 7 ||
        (settings.performanceInsightsRetentionPeriod % 31 === 0 &&
          settings.performanceInsightsRetentionPeriod > 0 &&
          settings.performanceInsightsRetentionPeriod <= 731),
      problem:
        `performanceInsightsRetentionPeriod is ${settings.performanceInsightsRetentionPeriod}; use 7 or a ` +
        `multiple of 31 up to 731`,
    },
    {
      ok: overridden.length === 0,
      problem: `clusterParameters sets ${overridden.join(", ")}, which the component enforces (TLS only); remove it`,
    },
  ];
}

function isWindowOfAtLeast30Minutes(window: string): boolean {
  const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(window);
  if (!match) {
    return false;
  }
  const [start, end] = [Number(match[1]) * 60 + Number(match[2]), Number(match[3]) * 60 + Number(match[4])];
  return (end - start + 24 * 60) % (24 * 60) >= 30;
}
