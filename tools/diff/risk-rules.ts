/**
 * What makes a change risky, as data. Stateful types hold data that a delete or a replacement destroys; their
 * force-new properties are the ones whose change makes AWS (and so Pulumi) replace the resource.
 *
 * Source for every force-new entry: the upstream schema the Pulumi AWS provider is bridged from
 * (hashicorp/terraform-provider-aws, `ForceNew: true` in `internal/service/<service>/<resource>.go`), which Pulumi's
 * schema carries as `willReplaceOnChanges`. Names are the Pulumi (camelCase) input names; a test checks each one
 * against the `@pulumi/aws` type definitions installed here, so a rename in an upgrade fails loudly.
 */

export interface ForceNewRule {
  property: string;
  /** When the replacement depends on the values (e.g. only on a downgrade), say so instead of asserting it. */
  condition?: string;
}

export interface StatefulType {
  /** What a reviewer calls it. */
  label: string;
  /** What is lost when it goes. */
  loses: string;
}

export const STATEFUL_TYPES: Readonly<Record<string, StatefulType>> = {
  "aws:rds/cluster:Cluster": { label: "database cluster", loses: "its data (unless a final snapshot is taken)" },
  "aws:rds/clusterInstance:ClusterInstance": {
    label: "database instance",
    loses: "a database node and its connections",
  },
  "aws:rds/instance:Instance": { label: "database instance", loses: "its data (unless a final snapshot is taken)" },
  "aws:elasticache/replicationGroup:ReplicationGroup": { label: "cache", loses: "its cached data" },
  "aws:elasticache/cluster:Cluster": { label: "cache", loses: "its cached data" },
  "aws:sqs/queue:Queue": { label: "queue", loses: "every message in it" },
  "aws:kms/key:Key": { label: "KMS key", loses: "the ability to decrypt anything it encrypted" },
  "aws:cloudwatch/logGroup:LogGroup": { label: "log group", loses: "its logs" },
  "aws:route53/zone:Zone": { label: "hosted zone", loses: "its records and name servers (delegations break)" },
  "aws:dynamodb/table:Table": { label: "table", loses: "its data" },
  "aws:s3/bucket:Bucket": { label: "bucket", loses: "its objects" },
  "aws:s3/bucketV2:BucketV2": { label: "bucket", loses: "its objects" },
};

export const FORCE_NEW_PROPERTIES: Readonly<Record<string, readonly ForceNewRule[]>> = {
  // internal/service/rds/cluster.go
  "aws:rds/cluster:Cluster": [
    { property: "availabilityZones" },
    { property: "clusterIdentifier" },
    { property: "clusterIdentifierPrefix" },
    { property: "clusterScalabilityType" },
    { property: "databaseName" },
    { property: "dbSubnetGroupName" },
    { property: "dbSystemId" },
    { property: "engine" },
    { property: "engineMode" },
    { property: "kmsKeyId" },
    { property: "masterUsername" },
    { property: "restoreToPointInTime" },
    { property: "s3Import" },
    { property: "snapshotIdentifier" },
    { property: "sourceRegion" },
    { property: "storageEncrypted" },
    { property: "storageType", condition: "for non-Aurora engines" },
  ],
  // internal/service/rds/cluster_instance.go (instanceClass is an in-place update)
  "aws:rds/clusterInstance:ClusterInstance": [
    { property: "availabilityZone" },
    { property: "clusterIdentifier" },
    { property: "customIamInstanceProfile" },
    { property: "dbSubnetGroupName" },
    { property: "engine" },
    { property: "identifier" },
    { property: "identifierPrefix" },
  ],
  // internal/service/elasticache/replication_group.go
  "aws:elasticache/replicationGroup:ReplicationGroup": [
    { property: "atRestEncryptionEnabled" },
    { property: "dataTieringEnabled" },
    { property: "engine", condition: "when moving from valkey back to redis" },
    { property: "engineVersion", condition: "on a downgrade" },
    { property: "globalReplicationGroupId" },
    { property: "kmsKeyId" },
    { property: "networkType" },
    { property: "port" },
    { property: "replicationGroupId" },
    { property: "securityGroupNames" },
    { property: "snapshotArns" },
    { property: "snapshotName" },
    { property: "subnetGroupName" },
    { property: "transitEncryptionEnabled", condition: "for engine versions before 7.0.5" },
  ],
  // internal/service/sqs/queue.go
  "aws:sqs/queue:Queue": [{ property: "fifoQueue" }, { property: "name" }, { property: "namePrefix" }],
  // internal/service/kms/key.go
  "aws:kms/key:Key": [
    { property: "customKeyStoreId" },
    { property: "customerMasterKeySpec" },
    { property: "keyUsage" },
    { property: "multiRegion" },
    { property: "xksKeyId" },
  ],
  // internal/service/logs/group.go
  "aws:cloudwatch/logGroup:LogGroup": [{ property: "logGroupClass" }, { property: "name" }, { property: "namePrefix" }],
  // internal/service/route53/zone.go
  "aws:route53/zone:Zone": [{ property: "delegationSetId" }, { property: "name" }],
  // terraform-provider-random: every attribute of random_password requires replacement; a new password for a
  // database's master user is a credential rotation the application must survive.
  "random:index/randomPassword:RandomPassword": [
    { property: "keepers" },
    { property: "length" },
    { property: "lower" },
    { property: "minLower" },
    { property: "minNumeric" },
    { property: "minSpecial" },
    { property: "minUpper" },
    { property: "numeric" },
    { property: "overrideSpecial" },
    { property: "special" },
    { property: "upper" },
  ],
};

/** Properties whose move from "on" to "off" removes a guard against deletion. */
export interface GuardRule {
  property: string;
  /** The value that means the guard is on. */
  guardedValue: boolean;
  /** The provider's default when the property is not set. */
  defaultValue: boolean;
  kind: "deletion-protection-off" | "final-snapshot-skipped";
}

export const GUARD_PROPERTIES: Readonly<Record<string, readonly GuardRule[]>> = {
  "aws:rds/cluster:Cluster": [
    { property: "deletionProtection", guardedValue: true, defaultValue: false, kind: "deletion-protection-off" },
    { property: "skipFinalSnapshot", guardedValue: false, defaultValue: false, kind: "final-snapshot-skipped" },
  ],
  "aws:rds/instance:Instance": [
    { property: "deletionProtection", guardedValue: true, defaultValue: false, kind: "deletion-protection-off" },
    { property: "skipFinalSnapshot", guardedValue: false, defaultValue: false, kind: "final-snapshot-skipped" },
  ],
  "aws:cloudwatch/logGroup:LogGroup": [
    { property: "deletionProtectionEnabled", guardedValue: true, defaultValue: false, kind: "deletion-protection-off" },
  ],
  "aws:dynamodb/table:Table": [
    { property: "deletionProtectionEnabled", guardedValue: true, defaultValue: false, kind: "deletion-protection-off" },
  ],
  "aws:lb/loadBalancer:LoadBalancer": [
    { property: "enableDeletionProtection", guardedValue: true, defaultValue: false, kind: "deletion-protection-off" },
  ],
};

export function statefulType(type: string): StatefulType | undefined {
  return STATEFUL_TYPES[type];
}

export function forceNewRule(type: string, topLevelProperty: string): ForceNewRule | undefined {
  return (FORCE_NEW_PROPERTIES[type] ?? []).find((rule) => rule.property === topLevelProperty);
}
