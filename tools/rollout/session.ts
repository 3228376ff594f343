/**
 * The verbs behind `cells rollout start|resume|status|halt`: journal and lock handling around the orchestrator.
 * Bad input raises {@link RolloutInputError} before anything is written (exit 2).
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import type { CloudWatchFor } from "./alarms";
import type { Clock } from "./gates";
import {
  acquireLock,
  Journal,
  journalPath,
  latestRolloutId,
  lockIsStale,
  readJournal,
  readLock,
  releaseLock,
  requestHalt,
  RolloutLockedError,
} from "./journal";
import { runWaves } from "./orchestrator";
import type { RolloutPlan } from "./plan";
import { planText } from "./render";
import { errorLine, type StackRunner } from "./pulumi";
import { replay, type RolloutState, type RunOptions } from "./state";

export class RolloutInputError extends Error {}

export interface SessionDeps {
  dir: string;
  clock: Clock;
  cloudWatch: CloudWatchFor;
  /** Created only once the input is known to be good (it starts `pulumi version`). */
  stacks: () => Promise<StackRunner>;
  log: (line: string) => void;
  confirm?: (question: string) => Promise<boolean>;
  pollMs?: number;
}

export function newRolloutId(now: number): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

/** The update message every stack of the rollout gets: resume recognises its own updates by it. */
export function updateMessage(id: string, message: string | undefined): string {
  return `${message?.trim() || "cells rollout"} [cellplane rollout ${id}]`;
}

export async function startRollout(
  plan: RolloutPlan,
  options: RunOptions & { message?: string; id?: string },
  deps: SessionDeps,
): Promise<0 | 1> {
  const id = options.id ?? newRolloutId(deps.clock.now());
  checkId(id);
  if (existsSync(journalPath(deps.dir, id))) {
    throw new RolloutInputError(`--id ${id}: a rollout with that id exists; resume it or choose another id`);
  }
  if (deps.confirm) {
    deps.log(planText(plan, options.gates));
    if (!(await deps.confirm(`start rollout ${id}?`))) {
      deps.log("not started; nothing was written");
      return 1;
    }
  }
  const stacks = await pulumiOrExplain(deps);
  return withLock(deps, id, async (recovered) => {
    const journal = Journal.create(deps.dir, id, () => deps.clock.now());
    const revision = gitRevision();
    journal.append({
      type: "started",
      id,
      message: updateMessage(id, options.message),
      ...(revision === undefined ? {} : { revision }),
      waves: plan.waves,
      options: runOptions(options),
    });
    if (recovered !== undefined) {
      journal.append({ type: "lock-recovered", pid: recovered });
    }
    announce(deps, id, options);
    return runWaves(orchestratorDeps(deps, stacks, journal, plan), false);
  });
}

export async function resumeRollout(
  plan: RolloutPlan,
  options: RunOptions & { id?: string },
  deps: SessionDeps,
): Promise<0 | 1> {
  const id = existingId(deps.dir, options.id);
  const state = replay(readJournal(journalPath(deps.dir, id)));
  if (state.status === "completed") {
    deps.log(`rollout ${id} is already completed; nothing to resume`);
    return 0;
  }
  const stacks = await pulumiOrExplain(deps);
  return withLock(deps, id, async (recovered) => {
    const journal = Journal.open(deps.dir, id, () => deps.clock.now());
    if (recovered !== undefined) {
      journal.append({ type: "lock-recovered", pid: recovered });
    }
    journal.clearHaltRequest();
    journal.append({ type: "resumed", options: runOptions(options) });
    if (state.interrupted.length > 0) {
      deps.log(`interrupted updates of ${state.interrupted.join(", ")}: their stack history decides`);
    }
    announce(deps, id, options);
    return runWaves(orchestratorDeps(deps, stacks, journal, { ...plan, waves: state.waves }), true);
  });
}

export function rolloutStatus(dir: string, id: string | undefined): RolloutState {
  const state = replay(readJournal(journalPath(dir, existingId(dir, id))));
  const lock = readLock(dir);
  if (state.status === "running" && (lock?.id !== state.id || lockIsStale(lock))) {
    state.reason = "its orchestrator is gone (crashed or killed)";
    state.next = [`npx cells rollout resume --id ${state.id}`];
  }
  return state;
}

