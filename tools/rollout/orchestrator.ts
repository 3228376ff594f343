/**
 * Runs a rollout wave by wave: previews (with the pack) and their gate, then the updates through a limiter, each
 * cell's alarms checked first, then the bake. Everything is journaled before the next step; any failure halts:
 * no further stack starts, in-flight updates finish (or get SIGINT with `halt --now`), the journal says why and
 * what resumes or rolls back. Exit codes: 0 done or paused, 1 halted.
 */
import pLimit from "p-limit";
import type { Wave } from "../../fleet/rollout";
import type { CloudWatchFor } from "./alarms";
import { alarmGate, bake, HALTED_DURING_BAKE, previewGate, type AlarmTarget, type Clock } from "./gates";
import type { Journal } from "./journal";
import { errorLine, type PreviewOutcome, type StackRunner } from "./pulumi";
import { replay, stackDone, type JournalRecord, type RunOptions } from "./state";

export interface RolloutDeps {
  stacks: StackRunner;
  cloudWatch: CloudWatchFor;
  clock: Clock;
  journal: Journal;
  log: (line: string) => void;
  /** Asked before a wave that needs approval; absent: approved (`--yes`, or CI environments approve). */
  confirm?: (question: string) => Promise<boolean>;
  /** Cell stack → region. */
  cellRegions: Record<string, string>;
  pollMs?: number;
}

const HALT_POLL_MS = 500;

export async function runWaves(deps: RolloutDeps, resuming: boolean): Promise<0 | 1> {
  const state = replay(deps.journal.records());
  const { options } = state;
  const run = new Run(deps, options, state.message, resuming);
  for (const wave of state.waves) {
    if (state.waveStatus[wave.index] === "done") {
      continue;
    }
    if (options.untilWave !== undefined && wave.index > options.untilWave) {
      run.record({ type: "paused", wave: options.untilWave, next: run.resumeCommand() });
      deps.log(`paused before wave ${wave.index}; continue with: ${run.resumeCommand()}`);
      return 0;
    }
    if (run.halted()) {
      return run.halt(`halted by an operator (cells rollout halt) before wave ${wave.index}`, []);
    }
    if (wave.approval && deps.confirm && !(await deps.confirm(`wave ${wave.index} needs approval; start it?`))) {
      return run.halt(`wave ${wave.index} was not approved`, []);
    }
    const code = await run.wave(wave, (stack) => stackDone(state, stack));
    if (code !== 0) {
      return code;
    }
  }
  run.record({ type: "completed" });
  deps.log(`rollout ${deps.journal.id} completed`);
  return 0;
}

class Run {
  private haltNow = new AbortController();
  private failed = false;

  constructor(
    private readonly deps: RolloutDeps,
    private readonly options: RunOptions,
    private readonly message: string,
    private readonly resuming: boolean,
  ) {}

  record(event: Parameters<Journal["append"]>[0]): JournalRecord {
    return this.deps.journal.append(event);
  }

  resumeCommand(): string {
    return `npx cells rollout resume --id ${this.deps.journal.id}`;
  }

  halted(): boolean {
    const request = this.deps.journal.haltRequest();
    if (request?.now) {
      this.haltNow.abort();
    }
    return this.failed || request !== undefined;
  }

  halt(reason: string, stacks: string[]): 1 {
    const rollback =
      stacks.length > 0
        ? `roll back: check out the previous revision and run \`pulumi up --stack <s> --policy-pack policies\` ` +
          `for ${stacks.join(", ")}`
        : undefined;
    this.record({
      type: "halted",
      reason,
      stacks,
      resume: this.resumeCommand(),
      ...(rollback ? { rollback } : {}),
    });
    this.deps.journal.clearHaltRequest();
    this.deps.log(`HALTED: ${reason}\n  resume: ${this.resumeCommand()}${rollback ? `\n  ${rollback}` : ""}`);
    return 1;
  }

