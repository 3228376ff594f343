/**
 * CellAlarms: the cell's alarms and dashboard. Every alarm notifies one SNS topic encrypted with the cell key, on
 * alarm and on recovery; the dashboard graphs exactly what the alarms watch (both are rendered from the same
 * {@link AlarmSpec}s). Thresholds have defaults meant to page on user-visible trouble, and can be overridden.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EMAIL_ADDRESS, emailSlug, QUEUE_NAME } from "../../fleet/limits";
import type { EncryptedCellArgs } from "../lib/cell-args";
import { cellTags } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import {
  encryptedCellRules,
  knownStringRule,
  matches,
  numberInRange,
  requiredInput,
  validateArgs,
  withDefaults,
  type ArgRule,
} from "../lib/validation";
import { dashboardBody, metricAlarmArgs, type AlarmSpec, type MetricSpec } from "./alarm-metrics";

const COMPONENT = "CellAlarms";
const LOAD_BALANCER_ARN_SUFFIX = { pattern: /^app\/[^/]+\/[0-9a-f]+$/, shape: 'an ALB ARN suffix "app/<name>/<id>"' };
const TARGET_GROUP_ARN_SUFFIX = {
  pattern: /^targetgroup\/[^/]+\/[0-9a-f]+$/,
  shape: 'a target group ARN suffix "targetgroup/<name>/<id>"',
};

/** Alarm thresholds. Every alarm fires when its value is above the threshold for most of its evaluation window. */
export interface CellAlarmThresholds {
  /** 5xx responses (load balancer and targets) in percent of requests, per minute, 3 of 5 minutes. Default 5. */
  http5xxRatePercent?: number;
  /**
   * Minutes with fewer requests than this never count as a 5xx breach (one error in three requests is noise). Default
   * 50.
   */
  http5xxMinimumRequests?: number;
  /** p99 target response time in seconds, per minute, 3 of 5 minutes. Default 1. */
  targetP99LatencySeconds?: number;
  /** Unhealthy targets tolerated, 3 minutes in a row. Default 0. */
  unhealthyHosts?: number;
  /** Age in seconds of the oldest message of a queue, 5 minutes in a row. Default 900. */
  queueOldestMessageAgeSeconds?: number;
  /** Messages tolerated in a dead-letter queue. Default 0: the first dead letter alarms. */
  deadLetterMessages?: number;
  /** Engine CPU of a cache node in percent (the engine's main thread), 3 of 3 five-minute periods. Default 80. */
  cacheEngineCpuPercent?: number;
  /** Evictions of a cache node per five minutes, 3 periods in a row. Default 100. */
  cacheEvictions?: number;
  /** CPU of the database writer in percent, 3 of 3 five-minute periods. Default 80. */
  databaseCpuPercent?: number;
  /** Lag of the slowest reader in milliseconds, 5 minutes in a row. Default 1000. */
  databaseReplicaLagMilliseconds?: number;
}

export const DEFAULT_THRESHOLDS: Required<CellAlarmThresholds> = {
  http5xxRatePercent: 5,
  http5xxMinimumRequests: 50,
  targetP99LatencySeconds: 1,
  unhealthyHosts: 0,
  queueOldestMessageAgeSeconds: 900,
  deadLetterMessages: 0,
  cacheEngineCpuPercent: 80,
  cacheEvictions: 100,
  databaseCpuPercent: 80,
  databaseReplicaLagMilliseconds: 1_000,
};

const PERCENT_THRESHOLDS: (keyof CellAlarmThresholds)[] = [
  "http5xxRatePercent",
  "cacheEngineCpuPercent",
  "databaseCpuPercent",
];

/** A queue to watch, as `CellQueue` exposes it. */
export interface WatchedQueue {
  /** The queue's name within the cell (`CellQueue.logicalName`); names the alarms. */
  name: string;
  /** Physical name of the queue (`CellQueue.queueName`). */
  queueName: pulumi.Input<string>;
  /** Physical name of its dead-letter queue (`CellQueue.deadLetterQueueName`). */
  deadLetterQueueName: pulumi.Input<string>;
}

