/**
 * The journal's records and the state they add up to. Pure: `status` and `resume` replay the records; nothing
 * else knows where a rollout stands.
 */
import type { Wave } from "../../fleet/rollout";

export type GateMode = "alarms" | "none";

export interface RunOptions {
  gates: GateMode;
  /** Overrides every wave's bake when set (e.g. 0 in a test account). */
  bakeMinutes?: number;
  allowRisky: boolean;
  /** Stop (paused, exit 0) after this wave: one CI job per wave. */
  untilWave?: number;
}

export type JournalEvent =
  | { type: "started"; id: string; message: string; revision?: string; waves: Wave[]; options: RunOptions }
  | { type: "resumed"; options: RunOptions }
  | { type: "lock-recovered"; pid: number }
  | { type: "wave-started"; wave: number }
  | { type: "preview-started" | "up-started"; stack: string }
  | { type: "preview-succeeded"; stack: string; changes: Record<string, number>; risks: string[] }
  | { type: "preview-failed" | "up-failed"; stack: string; error: string; locked?: boolean }
  | { type: "up-succeeded"; stack: string; resources: number }
  | { type: "up-skipped"; stack: string; reason: string }
  | { type: "gate"; wave: number; gate: "preview" | "alarms" | "bake"; ok: boolean; stack?: string; detail: string }
  | { type: "bake-started"; wave: number; minutes: number; until: string }
  | { type: "wave-done"; wave: number }
  | { type: "paused"; wave: number; next: string }
  | { type: "halted"; reason: string; stacks: string[]; resume: string; rollback?: string }
  | { type: "completed" };

export type JournalRecord = JournalEvent & { at: string };

export type StackStatus = "previewed" | "updating" | "updated" | "skipped" | "failed" | "preview-failed";
export type RolloutStatus = "running" | "paused" | "halted" | "completed";

export interface RolloutState {
  id: string;
  message: string;
  revision?: string;
  waves: Wave[];
  options: RunOptions;
  status: RolloutStatus;
  reason?: string;
  stacks: Record<string, StackStatus>;
  waveStatus: Record<number, "running" | "baking" | "done">;
  /** Stacks whose update started and never ended (a crash): resume reads their history. */
  interrupted: string[];
  /** What to run next, in words. */
  next: string[];
}

/** Replays a journal; throws when the first record is not `started`. */
export function replay(records: readonly JournalRecord[]): RolloutState {
  const first = records[0];
  if (first?.type !== "started") {
    throw new Error("the journal does not start with a `started` record");
  }
  const state: RolloutState = {
    id: first.id,
    message: first.message,
    ...(first.revision === undefined ? {} : { revision: first.revision }),
    waves: first.waves,
    options: first.options,
    status: "running",
    stacks: {},
    waveStatus: {},
    interrupted: [],
    next: [],
  };
  for (const record of records.slice(1)) {
    apply(state, record);
  }
  state.interrupted = Object.entries(state.stacks)
    .filter(([, status]) => status === "updating")
    .map(([stack]) => stack);
  return state;
}

function apply(state: RolloutState, record: JournalRecord): void {
  switch (record.type) {
    case "resumed":
      state.options = record.options;
      state.status = "running";
      delete state.reason;
      state.next = [];
      break;
    case "wave-started":
      state.waveStatus[record.wave] = "running";
      break;
    case "preview-succeeded":
      state.stacks[record.stack] = state.stacks[record.stack] === "updated" ? "updated" : "previewed";
      break;
    case "preview-failed":
      state.stacks[record.stack] = "preview-failed";
      break;
    case "up-started":
      state.stacks[record.stack] = "updating";
      break;
    case "up-succeeded":
      state.stacks[record.stack] = "updated";
      break;
    case "up-skipped":
      state.stacks[record.stack] = "skipped";
      break;
    case "up-failed":
      state.stacks[record.stack] = "failed";
      break;
    case "bake-started":
      state.waveStatus[record.wave] = "baking";
      break;
    case "wave-done":
      state.waveStatus[record.wave] = "done";
      break;
    case "paused":
      state.status = "paused";
      state.next = [record.next];
      break;
    case "halted":
      state.status = "halted";
      state.reason = record.reason;
      state.next = [record.resume, ...(record.rollback === undefined ? [] : [record.rollback])];
      break;
    case "completed":
      state.status = "completed";
      state.next = [];
      break;
    default:
      break;
  }
}

/** True when the stack needs no update in this rollout (done, or found done in its history). */
export function stackDone(state: RolloutState, stack: string): boolean {
  return state.stacks[stack] === "updated" || state.stacks[stack] === "skipped";
}