  async wave(wave: Wave, done: (stack: string) => boolean): Promise<0 | 1> {
    const { deps } = this;
    this.record({ type: "wave-started", wave: wave.index });
    deps.log(`wave ${wave.index} (${wave.kind}): ${wave.stacks.join(", ")}`);
    const pending: string[] = [];
    for (const stack of wave.stacks.filter((name) => !done(name))) {
      if (this.resuming && (await this.updatedByThisRollout(stack))) {
        this.record({ type: "up-skipped", stack, reason: "its last update carries this rollout's message" });
        deps.log(`  ${stack}: already updated by this rollout (stack history), skipped`);
      } else {
        pending.push(stack);
      }
    }
    const previews = new Map<string, PreviewOutcome>();
    for (const stack of pending) {
      this.record({ type: "preview-started", stack });
      const outcome = await deps.stacks.preview(stack).catch((error: unknown): PreviewOutcome => ({
        ok: false,
        changes: {},
        violations: [],
        risks: [],
        error: errorLine(error),
      }));
      previews.set(stack, outcome);
      deps.log(`  ${stack}: preview ${describeChanges(outcome)}`);
      this.record(
        outcome.error === undefined && outcome.ok
          ? { type: "preview-succeeded", stack, changes: outcome.changes, risks: outcome.risks }
          : { type: "preview-failed", stack, error: outcome.error ?? outcome.violations.join("; ") },
      );
    }
    const gate = previewGate(previews, this.options.allowRisky);
    this.record({ type: "gate", wave: wave.index, gate: "preview", ok: gate.ok, detail: gate.detail });
    deps.log(`  preview gate: ${gate.ok ? "passed" : "FAILED"} (${gate.detail})`);
    if (!gate.ok) {
      return this.halt(`preview gate: ${gate.detail}`, []);
    }
    const code = await this.updates(wave, pending);
    if (code !== 0) {
      return code;
    }
    return this.bakeWave(wave);
  }

  private async updatedByThisRollout(stack: string): Promise<boolean> {
    const last = await this.deps.stacks.lastUpdate(stack).catch(() => undefined);
    return last?.kind === "update" && last.result === "succeeded" && last.message === this.message;
  }

  private async updates(wave: Wave, pending: string[]): Promise<0 | 1> {
    const limit = pLimit(Math.max(1, wave.parallelism));
    const failures: { stack: string; reason: string }[] = [];
    const watcher = setInterval(() => void this.halted(), HALT_POLL_MS);
    try {
      await Promise.all(
        pending.map((stack) =>
          limit(async () => {
            if (this.halted()) {
              return;
            }
            const reason = await this.updateOne(wave, stack).catch(
              (error: unknown) => `${stack}: the pulumi CLI failed: ${errorLine(error)}`,
            );
            if (reason !== undefined) {
              this.failed = true;
              failures.push({ stack, reason });
            }
          }),
        ),
      );
    } finally {
      clearInterval(watcher);
    }
    if (failures.length > 0) {
      return this.halt(
        failures.map((failure) => failure.reason).join("; "),
        failures.map((failure) => failure.stack),
      );
    }
    if (this.halted()) {
      return this.halt("halted by an operator (cells rollout halt)", []);
    }
    return 0;
  }

  /** Gates and updates one stack; the reason it failed, or undefined. */
  private async updateOne(wave: Wave, stack: string): Promise<string | undefined> {
    const { deps } = this;
    const cellGate = await this.cellAlarmsOk(wave, stack);
    if (!cellGate.ok) {
      return `alarms of ${stack} before its update: ${cellGate.detail}`;
    }
    this.record({ type: "up-started", stack });
    deps.log(`  ${stack}: updating`);
    const result = await deps.stacks.up(stack, {
      message: this.message,
      signal: this.haltNow.signal,
      onProgress: progressPrinter(stack, deps.log),
    });
    if (result.ok) {
      this.record({ type: "up-succeeded", stack, resources: result.resources });
      deps.log(`  ${stack}: updated`);
      return undefined;
    }
    const error = result.error ?? "failed";
    this.record({ type: "up-failed", stack, error, ...(result.locked ? { locked: true } : {}) });
    return result.locked
      ? `${stack} is locked (an update still running, or left by a crash): make sure none runs, ` +
          `then \`pulumi cancel --yes --stack ${stack}\` and \`pulumi refresh --yes --stack ${stack}\`, then resume`
      : `update of ${stack} failed: ${error}`;
  }