export interface CellAlarmsArgs extends EncryptedCellArgs {
  /** `arnSuffix` of the cell's application load balancer (`app/<name>/<id>`). */
  loadBalancerArnSuffix: pulumi.Input<string>;
  /** `arnSuffix` of the app's target group (`targetgroup/<name>/<id>`). */
  targetGroupArnSuffix: pulumi.Input<string>;
  /** The cell's queues; each gets an oldest-message-age alarm and a dead-letter alarm. May be empty. */
  queues: WatchedQueue[];
  /** The cell's cache: `CellCache.replicationGroupId` and `CellCache.memberClusters` (one alarm pair per node). */
  cache: { replicationGroupId: pulumi.Input<string>; memberClusters: pulumi.Input<string>[] };
  /**
   * The cell's database (`CellDatabase.clusterIdentifier`). Alarms use the cluster's WRITER and READER role metrics,
   * as AWS recommends, so they keep watching the right instances after a failover.
   */
  database: { clusterIdentifier: pulumi.Input<string> };
  /** Threshold overrides; see {@link CellAlarmThresholds} for the defaults. */
  thresholds?: CellAlarmThresholds;
  /** Addresses subscribed to the alarm topic by email (each must confirm the subscription). Default none. */
  notificationEmails?: string[];
}

/** What the alarms hand on: where they notify, the dashboard, and every alarm. */
export interface CellAlarmsOutputs {
  topicArn: pulumi.Output<string>;
  dashboardName: pulumi.Output<string>;
  /** ARNs of every alarm, in dashboard order. */
  alarmArns: pulumi.Output<string>[];
  /** Names of every alarm, in dashboard order: `cells rollout` watches them before each update and during a bake. */
  alarmNames: pulumi.Output<string>[];
}

export class CellAlarms extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly subscriptions: aws.sns.TopicSubscription[];
  /** Alarms by role: `http-5xx-rate`, `target-p99-latency`, `unhealthy-hosts`, `queue-<name>-oldest-message`, … */
  readonly alarms: Record<string, aws.cloudwatch.MetricAlarm>;
  readonly dashboard: aws.cloudwatch.Dashboard;
  readonly outputs: CellAlarmsOutputs;

  constructor(name: string, args: CellAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, alarmsRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const tags = cellTags(args.cell);
    const thresholds = withDefaults(args.thresholds ?? {}, DEFAULT_THRESHOLDS);

    this.topic = new aws.sns.Topic(
      `${name}-topic`,
      {
        displayName: `cellplane ${args.cell.id} alarms`,
        kmsMasterKeyId: args.keyArn,
        tags,
      },
      { parent: this },
    );
    this.subscriptions = (args.notificationEmails ?? []).map(
      (email) =>
        new aws.sns.TopicSubscription(
          `${name}-email-${emailSlug(email)}`,
          { topic: this.topic.arn, protocol: "email", endpoint: email },
          { parent: this },
        ),
    );

    const specs = alarmSpecs(args, thresholds);
    this.alarms = Object.fromEntries(
      specs.map((spec) => [
        spec.role,
        new aws.cloudwatch.MetricAlarm(
          `${name}-${spec.role}`,
          metricAlarmArgs(spec, args.cell.id, this.topic.arn, tags),
          { parent: this },
        ),
      ]),
    );
    this.dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: `cellplane-${args.cell.id}`,
        dashboardBody: dashboardBody(
          specs,
          Object.values(this.alarms).map((alarm) => alarm.arn),
          args.cell.region,
        ),
      },
      { parent: this },
    );

    this.outputs = {
      topicArn: this.topic.arn,
      dashboardName: this.dashboard.dashboardName,
      alarmArns: Object.values(this.alarms).map((alarm) => alarm.arn),
      alarmNames: Object.values(this.alarms).map((alarm) => alarm.name),
    };
    this.registerOutputs(this.outputs);
  }
}

/** Every alarm of the cell, in dashboard order: the front door first, then queues, cache and database. */
export function alarmSpecs(args: CellAlarmsArgs, thresholds: Required<CellAlarmThresholds>): AlarmSpec[] {
  return [
    ...loadBalancerSpecs(args.loadBalancerArnSuffix, args.targetGroupArnSuffix, thresholds),
    ...args.queues.flatMap((queue) => queueSpecs(queue, thresholds)),
    ...args.cache.memberClusters.flatMap((cacheClusterId, index) =>
      cacheNodeSpecs(cacheClusterId, index + 1, args.cache.replicationGroupId, thresholds),
    ),
    ...databaseSpecs(args.database.clusterIdentifier, thresholds),
  ];
}

const PER_MINUTE = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 3 };
const SUSTAINED_FIVE_MINUTES = { period: 60, evaluationPeriods: 5, datapointsToAlarm: 5 };
const SUSTAINED_FIFTEEN_MINUTES = { period: 300, evaluationPeriods: 3, datapointsToAlarm: 3 };

