/**
 * The CDK baseline's alarms of one cell: what components/cell/cell-alarms.ts builds — an SNS topic encrypted with
 * the cell key (and its email subscriptions), one CloudWatch alarm per watched metric notifying it on alarm and on
 * recovery, and a dashboard with one widget per alarm. The thresholds are cell-alarms.ts's defaults.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import type { CellSpec } from "../../../fleet/schema";

type Missing = cloudwatch.TreatMissingData;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
const MISSING = cloudwatch.TreatMissingData.MISSING;
/** Period, evaluation periods and datapoints to alarm, as in cell-alarms.ts. */
const PER_MINUTE = [60, 5, 3] as const;
const SUSTAINED_FIVE_MINUTES = [60, 5, 5] as const;
const SUSTAINED_FIFTEEN_MINUTES = [300, 3, 3] as const;

interface AlarmSpec {
  role: string;
  title: string;
  metric: cloudwatch.Metric | cloudwatch.MathExpression;
  threshold: number;
  window: readonly [number, number, number];
  missing: Missing;
}

export interface CellAlarmsProps {
  spec: CellSpec;
  key: kms.IKey;
  loadBalancerFullName: string;
  targetGroupFullName: string;
  queues: { name: string; queueName: string; deadLetterQueueName: string }[];
  cacheNodeIds: string[];
  clusterIdentifier: string;
}

export class CellAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: CellAlarmsProps) {
    super(scope, id);
    const { spec } = props;
    this.topic = new sns.Topic(this, "Topic", { displayName: `cellplane ${spec.id} alarms`, masterKey: props.key });
    for (const email of spec.alarms.notificationEmails) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    const notify = new actions.SnsAction(this.topic);
    this.alarms = alarmSpecs(props).map((alarm) => {
      const [period, evaluationPeriods, datapointsToAlarm] = alarm.window;
      const created = new cloudwatch.Alarm(this, alarm.role, {
        alarmDescription: `[cell ${spec.id}] ${alarm.title} above ${alarm.threshold}`,
        metric: alarm.metric.with({ period: Duration.seconds(period) }),
        threshold: alarm.threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods,
        datapointsToAlarm,
        treatMissingData: alarm.missing,
      });
      created.addAlarmAction(notify);
      created.addOkAction(notify);
      return created;
    });
    new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `cellplane-${spec.id}`,
      widgets: this.alarms.map((alarm) => [new cloudwatch.AlarmWidget({ alarm, title: alarm.node.id, width: 12 })]),
    });
  }
}

/** Every alarm, in dashboard order: the front door, then queues, cache nodes and the database. */
function alarmSpecs(props: CellAlarmsProps): AlarmSpec[] {
  const metric = (namespace: string, metricName: string, statistic: string, dimensionsMap: Record<string, string>) =>
    new cloudwatch.Metric({ namespace, metricName, statistic, dimensionsMap });
  const alb = (name: string, statistic: string, byTargetGroup = false) =>
    metric("AWS/ApplicationELB", name, statistic, {
      LoadBalancer: props.loadBalancerFullName,
      ...(byTargetGroup ? { TargetGroup: props.targetGroupFullName } : {}),
    });
  return [
    {
      role: "http-5xx-rate",
      title: "HTTP 5xx rate (%)",
      metric: new cloudwatch.MathExpression({
        expression: "IF(requests >= 50, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
        label: "5xx responses (% of requests)",
        usingMetrics: {
          requests: alb("RequestCount", "Sum"),
          elb5xx: alb("HTTPCode_ELB_5XX_Count", "Sum"),
          target5xx: alb("HTTPCode_Target_5XX_Count", "Sum"),
        },
        period: Duration.minutes(1),
      }),
      threshold: 5,
      window: PER_MINUTE,
      missing: NOT_BREACHING,
    },
    {
      role: "target-p99-latency",
      title: "Target p99 latency (s)",
      metric: alb("TargetResponseTime", "p99", true),
      threshold: 1,
      window: PER_MINUTE,
      missing: NOT_BREACHING,
    },
    {
      role: "unhealthy-hosts",
      title: "Unhealthy targets",
      metric: alb("UnHealthyHostCount", "Maximum", true),
      threshold: 0,
      window: [60, 3, 3],
      missing: NOT_BREACHING,
    },
    ...props.queues.flatMap((queue): AlarmSpec[] => [
      {
        role: `queue-${queue.name}-oldest-message`,
        title: `Queue ${queue.name}: oldest message age (s)`,
        metric: metric("AWS/SQS", "ApproximateAgeOfOldestMessage", "Maximum", { QueueName: queue.queueName }),
        threshold: 900,
        window: SUSTAINED_FIVE_MINUTES,
        missing: NOT_BREACHING,
      },
      {
        role: `queue-${queue.name}-dead-letters`,
        title: `Queue ${queue.name}: dead letters`,
        metric: metric("AWS/SQS", "ApproximateNumberOfMessagesVisible", "Maximum", {
          QueueName: queue.deadLetterQueueName,
        }),
        threshold: 0,
        window: [60, 1, 1],
        missing: NOT_BREACHING,
      },
    ]),
    ...props.cacheNodeIds.flatMap((node, index): AlarmSpec[] => [
      {
        role: `cache-node-${index + 1}-engine-cpu`,
        title: `Cache node ${index + 1}: engine CPU (%)`,
        metric: metric("AWS/ElastiCache", "EngineCPUUtilization", "Average", { CacheClusterId: node }),
        threshold: 80,
        window: SUSTAINED_FIFTEEN_MINUTES,
        missing: MISSING,
      },
      {
        role: `cache-node-${index + 1}-evictions`,
        title: `Cache node ${index + 1}: evictions`,
        metric: metric("AWS/ElastiCache", "Evictions", "Sum", { CacheClusterId: node }),
        threshold: 100,
        window: SUSTAINED_FIFTEEN_MINUTES,
        missing: NOT_BREACHING,
      },
    ]),
    {
      role: "db-writer-cpu",
      title: "Database writer CPU (%)",
      metric: metric("AWS/RDS", "CPUUtilization", "Average", {
        DBClusterIdentifier: props.clusterIdentifier,
        Role: "WRITER",
      }),
      threshold: 80,
      window: SUSTAINED_FIFTEEN_MINUTES,
      missing: MISSING,
    },
    {
      role: "db-replica-lag",
      title: "Database replica lag (ms)",
      metric: metric("AWS/RDS", "AuroraReplicaLag", "Maximum", {
        DBClusterIdentifier: props.clusterIdentifier,
        Role: "READER",
      }),
      threshold: 1000,
      window: SUSTAINED_FIVE_MINUTES,
      missing: NOT_BREACHING,
    },
  ];
}