  private async cellAlarmsOk(wave: Wave, stack: string): Promise<{ ok: boolean; detail: string }> {
    const region = this.deps.cellRegions[stack];
    if (this.options.gates === "none" || region === undefined) {
      return { ok: true, detail: "" };
    }
    const outputs = await this.deps.stacks.outputs(stack);
    if (Object.keys(outputs).length === 0) {
      return { ok: true, detail: "new stack: no alarms yet" };
    }
    const gate = await alarmGate([{ stack, region, outputs }], this.deps.cloudWatch, true);
    this.record({ type: "gate", wave: wave.index, gate: "alarms", stack, ok: gate.ok, detail: gate.detail });
    return gate;
  }

  private async bakeWave(wave: Wave): Promise<0 | 1> {
    const { deps } = this;
    const minutes = this.options.bakeMinutes ?? wave.bakeMinutes;
    const cells = wave.stacks.filter((stack) => deps.cellRegions[stack] !== undefined);
    if (cells.length === 0 || (minutes === 0 && this.options.gates === "none")) {
      this.record({ type: "wave-done", wave: wave.index });
      return 0;
    }
    const until = new Date(deps.clock.now() + minutes * 60_000).toISOString();
    this.record({ type: "bake-started", wave: wave.index, minutes, until });
    deps.log(`  baking ${minutes} min until ${until} (gates: ${this.options.gates})`);
    const started = new Map(
      deps.journal
        .records()
        .filter((record) => record.type === "up-started")
        .map((record) => ["stack" in record ? record.stack : "", Date.parse(record.at)]),
    );
    // The outputs do not change during the bake: read them once (each read is two CLI calls).
    let resolved: AlarmTarget[] | undefined;
    const targets = async (): Promise<AlarmTarget[]> => {
      resolved ??= await Promise.all(
        cells.map(async (stack) => ({
          stack,
          region: deps.cellRegions[stack] ?? "",
          outputs: await deps.stacks.outputs(stack),
          ...(started.has(stack) ? { deployedAt: started.get(stack) } : {}),
        })),
      );
      return resolved;
    };
    const result = await bake({
      wave,
      minutes,
      watch: this.options.gates === "alarms",
      pollMs: deps.pollMs ?? 60_000,
      clock: deps.clock,
      targets,
      cloudWatch: deps.cloudWatch,
      halted: () => this.halted(),
    }).catch((error: unknown) => ({ ok: false, detail: `fails closed: ${errorLine(error)}` }));
    this.record({ type: "gate", wave: wave.index, gate: "bake", ok: result.ok, detail: result.detail });
    deps.log(`  bake: ${result.ok ? "passed" : "FAILED"} (${result.detail})`);
    if (!result.ok) {
      const byOperator = result.detail === HALTED_DURING_BAKE;
      return this.halt(`bake of wave ${wave.index}: ${result.detail}`, byOperator ? [] : cells);
    }
    this.record({ type: "wave-done", wave: wave.index });
    return 0;
  }
}

/** Prints a stack's progress when it crosses a tenth of its resources, and at the end: readable at any size. */
export function progressPrinter(stack: string, log: (line: string) => void) {
  let printed = -1;
  return ({ done, total }: { done: number; total: number }): void => {
    const tenth = total > 0 ? Math.floor((done * 10) / total) : 0;
    if (tenth > printed || done === total) {
      printed = tenth;
      log(`  ${stack}: ${done}/${total} resources`);
    }
  };
}

function describeChanges(outcome: PreviewOutcome): string {
  if (outcome.error !== undefined) {
    return `failed: ${outcome.error}`;
  }
  const changes = Object.entries(outcome.changes)
    .filter(([op, count]) => op !== "same" && count > 0)
    .map(([op, count]) => `${count} to ${op}`);
  const risky = outcome.risks.length > 0 ? `, ${outcome.risks.length} risky` : "";
  return `${changes.length > 0 ? changes.join(", ") : "no changes"}${risky}`;
}