/** Asks the running orchestrator to halt; with none running, journals the halt itself. */
export function haltRollout(dir: string, id: string | undefined, now: boolean, clock: Clock): string {
  const rolloutId = existingId(dir, id);
  const lock = readLock(dir);
  if (lock?.id === rolloutId && !lockIsStale(lock)) {
    requestHalt(dir, rolloutId, now);
    return `asked rollout ${rolloutId} (pid ${lock.pid}) to halt${now ? " now (in-flight updates get SIGINT)" : ""}`;
  }
  const state = replay(readJournal(journalPath(dir, rolloutId)));
  if (state.status === "completed" || state.status === "halted") {
    return `rollout ${rolloutId} is ${state.status}; nothing to halt`;
  }
  Journal.open(dir, rolloutId, () => clock.now()).append({
    type: "halted",
    reason: "halted by an operator (cells rollout halt) while no orchestrator ran",
    stacks: [],
    resume: `npx cells rollout resume --id ${rolloutId}`,
  });
  return `rollout ${rolloutId} halted`;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

function checkId(id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new RolloutInputError(`--id ${id}: use 1-80 letters, digits, '.', '_' or '-' (it names the journal file)`);
  }
}

function existingId(dir: string, id: string | undefined): string {
  if (id !== undefined) {
    checkId(id);
  }
  const found = id ?? latestRolloutId(dir);
  if (found === undefined || !existsSync(journalPath(dir, found))) {
    throw new RolloutInputError(
      `${id === undefined ? dir : journalPath(dir, id)}: no rollout journal found; start one with ` +
        "`cells rollout start`, or pass --id <id> / --dir <folder> of an existing one",
    );
  }
  return found;
}

async function withLock(deps: SessionDeps, id: string, body: (recovered?: number) => Promise<0 | 1>) {
  let taken: { recovered?: { pid: number } };
  try {
    taken = acquireLock(deps.dir, id, () => deps.clock.now());
  } catch (error) {
    if (error instanceof RolloutLockedError) {
      throw new RolloutInputError(error.message);
    }
    throw error;
  }
  try {
    return await body(taken.recovered?.pid);
  } finally {
    releaseLock(deps.dir);
  }
}

/** The Pulumi CLI, checked before anything is written: a missing or unsupported CLI is the user's to fix. */
async function pulumiOrExplain(deps: SessionDeps): Promise<StackRunner> {
  try {
    return await deps.stacks();
  } catch (error) {
    throw new RolloutInputError(
      `the pulumi CLI on PATH cannot run this rollout (${errorLine(error)}): install a Pulumi CLI 3.x ` +
        "(https://www.pulumi.com/docs/install/) and put it first on PATH",
      { cause: error },
    );
  }
}

function orchestratorDeps(deps: SessionDeps, stacks: StackRunner, journal: Journal, plan: RolloutPlan) {
  const cellRegions = Object.fromEntries(
    Object.entries(plan.cellRegions).map(([cell, region]) => [`cell-${cell}`, region]),
  );
  return {
    stacks,
    cloudWatch: deps.cloudWatch,
    clock: deps.clock,
    journal,
    log: deps.log,
    cellRegions,
    ...(deps.confirm ? { confirm: deps.confirm } : {}),
    ...(deps.pollMs === undefined ? {} : { pollMs: deps.pollMs }),
  };
}

function runOptions(options: RunOptions): RunOptions {
  return {
    gates: options.gates,
    allowRisky: options.allowRisky,
    ...(options.bakeMinutes === undefined ? {} : { bakeMinutes: options.bakeMinutes }),
    ...(options.untilWave === undefined ? {} : { untilWave: options.untilWave }),
  };
}

/** `--gates none` and `--bake-minutes` are loud: they weaken the rollout's safety net. */
function announce(deps: SessionDeps, id: string, options: RunOptions): void {
  deps.log(`rollout ${id} (journal ${journalPath(deps.dir, id)})`);
  if (options.gates === "none") {
    deps.log("WARNING: --gates none: no alarm is checked before a cell or during a bake");
  }
  if (options.bakeMinutes !== undefined) {
    deps.log(`WARNING: --bake-minutes ${options.bakeMinutes} overrides every wave's bake time`);
  }
  if (options.allowRisky) {
    deps.log("WARNING: --allow-risky: stateful replacements and deletions do not stop the rollout");
  }
}

function gitRevision(): string | undefined {
  const result = spawnSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
