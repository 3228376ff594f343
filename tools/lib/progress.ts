/**
 * Progress of a long command on stderr, so stdout stays the report: a bar redrawn in place on a terminal, plain
 * lines otherwise (CI logs), at most about twenty of them however many stacks there are.
 */

export interface ProgressStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** One more item done; `label` names it (a stack). */
  tick(label?: string): void;
  /** The phase is over: a terminal's bar line is ended. */
  done(): void;
}

export interface ProgressOptions {
  /** Who reports, e.g. `cells plan`. */
  verb: string;
  /** What is counted, past tense, e.g. `stacks planned`. */
  what: string;
  total: number;
  stream?: ProgressStream;
}

const BAR_WIDTH = 24;
const PLAIN_LINES = 20;

export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const total = Math.max(0, options.total);
  const tty = stream.isTTY === true;
  const every = Math.max(1, Math.ceil(total / PLAIN_LINES));
  let count = 0;
  let drawn = false;
  const text = (label?: string): string =>
    `${options.verb}: ${count}/${total} ${options.what}${label === undefined ? "" : ` (${label})`}`;
  return {
    tick(label?: string): void {
      count = Math.min(total, count + 1);
      if (tty) {
        const filled = total === 0 ? BAR_WIDTH : Math.round((count / total) * BAR_WIDTH);
        const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
        const line = `${bar} ${text(label)}`.slice(0, Math.max(20, (stream.columns ?? 100) - 1));
        stream.write(`\r\u001b[2K${line}`);
        drawn = true;
      } else if (count % every === 0 || count === total) {
        stream.write(`${text(label)}\n`);
      }
    },
    done(): void {
      if (tty && drawn) {
        stream.write("\n");
        drawn = false;
      }
    },
  };
}

/** A progress that says nothing (library callers, tests). */
export const SILENT_PROGRESS: Progress = { tick: () => undefined, done: () => undefined };
