/**
 * Alarm gates and bakes: the orchestrator in this process (CloudWatch mocked with aws-sdk-client-mock, a test
 * clock so a bake takes no time), the stand-in `pulumi` as a real child process on PATH.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
} from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Clock } from "../../../tools/rollout/gates";
import { journalPath, latestRolloutId, readJournal, requestHalt } from "../../../tools/rollout/journal";
import { buildRolloutPlan, type RolloutPlan } from "../../../tools/rollout/plan";
import { AutomationStacks } from "../../../tools/rollout/pulumi";
import { startRollout, type SessionDeps } from "../../../tools/rollout/session";
import type { JournalRecord } from "../../../tools/rollout/state";
import { fakePulumi, type FakePulumi } from "../../support/fake-pulumi";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";

const T0 = Date.parse("2026-12-01T10:00:00Z");
const MINUTE = 60_000;

const cloudWatch = mockClient(CloudWatchClient);
let fleet: TempFleet;
let pulumi: FakePulumi;
let plan: RolloutPlan;
let canary: string;
let clock: Clock & { time: number };
let requests: DescribeAlarmsCommandInput[];
let lines: string[];

/** What CloudWatch holds at `time`, by alarm name; a name absent here does not exist. */
let alarmsAt: (time: number) => Record<string, Partial<MetricAlarm>>;

beforeEach(() => {
  fleet = copyReferenceFleet();
  fleet.edit("fleet.yaml", (document) => {
    document.rollout = { bakeMinutes: 30 };
  });
  // The gates are about cells: without the bootstrap stacks, the first wave is the canary cell.
  for (const file of readdirSync(fleet.stacksDir).filter((name) => /^Pulumi\.(account|region-.*)\.yaml$/.test(name))) {
    rmSync(path.join(fleet.stacksDir, file));
  }
  pulumi = fakePulumi();
  pulumi.configure({});
  Object.assign(process.env, pulumi.env);
  plan = buildRolloutPlan({ cellsDir: fleet.cellsDir, stacksDir: fleet.stacksDir });
  canary = plan.waves[0]?.stacks[0] ?? "";
  const clockState = {
    time: T0,
    now: () => clockState.time,
    sleep: (ms: number) => {
      clockState.time += ms;
      return Promise.resolve();
    },
  };
  clock = clockState;
  requests = [];
  lines = [];
  cloudWatch.reset();
  cloudWatch.on(DescribeAlarmsCommand).callsFake((input: DescribeAlarmsCommandInput) => {
    requests.push(input);
    const alarms = alarmsAt(clock.now());
    return {
      MetricAlarms: (input.AlarmNames ?? [])
        .filter((name) => alarms[name] !== undefined)
        .map((name) => ({ AlarmName: name, ...alarms[name] })),
      CompositeAlarms: [],
    };
  });
});

afterEach(() => {
  fleet.cleanup();
  pulumi.cleanup();
});

function deps(): SessionDeps {
  return {
    dir: path.join(fleet.root, ".cellplane", "rollouts"),
    clock,
    cloudWatch: (region) => new CloudWatchClient({ region, credentials: { accessKeyId: "x", secretAccessKey: "y" } }),
    stacks: () => AutomationStacks.create(fleet.root, [path.join(fleet.root, "policies")]),
    log: (line) => lines.push(line),
    pollMs: MINUTE,
  };
}

function records(): JournalRecord[] {
  const dir = deps().dir;
  return readJournal(journalPath(dir, latestRolloutId(dir) ?? ""));
}

const ok = (updated = T0 - 86_400_000): Partial<MetricAlarm> => ({
  StateValue: "OK",
  StateUpdatedTimestamp: new Date(updated),
  AlarmConfigurationUpdatedTimestamp: new Date(T0 - 86_400_000),
});

function cellAlarms(stack: string): string[] {
  const id = stack.slice("cell-".length);
  return [`${id}-5xx`, `${id}-latency`];
}

