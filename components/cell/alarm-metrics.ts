/**
 * One description of each watched metric, rendered two ways: as CloudWatch alarm arguments and as a dashboard
 * widget. The alarm and the graph an operator opens from it can therefore never disagree on what is measured.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A CloudWatch metric, its dimensions and the statistic that aggregates it. */
export interface MetricSpec {
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  /** `Sum`, `Average`, `Maximum`, … or a percentile such as `p99`. */
  stat: string;
}

/** What an alarm watches: one metric, or a metric-math expression over named metrics. */
export type WatchedMetric =
  | { kind: "metric"; metric: MetricSpec }
  | { kind: "expression"; expression: string; label: string; metrics: Record<string, MetricSpec> };

/**
 * How CloudWatch treats a period without data. Traffic-driven metrics publish nothing when idle (`notBreaching`).
 * Resource metrics stop while a resource is created, replaced or patched, so their silence is `missing`
 * (INSUFFICIENT_DATA: seen, not paged). `breaching` pages on gaps that provisioning and maintenance always leave.
 */
export type MissingData = "breaching" | "notBreaching" | "missing";

export interface AlarmSpec {
  /** Unique within the component; names the alarm resource `${name}-${role}`. */
  role: string;
  /** Human title: the widget title and the start of the alarm description. */
  title: string;
  /** Why crossing the threshold matters, and where to look first. */
  meaning: pulumi.Input<string>;
  watch: WatchedMetric;
  /** The alarm fires when the watched value is greater than this. */
  threshold: number;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: MissingData;
}

const EXPRESSION_ID = "e1";

function isPercentile(stat: string): boolean {
  return /^p\d+(\.\d+)?$/.test(stat);
}

/** The arguments of the `aws.cloudwatch.MetricAlarm` for `spec`, notifying `topicArn` on alarm and on recovery. */
export function metricAlarmArgs(
  spec: AlarmSpec,
  cellId: string,
  topicArn: pulumi.Input<string>,
  tags: Record<string, string>,
): aws.cloudwatch.MetricAlarmArgs {
  return {
    alarmDescription: pulumi.interpolate`[cell ${cellId}] ${spec.title} above ${spec.threshold}: ${spec.meaning}`,
    comparisonOperator: "GreaterThanThreshold",
    threshold: spec.threshold,
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: spec.treatMissingData,
    alarmActions: [topicArn],
    okActions: [topicArn],
    ...watchedMetricArgs(spec),
    tags,
  };
}

function watchedMetricArgs(spec: AlarmSpec): aws.cloudwatch.MetricAlarmArgs {
  const watch = spec.watch;
  if (watch.kind === "metric") {
    const { namespace, metricName, dimensions, stat } = watch.metric;
    const statistic = isPercentile(stat)
      ? { extendedStatistic: stat, evaluateLowSampleCountPercentiles: "ignore" }
      : { statistic: stat };
    return { namespace, metricName, dimensions, period: spec.period, ...statistic };
  }
  return {
    metricQueries: [
      { id: EXPRESSION_ID, expression: watch.expression, label: watch.label, returnData: true },
      ...Object.entries(watch.metrics).map(([id, metric]) => ({
        id,
        returnData: false,
        metric: {
          namespace: metric.namespace,
          metricName: metric.metricName,
          dimensions: metric.dimensions,
          stat: metric.stat,
          period: spec.period,
        },
      })),
    ],
  };
}

type WidgetMetric = pulumi.Input<string | number | boolean | Record<string, pulumi.Input<string | number | boolean>>>[];

function widgetMetric(metric: MetricSpec, options: Record<string, string | boolean>): WidgetMetric {
  const dimensions = Object.entries(metric.dimensions).flatMap(([name, value]) => [name, value]);
  return [metric.namespace, metric.metricName, ...dimensions, { stat: metric.stat, ...options }];
}

function widgetMetrics(spec: AlarmSpec): WidgetMetric[] {
  const watch = spec.watch;
  if (watch.kind === "metric") {
    return [widgetMetric(watch.metric, { label: spec.title })];
  }
  return [
    [{ expression: watch.expression, label: watch.label, id: EXPRESSION_ID }],
    ...Object.entries(watch.metrics).map(([id, metric]) => widgetMetric(metric, { id, visible: false })),
  ];
}

const WIDGET_WIDTH = 8;
const WIDGET_HEIGHT = 6;
const WIDGETS_PER_ROW = 24 / WIDGET_WIDTH;

/** A graph of the alarm's metric with its threshold drawn in, placed in a grid of three per row below `top`. */
function metricWidget(spec: AlarmSpec, index: number, region: string, top: number): Record<string, unknown> {
  return {
    type: "metric",
    x: (index % WIDGETS_PER_ROW) * WIDGET_WIDTH,
    y: top + Math.floor(index / WIDGETS_PER_ROW) * WIDGET_HEIGHT,
    width: WIDGET_WIDTH,
    height: WIDGET_HEIGHT,
    properties: {
      title: spec.title,
      region,
      view: "timeSeries",
      stacked: false,
      period: spec.period,
      metrics: widgetMetrics(spec),
      annotations: { horizontal: [{ label: "Alarm threshold", value: spec.threshold }] },
    },
  };
}

/** The dashboard: an alarm-status strip over every alarm, then one graph per alarm spec. */
export function dashboardBody(
  specs: AlarmSpec[],
  alarmArns: pulumi.Input<string>[],
  region: string,
): pulumi.Output<string> {
  const statusHeight = 3;
  const status = {
    type: "alarm",
    x: 0,
    y: 0,
    width: 24,
    height: statusHeight,
    properties: { title: "Alarms", alarms: alarmArns, sortBy: "stateUpdatedTimestamp" },
  };
  const graphs = specs.map((spec, index) => metricWidget(spec, index, region, statusHeight));
  return pulumi.jsonStringify(pulumi.output({ widgets: [status, ...graphs] }));
}
