/**
 * Resource cases for the policies issue 11 added or widened (the cell's own gaps, logging, resilience). Where a
 * case is translated from a peer's public test fixture, the fixture is named next to it. Resilience policies are
 * advisory by default and mandatory in cell stacks through policies/pack-config.json, so in these cell-stack
 * cases their violations are mandatory too (test/policies/escalation.test.ts covers the other stacks).
 */
import * as ok from "./compliant";
import { ACCOUNT, CELL, cellResource } from "./harness";
import type { ResourceCase } from "./resource-cases";

export const BREADTH_RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "cell-database-key",
    compliant: [
      ok.dbCluster(),
      ok.dbInstance(),
      // Issue 11, item 7: the cell's other stores may use AWS managed keys (SQS.1, ElastiCache.4 accept them).
      ok.queue({ kmsMasterKeyId: "alias/aws/sqs" }, `${CELL}-managed-queue`),
      ok.cache({ kmsKeyId: undefined }, `${CELL}-managed-cache`),
    ],
    violating: [
      // Issue 11: a user removed the cell key from the Aurora cluster; storage stays encrypted, with the AWS key.
      { title: "Aurora cluster without kmsKeyId", resource: ok.dbCluster({ kmsKeyId: undefined }) },
      { title: "instance on the AWS managed alias/aws/rds", resource: ok.dbInstance({ kmsKeyId: "alias/aws/rds" }) },
      {
        title: "instance on the AWS managed key (ARN form)",
        resource: ok.dbInstance({ kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/rds` }),
      },
    ],
  },
  {
    policy: "lb-access-logs",
    compliant: [
      ok.loadBalancer(),
      ok.loadBalancer({ loadBalancerType: "network", accessLogs: undefined }, `${CELL}-nlb`),
      // Classic ELB: an access_logs block with a bucket is enabled unless it says otherwise (KICS "ELB Access Log
      // Disabled", negative test 1).
      cellResource("aws:elb/loadBalancer:LoadBalancer", `${CELL}-classic`, {
        availabilityZones: ["us-east-1a", "us-east-1b"],
        accessLogs: { bucket: "foo", bucketPrefix: "bar", interval: 60 },
      }),
    ],
    violating: [
      // KICS "ELBv2 LB Access Log Disabled" positive tests 1 and 2: enabled = false, and enabled left unset.
      {
        title: "ALB accessLogs enabled false",
        resource: ok.loadBalancer({ accessLogs: { bucket: `${CELL}-alb-logs`, prefix: "test-lb", enabled: false } }),
      },
      {
        title: "ALB accessLogs without enabled",
        resource: ok.loadBalancer({ accessLogs: { bucket: `${CELL}-alb-logs`, prefix: "test-lb" } }),
      },
      {
        title: "load balancer type unset (ALB), no accessLogs",
        resource: ok.loadBalancer({ loadBalancerType: undefined, accessLogs: undefined }),
      },
      {
        title: "classic ELB access_logs enabled false (KICS positive test 1)",
        resource: cellResource("aws:elb/loadBalancer:LoadBalancer", `${CELL}-classic`, {
          availabilityZones: ["us-east-1a"],
          accessLogs: { bucket: "foo", bucketPrefix: "bar", interval: 60, enabled: false },
        }),
      },
    ],
  },
  {
    policy: "db-deletion-protection",
    compliant: [ok.dbCluster(), ok.dbInstance()],
    violating: [
      // Issue 11: deletionProtection switched off on the cell's cluster.
      { title: "Aurora cluster deletionProtection false", resource: ok.dbCluster({ deletionProtection: false }) },
      { title: "instance deletionProtection unset", resource: ok.dbInstance({ deletionProtection: undefined }) },
    ],
  },
  {
    policy: "backup-retention",
    compliant: [ok.dbCluster({ backupRetentionPeriod: 35 }, `${CELL}-db-35`), ok.cache()],
    violating: [
      // checkov example_DBInstanceBackupRetentionPeriod: backup_retention_period = 0 fails.
      { title: "cluster backupRetentionPeriod 0", resource: ok.dbCluster({ backupRetentionPeriod: 0 }) },
      {
        title: "instance retention unset (AWS default: 1 day)",
        resource: ok.dbInstance({ backupRetentionPeriod: undefined }),
      },
      { title: "cache without snapshots", resource: ok.cache({ snapshotRetentionLimit: undefined }) },
    ],
  },
  {
    policy: "final-snapshot",
    compliant: [ok.dbInstance({ skipFinalSnapshot: false, finalSnapshotIdentifier: `${CELL}-reports-final` })],
    violating: [{ title: "instance skipFinalSnapshot true", resource: ok.dbInstance({ skipFinalSnapshot: true }) }],
  },
  {
    policy: "asg-resilient",
    compliant: [
      ok.autoscalingGroup(),
      ok.autoscalingGroup({ targetGroupArns: undefined, healthCheckType: "EC2" }, `${CELL}-workers`),
    ],
    violating: [
      { title: "one subnet", resource: ok.autoscalingGroup({ vpcZoneIdentifiers: ["subnet-a"] }) },
      // The Amazon Q detector for checkov's custom ASG/ELB check: load balancer names without HealthCheckType ELB.
      {
        title: "classic load balancer, EC2 health checks",
        resource: ok.autoscalingGroup({
          targetGroupArns: undefined,
          loadBalancers: ["TestELB"],
          healthCheckType: undefined,
        }),
      },
    ],
  },
  {
    policy: "stateful-protect",
    compliant: [ok.kmsKey(), ok.dbClusterInstance()],
    violating: [
      {
        title: "cell key without protect",
        resource: cellResource("aws:kms/key:Key", `${CELL}-key`, { description: "cell key", enableKeyRotation: true }),
      },
      {
        title: "replication group without protect",
        resource: cellResource("aws:elasticache/replicationGroup:ReplicationGroup", `${CELL}-cache`, {
          ...ok.cache().inputs,
        }),
      },
    ],
  },
];