describe("alarm gates with a mocked CloudWatch", () => {
  it("bakes a wave for its minutes, polling its alarms, then goes on", async () => {
    alarmsAt = () => Object.fromEntries(cellAlarms(canary).map((name) => [name, ok()]));
    const code = await startRollout(plan, { gates: "alarms", allowRisky: false, untilWave: 0 }, deps());
    expect(code).toBe(0);
    expect(clock.now() - T0).toBe(30 * MINUTE);
    expect(requests).toHaveLength(31);
    expect(requests[0]).toMatchObject({
      AlarmNames: cellAlarms(canary),
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
    });
    const gate = records().find((record) => record.type === "gate" && record.gate === "bake");
    expect(gate).toMatchObject({ ok: true, detail: "30 min, 31 poll(s), alarms OK" });
  });

  it("halts when an alarm fires during the bake: no further stack is touched (exit 1)", async () => {
    alarmsAt = (time) =>
      Object.fromEntries(
        cellAlarms(canary).map((name, index) => [
          name,
          index === 0 && time >= T0 + 10 * MINUTE
            ? { StateValue: "ALARM", StateReason: "5xx rate 12% > 5%", StateUpdatedTimestamp: new Date(time) }
            : ok(),
        ]),
      );
    const code = await startRollout(plan, { gates: "alarms", allowRisky: false }, deps());
    expect(code).toBe(1);
    expect(clock.now() - T0).toBe(10 * MINUTE);
    expect(pulumi.ups().map((call) => call.stack)).toEqual([canary]);
    const halted = records().at(-1);
    expect(halted).toMatchObject({ type: "halted", stacks: [canary] });
    expect(halted?.type === "halted" && halted.reason).toContain(`${cellAlarms(canary)[0]}: ALARM (5xx rate 12% > 5%)`);
    expect(halted?.type === "halted" && halted.rollback).toContain(canary);
  });

  it("fails closed on a missing alarm", async () => {
    alarmsAt = () => ({ [cellAlarms(canary)[0] ?? ""]: ok() });
    expect(await startRollout(plan, { gates: "alarms", allowRisky: false }, deps())).toBe(1);
    expect(lines.join("\n")).toContain(`${cellAlarms(canary)[1]}: no such alarm in CloudWatch`);
    expect(clock.now()).toBe(T0);
  });

  it("fails closed on a state older than the deployment that changed the alarm", async () => {
    const reconfigured = { ...ok(), AlarmConfigurationUpdatedTimestamp: new Date(T0 + 1_000) };
    alarmsAt = () => Object.fromEntries(cellAlarms(canary).map((name) => [name, reconfigured]));
    expect(await startRollout(plan, { gates: "alarms", allowRisky: false }, deps())).toBe(1);
    expect(lines.join("\n")).toContain("state older than the deployment");
    expect(clock.now() - T0).toBe(30 * MINUTE);
  });

  it("checks a cell's alarms before its update and halts without updating when one is not OK", async () => {
    pulumi.seed(canary, { alarmNames: cellAlarms(canary) });
    alarmsAt = () => ({
      [cellAlarms(canary)[0] ?? ""]: ok(),
      [cellAlarms(canary)[1] ?? ""]: { StateValue: "INSUFFICIENT_DATA", StateUpdatedTimestamp: new Date(T0) },
    });
    expect(await startRollout(plan, { gates: "alarms", allowRisky: false }, deps())).toBe(1);
    expect(pulumi.ups()).toEqual([]);
    expect(lines.join("\n")).toContain(`${cellAlarms(canary)[1]}: INSUFFICIENT_DATA, not OK`);
  });

  it("stops the bake when an operator halts it, without suggesting a rollback", async () => {
    alarmsAt = () => Object.fromEntries(cellAlarms(canary).map((name) => [name, ok()]));
    const session = deps();
    const wait = clock.sleep.bind(clock);
    clock.sleep = async (ms) => {
      await wait(ms);
      if (clock.now() - T0 >= 5 * MINUTE) {
        requestHalt(session.dir, latestRolloutId(session.dir) ?? "", false);
      }
    };
    expect(await startRollout(plan, { gates: "alarms", allowRisky: false }, session)).toBe(1);
    expect(clock.now() - T0).toBe(5 * MINUTE);
    expect(records().at(-1)).toMatchObject({
      type: "halted",
      reason: "bake of wave 0: halted by an operator during the bake",
      stacks: [],
    });
    expect(pulumi.ups().map((call) => call.stack)).toEqual([canary]);
  });

  it("with --gates none and --bake-minutes 0, asks CloudWatch nothing and says so loudly", async () => {
    alarmsAt = () => ({});
    expect(await startRollout(plan, { gates: "none", bakeMinutes: 0, allowRisky: false, untilWave: 0 }, deps())).toBe(
      0,
    );
    expect(requests).toEqual([]);
    expect(lines).toContain("WARNING: --gates none: no alarm is checked before a cell or during a bake");
    expect(records()[0]).toMatchObject({ type: "started", options: { gates: "none", bakeMinutes: 0 } });
  });
});
