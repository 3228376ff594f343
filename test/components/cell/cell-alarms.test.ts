import { beforeAll, describe, expect, it } from "vitest";
import { CellAlarms, DEFAULT_THRESHOLDS, type CellAlarmsArgs } from "../../../components/cell/cell-alarms";
import type { JsonObject, JsonValue, PlannedResource } from "../../../tools/lib/plan-file";
import { jsonInput } from "../../support/synth";
import {
  arrayAt,
  CELL,
  expectArgsError,
  expectCellTagsEverywhere,
  expectChildren,
  KEY_ARN,
  objectAt,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
} from "../helpers";

const NAME = "use1-a-alarms";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const LB = "app/use1-a-alb/0123456789abcdef";
const TG = "targetgroup/use1-a-app/fedcba9876543210";

const ALARM_ROLES = [
  "http-5xx-rate",
  "target-p99-latency",
  "unhealthy-hosts",
  "queue-orders-oldest-message",
  "queue-orders-dead-letters",
  "queue-ledger-oldest-message",
  "queue-ledger-dead-letters",
  "cache-node-1-engine-cpu",
  "cache-node-1-evictions",
  "cache-node-2-engine-cpu",
  "cache-node-2-evictions",
  "db-writer-cpu",
  "db-replica-lag",
];

function alarmsArgs(overrides: Partial<CellAlarmsArgs> = {}): CellAlarmsArgs {
  return {
    cell: CELL,
    keyArn: KEY_ARN,
    loadBalancerArnSuffix: LB,
    targetGroupArnSuffix: TG,
    queues: [
      { name: "orders", queueName: "use1-a-orders", deadLetterQueueName: "use1-a-orders-dlq" },
      { name: "ledger", queueName: "use1-a-ledger.fifo", deadLetterQueueName: "use1-a-ledger-dlq.fifo" },
    ],
    cache: { replicationGroupId: "use1-a-cache", memberClusters: ["use1-a-cache-001", "use1-a-cache-002"] },
    database: { clusterIdentifier: "use1-a-db" },
    notificationEmails: ["oncall@example.com", "Payments.Team@example.com"],
    ...overrides,
  };
}

function synthesizeAlarms(overrides: Partial<CellAlarmsArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const alarms = new CellAlarms(NAME, alarmsArgs(overrides), { providers: { aws: provider } });
    return { ...alarms.outputs, alarmRoles: Object.keys(alarms.alarms) };
  });
}

function alarm(stack: RecordedStack, role: string): JsonObject {
  return stack.named(`${NAME}-${role}`).inputs;
}

/** The metric (or the metrics of the expression) an alarm watches, as `[namespace, name, dimensions, stat]`. */
function watchedByAlarm(inputs: JsonObject): [JsonValue, JsonValue, JsonValue, JsonValue][] {
  if (inputs.metricQueries === undefined) {
    return [[inputs.namespace!, inputs.metricName!, inputs.dimensions!, inputs.extendedStatistic ?? inputs.statistic!]];
  }
  return arrayAt(inputs.metricQueries)
    .map(objectAt)
    .filter((query) => query.metric !== undefined)
    .map((query) => {
      const metric = objectAt(query.metric);
      return [metric.namespace!, metric.metricName!, metric.dimensions!, metric.stat!];
    });
}

/** The same, read back from a dashboard widget's `metrics` array (`[ns, name, dim, value, …, { stat }]`). */
function watchedByWidget(widget: JsonObject): [JsonValue, JsonValue, JsonValue, JsonValue][] {
  return arrayAt(objectAt(widget.properties).metrics)
    .map(arrayAt)
    .filter((row) => typeof row[0] === "string")
    .map((row) => {
      const options = objectAt(row[row.length - 1]);
      const dimensionPairs = row.slice(2, -1);
      const dimensions = Object.fromEntries(
        Array.from({ length: dimensionPairs.length / 2 }, (_, i) => [
          dimensionPairs[2 * i] as string,
          dimensionPairs[2 * i + 1]!,
        ]),
      );
      return [row[0]!, row[1]!, dimensions, options.stat!];
    });
}

