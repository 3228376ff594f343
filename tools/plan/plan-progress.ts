/**
 * Progress of a plan on stderr: stacks planned and stacks checked against the pack (which run at the same time),
 * the stack just done, and a final line with the time and resources per second. A terminal gets one bar redrawn
 * in place; anything else (CI logs, `cells diff` reading a child's stderr) gets plain lines, at most about twenty
 * per phase however many stacks there are, in the form `cells plan: 3/50 stacks planned (cell-a)`.
 */
import type { Progress, ProgressStream } from "../lib/progress";

export interface PlanProgressOptions {
  /** Who reports, e.g. `cells plan`. */
  verb: string;
  /** What the counts are of, when the reporter plans more than one thing (`cells diff`: `base`, `head`). */
  scope?: string;
  /** Stacks to plan. */
  total: number;
  /** Whether the stacks are also checked against the pack. */
  checking: boolean;
  stream?: ProgressStream;
  /** Milliseconds since some fixed point (tests pass a fake clock). */
  now?: () => number;
}

export interface PlanProgress {
  /** Ticks once per stack planned (the {@link Progress} `synthesizeFleet` takes). */
  planned: Progress;
  /** Ticks once per stack checked against the pack. */
  checked: Progress;
  /** Adds stacks to the total (an incremental plan learns in rounds which dependents it must plan too). */
  grow(stacks: number): void;
  /** Ends the bar and prints the final line: stacks, resources, seconds, resources per second. */
  finish(resources: number): void;
}

const BAR_WIDTH = 24;
const PLAIN_LINES = 20;

export function startPlanProgress(options: PlanProgressOptions): PlanProgress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const who = options.scope === undefined ? `${options.verb}:` : `${options.verb}: ${options.scope}`;
  let total = Math.max(0, options.total);
  const tty = stream.isTTY === true;
  let every = Math.max(1, Math.ceil(total / PLAIN_LINES));
  const counts = { planned: 0, checked: 0 };
  let drawn = false;
  const draw = (label: string | undefined): void => {
    // The bar counts both phases: a stack is done once it is planned and, when checking, checked.
    const steps = options.checking ? 2 * total : total;
    const done = counts.planned + (options.checking ? counts.checked : 0);
    const filled = steps === 0 ? BAR_WIDTH : Math.round((done / steps) * BAR_WIDTH);
    const checked = options.checking ? `, ${counts.checked}/${total} checked` : "";
    const text =
      `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${who} ` +
      `${counts.planned}/${total} stacks planned${checked}${label === undefined ? "" : ` (${label})`}`;
    stream.write(`\r\u001b[2K${text.slice(0, Math.max(20, (stream.columns ?? 100) - 1))}`);
    drawn = true;
  };
  const counter = (phase: "planned" | "checked", what: string): Progress => ({
    tick(label?: string): void {
      counts[phase] = Math.min(total, counts[phase] + 1);
      if (tty) {
        draw(label);
      } else if (counts[phase] % every === 0 || counts[phase] === total) {
        const count = counts[phase];
        stream.write(`${who} ${count}/${total} ${what}${label === undefined ? "" : ` (${label})`}\n`);
      }
    },
    done: () => undefined,
  });
  return {
    planned: counter("planned", "stacks planned"),
    checked: counter("checked", "stacks checked against the pack"),
    grow(stacks: number): void {
      total += Math.max(0, stacks);
      every = Math.max(1, Math.ceil(total / PLAIN_LINES));
    },
    finish(resources: number): void {
      if (drawn) {
        stream.write("\n");
        drawn = false;
      }
      const seconds = Math.max(0.001, (now() - started) / 1000);
      const work = options.checking ? "planned and checked" : "planned";
      stream.write(
        `${who} ${counts.planned} stacks, ${resources} resources ${work} in ${seconds.toFixed(1)} s ` +
          `(${Math.round(resources / seconds)} resources/s)\n`,
      );
    },
  };
}
