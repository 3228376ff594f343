import { CloudWatchClient, DescribeAlarmsCommand, type DescribeAlarmsCommandInput } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { judgeAlarms, readAlarms, type AlarmReading } from "../../../tools/rollout/alarms";

const cloudWatch = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });

describe("readAlarms", () => {
  it("asks for metric and composite alarms, 100 names a call, following NextToken", async () => {
    const calls: DescribeAlarmsCommandInput[] = [];
    cloudWatch.reset();
    cloudWatch.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => {
      calls.push(input);
      const names = input.AlarmNames ?? [];
      const half = input.NextToken === undefined ? names.slice(0, 50) : names.slice(50);
      return {
        MetricAlarms: half.filter((name) => name !== "a-7").map((name) => ({ AlarmName: name, StateValue: "OK" })),
        CompositeAlarms: input.NextToken === undefined ? [] : [{ AlarmName: "composite", StateValue: "ALARM" }],
        ...(input.NextToken === undefined && names.length > 50 ? { NextToken: "page-2" } : {}),
      };
    });
    const names = [...Array.from({ length: 150 }, (_, index) => `a-${index}`)];
    const readings = await readAlarms(client, names);
    expect(calls.map((call) => [call.AlarmNames?.length, call.NextToken])).toEqual([
      [100, undefined],
      [100, "page-2"],
      [50, undefined],
    ]);
    expect(calls[0]?.AlarmTypes).toEqual(["MetricAlarm", "CompositeAlarm"]);
    expect(readings.has("a-7")).toBe(false);
    expect(readings.get("a-149")).toMatchObject({ type: "metric", state: "OK" });
    expect(readings.get("composite")).toMatchObject({ type: "composite", state: "ALARM" });
  });
});

describe("judgeAlarms", () => {
  const deployedAt = 1_000_000;
  const reading = (name: string, extra: Partial<AlarmReading>): [string, AlarmReading] => [
    name,
    { name, type: "metric", state: "OK", stateUpdatedAt: 10, configUpdatedAt: 10, ...extra },
  ];

  it("passes steady OK alarms and fails closed on ALARM, missing names and no names at all", () => {
    const readings = new Map([reading("ok", {}), reading("bad", { state: "ALARM", reason: "high" })]);
    expect(judgeAlarms(["ok"], readings, { strict: true, deployedAt })).toEqual({ ok: true, problems: [] });
    expect(judgeAlarms(["ok", "bad", "gone"], readings, { strict: false }).problems).toEqual([
      "bad: ALARM (high)",
      "gone: no such alarm in CloudWatch",
    ]);
    expect(judgeAlarms([], readings, { strict: false }).ok).toBe(false);
  });

  it("when strict, also fails INSUFFICIENT_DATA and a state the deployment has not seen", () => {
    const readings = new Map([
      reading("new", { state: "INSUFFICIENT_DATA" }),
      reading("stale", { configUpdatedAt: deployedAt + 5 }),
      reading("fresh", { configUpdatedAt: deployedAt + 5, stateUpdatedAt: deployedAt + 60 }),
    ]);
    expect(judgeAlarms(["new", "stale", "fresh"], readings, { strict: false, deployedAt }).ok).toBe(true);
    expect(judgeAlarms(["new", "stale", "fresh"], readings, { strict: true, deployedAt }).problems).toEqual([
      "new: INSUFFICIENT_DATA, not OK",
      "stale: state older than the deployment (not evaluated since the deployment changed it)",
    ]);
  });
});