function loadBalancerSpecs(
  loadBalancer: pulumi.Input<string>,
  targetGroup: pulumi.Input<string>,
  thresholds: Required<CellAlarmThresholds>,
): AlarmSpec[] {
  const albMetric = (
    metricName: string,
    stat: string,
    dimensions: Record<string, pulumi.Input<string>>,
  ): MetricSpec => ({ namespace: "AWS/ApplicationELB", metricName, stat, dimensions });
  const byLoadBalancer = { LoadBalancer: loadBalancer };
  const byTargetGroup = { LoadBalancer: loadBalancer, TargetGroup: targetGroup };
  return [
    {
      role: "http-5xx-rate",
      title: "HTTP 5xx rate (%)",
      meaning: "clients are getting server errors; check the targets' logs and recent deployments",
      watch: {
        kind: "expression",
        expression:
          `IF(requests >= ${thresholds.http5xxMinimumRequests}, 100 * (FILL(elb5xx, 0) + FILL(target5xx, ` +
          `0)) / requests, 0)`,
        label: "5xx responses (% of requests)",
        metrics: {
          requests: albMetric("RequestCount", "Sum", byLoadBalancer),
          elb5xx: albMetric("HTTPCode_ELB_5XX_Count", "Sum", byLoadBalancer),
          target5xx: albMetric("HTTPCode_Target_5XX_Count", "Sum", byLoadBalancer),
        },
      },
      threshold: thresholds.http5xxRatePercent,
      treatMissingData: "notBreaching",
      ...PER_MINUTE,
    },
    {
      role: "target-p99-latency",
      title: "Target p99 latency (s)",
      meaning: "the slowest 1% of requests are slow; check the database, the cache and target CPU",
      watch: { kind: "metric", metric: albMetric("TargetResponseTime", "p99", byTargetGroup) },
      threshold: thresholds.targetP99LatencySeconds,
      treatMissingData: "notBreaching",
      ...PER_MINUTE,
    },
    {
      role: "unhealthy-hosts",
      title: "Unhealthy targets",
      meaning: "targets fail their health check; check the instances and the health-check path",
      watch: { kind: "metric", metric: albMetric("UnHealthyHostCount", "Maximum", byTargetGroup) },
      threshold: thresholds.unhealthyHosts,
      treatMissingData: "notBreaching",
      period: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
    },
  ];
}

function queueSpecs(queue: WatchedQueue, thresholds: Required<CellAlarmThresholds>): AlarmSpec[] {
  const sqsMetric = (metricName: string, queueName: pulumi.Input<string>): MetricSpec => ({
    namespace: "AWS/SQS",
    metricName,
    stat: "Maximum",
    dimensions: { QueueName: queueName },
  });
  return [
    {
      role: `queue-${queue.name}-oldest-message`,
      title: `Queue ${queue.name}: oldest message age (s)`,
      meaning: pulumi.interpolate`consumers of ${queue.queueName} are falling behind or stuck`,
      watch: { kind: "metric", metric: sqsMetric("ApproximateAgeOfOldestMessage", queue.queueName) },
      threshold: thresholds.queueOldestMessageAgeSeconds,
      treatMissingData: "notBreaching",
      ...SUSTAINED_FIVE_MINUTES,
    },
    {
      role: `queue-${queue.name}-dead-letters`,
      title: `Queue ${queue.name}: dead letters`,
      meaning: pulumi.concat(
        "messages failed processing and landed in ",
        queue.deadLetterQueueName,
        "; inspect them, fix, then redrive",
      ),
      watch: { kind: "metric", metric: sqsMetric("ApproximateNumberOfMessagesVisible", queue.deadLetterQueueName) },
      threshold: thresholds.deadLetterMessages,
      treatMissingData: "notBreaching",
      period: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
    },
  ];
}

function cacheNodeSpecs(
  cacheClusterId: pulumi.Input<string>,
  node: number,
  replicationGroupId: pulumi.Input<string>,
  thresholds: Required<CellAlarmThresholds>,
): AlarmSpec[] {
  const cacheMetric = (metricName: string, stat: string): MetricSpec => ({
    namespace: "AWS/ElastiCache",
    metricName,
    stat,
    dimensions: { CacheClusterId: cacheClusterId },
  });
  return [
    {
      role: `cache-node-${node}-engine-cpu`,
      title: `Cache node ${node}: engine CPU (%)`,
      meaning: pulumi.concat(
        pulumi.interpolate`the engine thread of ${cacheClusterId} (group ${replicationGroupId}) is saturated; `,
        "look for hot keys and slow commands in the slow log",
      ),
      watch: { kind: "metric", metric: cacheMetric("EngineCPUUtilization", "Average") },
      threshold: thresholds.cacheEngineCpuPercent,
      // A node reports nothing while it is created, replaced or patched: missing data leaves the alarm
      // INSUFFICIENT_DATA (visible, not paging) instead of ALARM. A node that is really down fails the app's deep
      // health check, which pages through the load balancer alarms.
      treatMissingData: "missing",
      ...SUSTAINED_FIFTEEN_MINUTES,
    },
    {
      role: `cache-node-${node}-evictions`,
      title: `Cache node ${node}: evictions`,
      meaning: pulumi.concat(
        pulumi.interpolate`${cacheClusterId} (group ${replicationGroupId}) is out of memory and evicting keys; `,
        "scale the node type or shorten TTLs",
      ),
      watch: { kind: "metric", metric: cacheMetric("Evictions", "Sum") },
      threshold: thresholds.cacheEvictions,
      // The engine-CPU alarm of the same node already fires when the node stops reporting.
      treatMissingData: "notBreaching",
      ...SUSTAINED_FIFTEEN_MINUTES,
    },
  ];
}

