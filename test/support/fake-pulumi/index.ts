/** Puts the stand-in `pulumi` first on PATH for a test and reads back what it was asked to do. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export const FAKE_PULUMI_BIN = path.join(__dirname, "bin");

export interface FakePulumiConfig {
  failUp?: string[];
  failPreview?: string[];
  violations?: string[];
  replaceStateful?: string[];
  crashAfterUp?: string;
  upDelayMs?: number;
  resources?: number;
  /** Stacks with a stack file but no stack in the backend yet (`stack select` fails until `stack init`). */
  uninitialized?: string[];
}

export interface PulumiCall {
  argv: string[];
  stack?: string;
  start: number;
  end: number;
  exit?: number;
}

export interface FakePulumi {
  dir: string;
  env: Record<string, string>;
  configure(config: FakePulumiConfig): void;
  calls(): PulumiCall[];
  /** Stacks an `up` ran for, in order of start, successful or not. */
  ups(): PulumiCall[];
  /** Marks a stack locked, as a crashed update leaves it. */
  lock(stack: string): void;
  /** Gives a stack outputs, as an earlier deployment would have left them. */
  seed(stack: string, outputs: Record<string, unknown>): void;
  cleanup(): void;
}

export function fakePulumi(): FakePulumi {
  const dir = mkdtempSync(path.join(tmpdir(), "cellplane-fake-pulumi-"));
  const calls = (): PulumiCall[] => {
    const file = path.join(dir, "calls.jsonl");
    return existsSync(file)
      ? readFileSync(file, "utf8")
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => JSON.parse(line) as PulumiCall)
      : [];
  };
  return {
    dir,
    env: {
      FAKE_PULUMI_DIR: dir,
      PATH: `${FAKE_PULUMI_BIN}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
    configure: (config) => writeFileSync(path.join(dir, "config.json"), JSON.stringify(config)),
    calls,
    ups: () =>
      calls()
        .filter((call) => call.argv[0] === "up")
        .sort((a, b) => a.start - b.start),
    lock: (stack) => updateStack(dir, stack, { locked: true }),
    seed: (stack, outputs) => updateStack(dir, stack, { outputs }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function updateStack(dir: string, stack: string, change: Record<string, unknown>): void {
  mkdirSync(path.join(dir, "stacks"), { recursive: true });
  const file = path.join(dir, "stacks", `${stack}.json`);
  const state = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as object)
    : { history: [], outputs: {}, locked: false };
  writeFileSync(file, JSON.stringify({ ...state, ...change }));
}
