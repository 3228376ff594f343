/**
 * The alarm gate: a cell's CloudWatch alarms (metric and composite), named by its stack's `alarmNames` output,
 * read with DescribeAlarms and judged fail-closed.
 *
 * CloudWatch facts (DescribeAlarms API reference): `AlarmNames` takes at most 100 names per call; results page
 * with `NextToken`; composite alarms are returned only when `AlarmTypes` asks for them. `StateUpdatedTimestamp`
 * is "the time stamp of the last update to the value of either the StateValue or EvaluationState parameters" and
 * `AlarmConfigurationUpdatedTimestamp` the last change to the alarm's configuration.
 */
import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";

export interface AlarmReading {
  name: string;
  type: "metric" | "composite";
  /** OK, ALARM or INSUFFICIENT_DATA. */
  state: string;
  reason?: string;
  stateUpdatedAt?: number;
  configUpdatedAt?: number;
}

export type CloudWatchFor = (region: string) => Pick<CloudWatchClient, "send">;

export const defaultCloudWatch: CloudWatchFor = (() => {
  const clients = new Map<string, CloudWatchClient>();
  return (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new CloudWatchClient({ region });
      clients.set(region, client);
    }
    return client;
  };
})();

const MAX_NAMES_PER_CALL = 100;

/** Reads the named alarms in `region`; names CloudWatch does not know are simply absent from the result. */
export async function readAlarms(
  client: Pick<CloudWatchClient, "send">,
  names: readonly string[],
): Promise<Map<string, AlarmReading>> {
  const readings = new Map<string, AlarmReading>();
  for (let start = 0; start < names.length; start += MAX_NAMES_PER_CALL) {
    const batch = names.slice(start, start + MAX_NAMES_PER_CALL);
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new DescribeAlarmsCommand({
          AlarmNames: batch,
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const alarm of page.MetricAlarms ?? []) {
        if (alarm.AlarmName) {
          readings.set(alarm.AlarmName, reading(alarm, "metric"));
        }
      }
      for (const alarm of page.CompositeAlarms ?? []) {
        if (alarm.AlarmName) {
          readings.set(alarm.AlarmName, reading(alarm, "composite"));
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  return readings;
}

interface RawAlarm {
  AlarmName?: string;
  StateValue?: string;
  StateReason?: string;
  StateUpdatedTimestamp?: Date;
  AlarmConfigurationUpdatedTimestamp?: Date;
}

function reading(alarm: RawAlarm, type: AlarmReading["type"]): AlarmReading {
  return {
    name: alarm.AlarmName ?? "",
    type,
    state: alarm.StateValue ?? "INSUFFICIENT_DATA",
    ...(alarm.StateReason ? { reason: alarm.StateReason } : {}),
    ...(alarm.StateUpdatedTimestamp ? { stateUpdatedAt: alarm.StateUpdatedTimestamp.getTime() } : {}),
    ...(alarm.AlarmConfigurationUpdatedTimestamp
      ? { configUpdatedAt: alarm.AlarmConfigurationUpdatedTimestamp.getTime() }
      : {}),
  };
}

export interface AlarmVerdict {
  ok: boolean;
  /** Every reason the gate fails, one line each (empty when ok). */
  problems: string[];
}

/**
 * Judges the readings, fail-closed: a name CloudWatch does not know fails, ALARM fails; when `strict` (before a
 * cell, and at the end of a bake) anything but OK fails too, and, with `deployedAt`, a state the deployment has not
 * seen: the alarm's configuration changed at or after the deployment started but its state was last
 * updated before (CloudWatch has not evaluated the alarm as it now is). An alarm that stays OK keeps an old
 * `StateUpdatedTimestamp` (it only moves on a change), so age alone is not held against it.
 */
export function judgeAlarms(
  names: readonly string[],
  readings: ReadonlyMap<string, AlarmReading>,
  options: { strict: boolean; deployedAt?: number },
): AlarmVerdict {
  const problems: string[] = [];
  if (names.length === 0) {
    problems.push("the stack exports no alarm names (output alarmNames): nothing to watch, so the gate fails");
  }
  for (const name of names) {
    const alarm = readings.get(name);
    if (!alarm) {
      problems.push(`${name}: no such alarm in CloudWatch`);
      continue;
    }
    if (alarm.state === "ALARM") {
      problems.push(`${name}: ALARM${alarm.reason ? ` (${alarm.reason})` : ""}`);
      continue;
    }
    if (options.strict && alarm.state !== "OK") {
      problems.push(`${name}: ${alarm.state}, not OK`);
      continue;
    }
    const { deployedAt } = options;
    if (
      options.strict &&
      deployedAt !== undefined &&
      (alarm.configUpdatedAt ?? 0) >= deployedAt &&
      (alarm.stateUpdatedAt ?? 0) < deployedAt
    ) {
      problems.push(`${name}: state older than the deployment (not evaluated since the deployment changed it)`);
    }
  }
  return { ok: problems.length === 0, problems };
}

/** The alarm names a cell stack exports (`alarmNames`: a list of strings). */
export function alarmNamesFrom(outputs: Record<string, unknown>): string[] {
  const names = outputs.alarmNames;
  return Array.isArray(names) ? names.filter((name): name is string => typeof name === "string") : [];
}
