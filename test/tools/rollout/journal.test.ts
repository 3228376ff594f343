import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acquireLock, Journal, readJournal, releaseLock, RolloutLockedError } from "../../../tools/rollout/journal";
import { replay, stackDone } from "../../../tools/rollout/state";
import { haltRollout, rolloutStatus } from "../../../tools/rollout/session";

let dir: string;
const now = (): number => Date.parse("2026-12-01T10:00:00Z");
const wave = { kind: "canary" as const, cells: ["a"], regions: ["r"], bakeMinutes: 0, parallelism: 1, approval: false };

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cellplane-journal-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function started(id = "r1"): Journal {
  const journal = Journal.create(dir, id, now);
  journal.append({
    type: "started",
    id,
    message: `m [cellplane rollout ${id}]`,
    waves: [{ index: 0, stacks: ["cell-a", "cell-b"], ...wave }],
    options: { gates: "alarms", allowRisky: false },
  });
  return journal;
}

describe("the journal", () => {
  it("appends one JSON line per record, timestamped, and replays them into the rollout's state", () => {
    const journal = started();
    journal.append({ type: "wave-started", wave: 0 });
    journal.append({ type: "up-started", stack: "cell-a" });
    journal.append({ type: "up-succeeded", stack: "cell-a", resources: 3 });
    journal.append({ type: "up-started", stack: "cell-b" });
    const lines = readFileSync(journal.file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[1] ?? "")).toEqual({ type: "wave-started", wave: 0, at: "2026-12-01T10:00:00.000Z" });
    const state = replay(journal.records());
    expect(state).toMatchObject({ id: "r1", status: "running", interrupted: ["cell-b"] });
    expect(stackDone(state, "cell-a")).toBe(true);
    expect(stackDone(state, "cell-b")).toBe(false);
  });

  it("ignores a torn last line (a crash mid-write) but not a bad line in the middle", () => {
    const journal = started();
    appendFileSync(journal.file, '{"type":"wave-sta');
    expect(readJournal(journal.file)).toHaveLength(1);
    appendFileSync(journal.file, '\n{"type":"completed","at":"x"}\n');
    expect(() => readJournal(journal.file)).toThrow(/r1\.jsonl:2: not a JSON record/);
  });

  it("lets one orchestrator hold the lock; a dead one's lock is taken over and reported", async () => {
    expect(acquireLock(dir, "r1", now)).toEqual({});
    expect(() => acquireLock(dir, "r2", now)).toThrow(RolloutLockedError);
    releaseLock(dir);
    const child = spawn(process.execPath, ["-e", ""]);
    const pid = child.pid ?? 0;
    await new Promise((resolve) => child.on("exit", resolve));
    writeFileSync(path.join(dir, "lock"), JSON.stringify({ pid, host: hostname(), id: "r0", at: "t" }));
    expect(acquireLock(dir, "r1", now).recovered).toMatchObject({ pid, id: "r0" });
    releaseLock(dir);
  });

  it("halt journals the halt itself when no orchestrator runs, and status shows it", () => {
    started();
    expect(haltRollout(dir, undefined, false, { now, sleep: () => Promise.resolve() })).toBe("rollout r1 halted");
    const state = rolloutStatus(dir, "r1");
    expect(state.status).toBe("halted");
    expect(state.next).toEqual(["npx cells rollout resume --id r1"]);
  });

  it("halt asks a running orchestrator through a request file", () => {
    const journal = started();
    acquireLock(dir, "r1", now);
    expect(haltRollout(dir, "r1", true, { now, sleep: () => Promise.resolve() })).toContain("halt now");
    expect(journal.haltRequest()).toEqual({ now: true });
    expect(replay(journal.records()).status).toBe("running");
    releaseLock(dir);
  });
});