describe("CellAlarms", () => {
  let stack: RecordedStack;
  let topic: PlannedResource;
  beforeAll(async () => {
    stack = await synthesizeAlarms();
    topic = stack.one("aws:sns/topic:Topic");
  });

  it("creates the topic, subscriptions, one alarm per role and the dashboard as children named <name>-<role>", () => {
    expectChildren(stack, NAME, [
      "topic",
      "email-oncall-example-com",
      "email-payments-team-example-com",
      "dashboard",
      ...ALARM_ROLES,
    ]);
    expect(stack.plan.outputs.alarmRoles).toEqual(ALARM_ROLES);
  });

  it("encrypts the alarm topic with the cell key and subscribes the emails", () => {
    expect(topic.inputs.kmsMasterKeyId).toBe(KEY_ARN);
    const subscriptions = stack
      .ofType("aws:sns/topicSubscription:TopicSubscription")
      .map((subscription) => subscription.inputs);
    expect(subscriptions).toEqual([
      expect.objectContaining({
        protocol: "email",
        endpoint: "oncall@example.com",
        topic: stack.plan.outputs.topicArn,
      }),
      expect.objectContaining({
        protocol: "email",
        endpoint: "Payments.Team@example.com",
        topic: stack.plan.outputs.topicArn,
      }),
    ]);
  });

  it("notifies the topic on alarm and on recovery from every alarm, and describes the cell", () => {
    const alarms = stack.ofType(ALARM);
    expect(alarms).toHaveLength(ALARM_ROLES.length);
    for (const resource of alarms) {
      expect(resource.inputs).toMatchObject({
        alarmActions: [stack.plan.outputs.topicArn],
        okActions: [stack.plan.outputs.topicArn],
        comparisonOperator: "GreaterThanThreshold",
      });
      expect(resource.inputs.alarmDescription).toMatch(/^\[cell use1-a\] /);
      expect(resource.dependencies).toContain(topic.urn);
    }
  });

  it("alarms on the load balancer 5xx rate with metric math, ignoring quiet minutes", () => {
    const inputs = alarm(stack, "http-5xx-rate");
    expect(inputs).toMatchObject({
      threshold: 5,
      treatMissingData: "notBreaching",
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
    });
    const queries = arrayAt(inputs.metricQueries).map(objectAt);
    expect(queries[0]).toMatchObject({
      id: "e1",
      returnData: true,
      expression: "IF(requests >= 50, 100 * (FILL(elb5xx, 0) + FILL(target5xx, 0)) / requests, 0)",
    });
    expect(Object.fromEntries(queries.slice(1).map((query) => [query.id, objectAt(query.metric).metricName]))).toEqual({
      requests: "RequestCount",
      elb5xx: "HTTPCode_ELB_5XX_Count",
      target5xx: "HTTPCode_Target_5XX_Count",
    });
    for (const query of queries.slice(1)) {
      expect(query.returnData).toBe(false);
      expect(objectAt(query.metric)).toMatchObject({
        namespace: "AWS/ApplicationELB",
        stat: "Sum",
        period: 60,
        dimensions: { LoadBalancer: LB },
      });
    }
  });

  it("alarms on target p99 latency and unhealthy hosts of the app's target group", () => {
    expect(alarm(stack, "target-p99-latency")).toMatchObject({
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      extendedStatistic: "p99",
      evaluateLowSampleCountPercentiles: "ignore",
      dimensions: { LoadBalancer: LB, TargetGroup: TG },
      threshold: 1,
      treatMissingData: "notBreaching",
    });
    expect(alarm(stack, "target-p99-latency").statistic).toBeUndefined();
    expect(alarm(stack, "unhealthy-hosts")).toMatchObject({
      metricName: "UnHealthyHostCount",
      statistic: "Maximum",
      dimensions: { LoadBalancer: LB, TargetGroup: TG },
      threshold: 0,
    });
  });

  it("alarms on each queue's oldest message and on any dead letter", () => {
    expect(alarm(stack, "queue-orders-oldest-message")).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateAgeOfOldestMessage",
      dimensions: { QueueName: "use1-a-orders" },
      threshold: 900,
      treatMissingData: "notBreaching",
    });
    expect(alarm(stack, "queue-ledger-dead-letters")).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "use1-a-ledger-dlq.fifo" },
      threshold: 0,
      evaluationPeriods: 1,
    });
  });

  it("alarms on engine CPU and evictions of every cache node; a silent node does not page", () => {
    expect(alarm(stack, "cache-node-2-engine-cpu")).toMatchObject({
      namespace: "AWS/ElastiCache",
      metricName: "EngineCPUUtilization",
      dimensions: { CacheClusterId: "use1-a-cache-002" },
      threshold: 80,
      treatMissingData: "missing",
    });
    expect(alarm(stack, "cache-node-1-evictions")).toMatchObject({
      metricName: "Evictions",
      statistic: "Sum",
      dimensions: { CacheClusterId: "use1-a-cache-001" },
      threshold: 100,
    });
  });

  it("alarms on database writer CPU and reader lag through role metrics that survive a failover", () => {
    expect(alarm(stack, "db-writer-cpu")).toMatchObject({
      namespace: "AWS/RDS",
      metricName: "CPUUtilization",
      dimensions: { DBClusterIdentifier: "use1-a-db", Role: "WRITER" },
      threshold: 80,
      treatMissingData: "missing",
    });
    expect(alarm(stack, "db-replica-lag")).toMatchObject({
      namespace: "AWS/RDS",
      metricName: "AuroraReplicaLag",
      statistic: "Maximum",
      dimensions: { DBClusterIdentifier: "use1-a-db", Role: "READER" },
      threshold: 1000,
      treatMissingData: "notBreaching",
    });
  });

  it("never pages on missing data: provisioning and maintenance leave gaps in every metric", () => {
    const alarms = stack.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.length).toBeGreaterThan(10);
    for (const metricAlarm of alarms) {
      expect(["notBreaching", "missing"], metricAlarm.name).toContain(metricAlarm.inputs.treatMissingData);
    }
  });

  it("builds the dashboard from the same metric definitions as the alarms", () => {
    const dashboard = stack.one("aws:cloudwatch/dashboard:Dashboard");
    expect(dashboard.inputs.dashboardName).toBe("cellplane-use1-a");
    const widgets = arrayAt(jsonInput(dashboard.inputs.dashboardBody).widgets).map(objectAt);
    const [status, ...graphs] = widgets;
    expect(arrayAt(objectAt(status.properties).alarms)).toHaveLength(ALARM_ROLES.length);
    expect(graphs).toHaveLength(ALARM_ROLES.length);
    ALARM_ROLES.forEach((role, index) => {
      const inputs = alarm(stack, role);
      const graph = graphs[index];
      expect(objectAt(graph.properties)).toMatchObject({
        region: "us-east-1",
        annotations: { horizontal: [{ value: inputs.threshold }] },
      });
      expect(watchedByWidget(graph)).toEqual(watchedByAlarm(inputs));
    });
  });

  it("tags every taggable resource with the cell tags", () => {
    expectCellTagsEverywhere(stack);
  });

  it("applies threshold overrides and handles a cell without queues or emails", async () => {
    const custom = await synthesizeAlarms({
      queues: [],
      notificationEmails: [],
      thresholds: { http5xxRatePercent: 1, databaseReplicaLagMilliseconds: 250 },
    });
    expect(alarm(custom, "http-5xx-rate").threshold).toBe(1);
    expect(alarm(custom, "db-replica-lag").threshold).toBe(250);
    expect(alarm(custom, "db-writer-cpu").threshold).toBe(DEFAULT_THRESHOLDS.databaseCpuPercent);
    expect(custom.ofType(ALARM)).toHaveLength(ALARM_ROLES.length - 4);
    expect(custom.ofType("aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
  });

  describe("rejects malformed arguments, naming the field", () => {
    const cases: [string, Partial<CellAlarmsArgs>, string[]][] = [
      [
        "not an ALB suffix",
        { loadBalancerArnSuffix: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1" },
        ["loadBalancerArnSuffix"],
      ],
      ["not a target group suffix", { targetGroupArnSuffix: "" }, ["targetGroupArnSuffix"]],
      [
        "duplicate queue",
        {
          queues: [
            { name: "orders", queueName: "a", deadLetterQueueName: "b" },
            { name: "orders", queueName: "c", deadLetterQueueName: "d" },
          ],
        },
        ["queues[].name"],
      ],
      ["no cache nodes", { cache: { replicationGroupId: "g", memberClusters: [] } }, ["cache.memberClusters"]],
      ["no cluster", { database: { clusterIdentifier: "" } }, ["database.clusterIdentifier"]],
      ["percent above 100", { thresholds: { cacheEngineCpuPercent: 120 } }, ["thresholds.cacheEngineCpuPercent"]],
      [
        "negative threshold",
        { thresholds: { queueOldestMessageAgeSeconds: -1 } },
        ["thresholds.queueOldestMessageAgeSeconds"],
      ],
      ["non-numeric threshold", { thresholds: { cacheEvictions: Number.NaN } }, ["thresholds.cacheEvictions"]],
      ["bad email", { notificationEmails: ["oncall"] }, ["notificationEmails"]],
      ["duplicate email", { notificationEmails: ["a@example.com", "A@example.com"] }, ["notificationEmails"]],
      ["no key", { keyArn: "" }, ["keyArn"]],
    ];
    it.each(cases)("%s", (_label, overrides, fields) => {
      expectArgsError(() => new CellAlarms(NAME, alarmsArgs(overrides)), fields);
    });
  });
});

describe("CellAlarms outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await synthesizeAlarms(), NAME, { extra: ["alarmRoles"] });
  });
});