function databaseSpecs(
  clusterIdentifier: pulumi.Input<string>,
  thresholds: Required<CellAlarmThresholds>,
): AlarmSpec[] {
  const roleMetric = (metricName: string, stat: string, role: "WRITER" | "READER"): MetricSpec => ({
    namespace: "AWS/RDS",
    metricName,
    stat,
    dimensions: { DBClusterIdentifier: clusterIdentifier, Role: role },
  });
  return [
    {
      role: "db-writer-cpu",
      title: "Database writer CPU (%)",
      meaning: pulumi.concat(
        pulumi.interpolate`the writer of ${clusterIdentifier} is saturated; `,
        "check Performance Insights for the top SQL",
      ),
      watch: { kind: "metric", metric: roleMetric("CPUUtilization", "Average", "WRITER") },
      threshold: thresholds.databaseCpuPercent,
      // No writer metric while the cluster is provisioned or fails over (maintenance): not a reason to page.
      treatMissingData: "missing",
      ...SUSTAINED_FIFTEEN_MINUTES,
    },
    {
      role: "db-replica-lag",
      title: "Database replica lag (ms)",
      meaning: pulumi.concat(
        pulumi.interpolate`readers of ${clusterIdentifier} serve stale data; `,
        "check writer write load and reader CPU",
      ),
      watch: { kind: "metric", metric: roleMetric("AuroraReplicaLag", "Maximum", "READER") },
      threshold: thresholds.databaseReplicaLagMilliseconds,
      // Readers report no lag while they are created or restarted: no data is no lag.
      treatMissingData: "notBreaching",
      ...SUSTAINED_FIVE_MINUTES,
    },
  ];
}

function alarmsRules(args: CellAlarmsArgs): ArgRule[] {
  const thresholds = withDefaults(args.thresholds ?? {}, DEFAULT_THRESHOLDS);
  const queueNames = (args.queues ?? []).map((queue) => queue.name);
  const emails = args.notificationEmails ?? [];
  return [
    ...encryptedCellRules(args),
    requiredInput("loadBalancerArnSuffix", args.loadBalancerArnSuffix, "pass CellCompute's load balancer arnSuffix"),
    requiredInput("targetGroupArnSuffix", args.targetGroupArnSuffix, "pass CellCompute's target group arnSuffix"),
    ...knownStringRule("loadBalancerArnSuffix", args.loadBalancerArnSuffix, LOAD_BALANCER_ARN_SUFFIX),
    ...knownStringRule("targetGroupArnSuffix", args.targetGroupArnSuffix, TARGET_GROUP_ARN_SUFFIX),
    ...queueNames.map((queueName) => matches("queues[].name", queueName, QUEUE_NAME)),
    {
      ok: new Set(queueNames).size === queueNames.length,
      problem: `queues[].name repeats a queue (${queueNames.join(", ")}); list each queue once`,
    },
    {
      ok: (args.cache?.memberClusters ?? []).length > 0,
      problem: "cache.memberClusters is empty; pass CellCache.memberClusters",
    },
    requiredInput("cache.replicationGroupId", args.cache?.replicationGroupId, "pass CellCache.replicationGroupId"),
    requiredInput(
      "database.clusterIdentifier",
      args.database?.clusterIdentifier,
      "pass CellDatabase.clusterIdentifier",
    ),
    ...(Object.entries(thresholds) as [keyof CellAlarmThresholds, number][]).map(([field, value]) =>
      numberInRange(
        `thresholds.${field}`,
        value,
        0,
        PERCENT_THRESHOLDS.includes(field) ? 100 : Number.MAX_SAFE_INTEGER,
      ),
    ),
    ...emails.map((email) => matches("notificationEmails", email, EMAIL_ADDRESS)),
    {
      ok: new Set(emails.map(emailSlug)).size === emails.length,
      problem: `notificationEmails lists an address twice (${emails.join(", ")})`,
    },
  ];
}
