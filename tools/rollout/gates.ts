/** The gates between and before stacks: previews, a cell's alarms before its update, and the bake after a wave. */
import type { Wave } from "../../fleet/rollout";
import { alarmNamesFrom, judgeAlarms, readAlarms, type CloudWatchFor } from "./alarms";
import type { PreviewOutcome } from "./pulumi";

export interface Clock {
  now(): number;
  /** Waits `ms` (a test clock advances instead of waiting). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface GateResult {
  ok: boolean;
  detail: string;
}

/** A wave's previews pass when none failed, none has a mandatory violation, and none is risky (unless allowed). */
export function previewGate(outcomes: ReadonlyMap<string, PreviewOutcome>, allowRisky: boolean): GateResult {
  const problems: string[] = [];
  for (const [stack, outcome] of outcomes) {
    problems.push(...outcome.violations.map((violation) => `${stack}: mandatory policy violation ${violation}`));
    if (!allowRisky) {
      problems.push(...outcome.risks.map((risk) => `${stack}: ${risk} (pass --allow-risky to accept)`));
    }
    if (outcome.error !== undefined && outcome.violations.length === 0) {
      problems.push(`${stack}: preview failed: ${outcome.error}`);
    }
  }
  const risky = [...outcomes.values()].reduce((sum, outcome) => sum + outcome.risks.length, 0);
  const accepted = allowRisky && risky > 0 ? `; ${risky} risky change(s) accepted by --allow-risky` : "";
  return problems.length === 0
    ? { ok: true, detail: `${outcomes.size} preview(s) clean${accepted}` }
    : { ok: false, detail: problems.join("; ") };
}

export interface AlarmTarget {
  stack: string;
  region: string;
  outputs: Record<string, unknown>;
  /** When the stack's update started (for the freshness rule). */
  deployedAt?: number;
}

/** Reads and judges the alarms of the cells in `targets`. */
export async function alarmGate(
  targets: readonly AlarmTarget[],
  cloudWatch: CloudWatchFor,
  strict: boolean,
): Promise<GateResult> {
  const problems: string[] = [];
  for (const target of targets) {
    const names = alarmNamesFrom(target.outputs);
    const readings = names.length > 0 ? await readAlarms(cloudWatch(target.region), names) : new Map();
    const verdict = judgeAlarms(names, readings, {
      strict,
      ...(target.deployedAt === undefined ? {} : { deployedAt: target.deployedAt }),
    });
    problems.push(...verdict.problems.map((problem) => `${target.stack}: ${problem}`));
  }
  const count = targets.reduce((sum, target) => sum + alarmNamesFrom(target.outputs).length, 0);
  return problems.length === 0
    ? { ok: true, detail: `${count} alarm(s) OK` }
    : { ok: false, detail: problems.join("; ") };
}

export const HALTED_DURING_BAKE = "halted by an operator during the bake";

export interface BakeOptions {
  wave: Wave;
  minutes: number;
  watch: boolean;
  pollMs: number;
  clock: Clock;
  targets: () => Promise<AlarmTarget[]>;
  cloudWatch: CloudWatchFor;
  halted: () => boolean;
}

/**
 * Waits out the bake, polling the wave's alarms: an ALARM or a missing alarm ends it at once; at the end every
 * alarm must be OK and current. Without `watch` (`--gates none`) it only waits.
 */
export async function bake(options: BakeOptions): Promise<GateResult> {
  const { clock } = options;
  const until = clock.now() + options.minutes * 60_000;
  let polls = 0;
  for (;;) {
    if (options.halted()) {
      return { ok: false, detail: HALTED_DURING_BAKE };
    }
    const last = clock.now() >= until;
    if (options.watch) {
      const verdict = await alarmGate(await options.targets(), options.cloudWatch, last);
      polls++;
      if (!verdict.ok) {
        return { ok: false, detail: `after ${polls} poll(s): ${verdict.detail}` };
      }
    }
    if (last) {
      return {
        ok: true,
        detail: options.watch ? `${options.minutes} min, ${polls} poll(s), alarms OK` : `${options.minutes} min`,
      };
    }
    await clock.sleep(Math.min(options.pollMs, until - clock.now()));
  }
}
