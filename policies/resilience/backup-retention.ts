import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

/** Days of automated backups a cell's data keeps at least (RDS.11's default `backupRetentionMinimum`). */
export const MINIMUM_RETENTION_DAYS = 7;

const FIELDS: Readonly<Record<string, { noun: string; field: string; absent: number }>> = {
  // Unset retention is AWS's default: 1 day for RDS and Aurora, none for ElastiCache.
  "aws:rds/cluster:Cluster": { noun: "database cluster", field: "backupRetentionPeriod", absent: 1 },
  "aws:rds/instance:Instance": { noun: "database instance", field: "backupRetentionPeriod", absent: 1 },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    noun: "replication group",
    field: "snapshotRetentionLimit",
    absent: 0,
  },
};

function check(store: CheckedResource): Finding[] {
  const { noun, field, absent } = FIELDS[store.type];
  // Read replicas take no automated backups of their own on most engines: the source's count.
  if (at(store.props, "replicateSourceDb") !== undefined) {
    return [];
  }
  const value = at(store.props, field);
  if (isUnknown(value)) {
    return [notYetCheckable(field)];
  }
  const days = typeof value === "number" ? value : typeof value === "string" ? Number(value) : absent;
  return days >= MINIMUM_RETENTION_DAYS
    ? []
    : [
        violation(
          `${noun} ${store.name} keeps ${days} day(s) of automated backups: set ${field} to at least ` +
            `${MINIMUM_RETENTION_DAYS}`,
        ),
      ];
}

export const backupRetention: ResourcePolicyDefinition = {
  scope: "resource",
  name: "backup-retention",
  description:
    `Aurora/RDS databases and ElastiCache replication groups keep automated backups for at least ` +
    `${MINIMUM_RETENTION_DAYS} days (unset is AWS's default: 1 day for RDS, none for ElastiCache).`,
  group: "resilience",
  severity: "medium",
  enforcementLevel: "advisory",
  // ElastiCache.1's own default minimum is 1 day; the pack asks the same 7 days of every data store.
  controls: [
    securityHub("RDS.11", "RDS instances should have automatic backups enabled"),
    securityHub("ElastiCache.1", "ElastiCache (Redis OSS) clusters should have automatic backups enabled"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-1",
  ],
  remediation:
    "Set `backupRetentionPeriod` (RDS, Aurora) or `snapshotRetentionLimit` (ElastiCache) to " +
    `${MINIMUM_RETENTION_DAYS} or more.`,
  resourceTypes: Object.keys(FIELDS),
  check,
};
