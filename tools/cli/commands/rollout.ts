/**
 * `cells rollout plan|start|resume|status|halt`: one change, cell by cell, in waves with bake times and alarm
 * gates, through the Pulumi Automation API (docs/rollout.md). Exit 0 done, 1 halted, 2 bad input.
 */
import { Option, type Command } from "commander";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { FleetValidationError } from "../../../fleet/problems";
import { defaultCloudWatch } from "../../rollout/alarms";
import { systemClock } from "../../rollout/gates";
import { DEFAULT_ROLLOUT_DIR } from "../../rollout/journal";
import { buildRolloutPlan, type RolloutPlan } from "../../rollout/plan";
import { AutomationStacks } from "../../rollout/pulumi";
import { planJson, planText, statusText } from "../../rollout/render";
import {
  haltRollout,
  resumeRollout,
  RolloutInputError,
  rolloutStatus,
  startRollout,
  type SessionDeps,
} from "../../rollout/session";
import type { GateMode, RunOptions } from "../../rollout/state";
import { exitCodes, UsageError } from "../errors";

interface CommonOptions {
  cellsDir: string;
  stacksDir: string;
  dir: string;
  id?: string;
}

interface RunFlags extends CommonOptions {
  yes?: boolean;
  gates: GateMode;
  bakeMinutes?: number;
  message?: string;
  allowRisky?: boolean;
  untilWave?: number;
  policyPack: string;
}

export function registerRollout(program: Command): void {
  const rollout = program.command("rollout").description("roll a change out cell by cell, in waves (docs/rollout.md)");
  common(rollout.command("plan").description("show the waves, their stacks, bake times and gates"))
    .option("--json", "print the plan as JSON")
    .action((options: CommonOptions & { json?: boolean }) => {
      const plan = loadPlan(options);
      process.stdout.write(options.json ? planJson(plan) : planText(plan));
      process.exitCode = exitCodes.ok;
    });
  runFlags(common(rollout.command("start").description("preview, gate and update every stack, wave by wave")))
    .option("--message <text>", "update message (the rollout id is appended; resume recognises it)")
    .action(async (options: RunFlags) => {
      process.exitCode = await guarded(() => startRollout(loadPlan(options), runOptions(options), deps(options)));
    });
  runFlags(common(rollout.command("resume").description("continue a halted, paused or crashed rollout"))).action(
    async (options: RunFlags) => {
      process.exitCode = await guarded(() => resumeRollout(loadPlan(options), runOptions(options), deps(options)));
    },
  );
  common(rollout.command("status").description("where a rollout stands (default: the latest)"))
    .option("--json", "print the state as JSON")
    .action((options: CommonOptions & { json?: boolean }) => {
      const state = inputGuard(() => rolloutStatus(options.dir, options.id));
      process.stdout.write(options.json ? `${JSON.stringify(state, null, 2)}\n` : statusText(state));
      process.exitCode = state.status === "halted" ? exitCodes.findings : exitCodes.ok;
    });
  common(rollout.command("halt").description("stop after the running updates (--now: interrupt them)"))
    .option("--now", "send SIGINT to in-flight updates (the engine stops at a safe point)")
    .action((options: CommonOptions & { now?: boolean }) => {
      process.stdout.write(`${inputGuard(() => haltRollout(options.dir, options.id, !!options.now, systemClock))}\n`);
      process.exitCode = exitCodes.ok;
    });
}

function common(command: Command): Command {
  return command
    .option("--cells-dir <dir>", "fleet folder", "cells")
    .option("--stacks-dir <dir>", "folder with the Pulumi.<stack>.yaml stack files", "stacks")
    .option("--dir <dir>", "folder of the rollout journals", DEFAULT_ROLLOUT_DIR)
    .option("--id <id>", "rollout id (default: a new one for start, the latest otherwise)");
}

function runFlags(command: Command): Command {
  return command
    .option("--yes", "do not ask: approve the rollout and every wave that needs approval")
    .addOption(new Option("--gates <mode>", "alarms: watch CloudWatch; none: no alarms").choices(["alarms", "none"]))
    .option("--bake-minutes <n>", "bake every wave this long instead of the fleet's times", wholeNumber)
    .option("--allow-risky", "do not stop on stateful replacements or deletions in the previews")
    .option("--until-wave <n>", "stop (paused, exit 0) after this wave: one CI job per wave", wholeNumber)
    .option("--policy-pack <dir>", "the CrossGuard pack every preview and update runs", "policies");
}

function wholeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    throw new UsageError(`${value}: give a whole number of 0 or more`);
  }
  return number;
}

function runOptions(options: RunFlags): RunOptions & { message?: string; id?: string } {
  return {
    gates: options.gates ?? "alarms",
    allowRisky: !!options.allowRisky,
    ...(options.bakeMinutes === undefined ? {} : { bakeMinutes: options.bakeMinutes }),
    ...(options.untilWave === undefined ? {} : { untilWave: options.untilWave }),
    ...(options.message === undefined ? {} : { message: options.message }),
    ...(options.id === undefined ? {} : { id: options.id }),
  };
}

function deps(options: RunFlags): SessionDeps {
  if (!options.yes && !process.stdin.isTTY) {
    throw new UsageError("cells rollout: not a terminal, so nothing can be confirmed: pass --yes to approve");
  }
  const policyPack = path.resolve(options.policyPack);
  return {
    dir: options.dir,
    clock: systemClock,
    cloudWatch: defaultCloudWatch,
    stacks: () => AutomationStacks.create(path.resolve("."), [policyPack]),
    log: (line) => process.stdout.write(`${line}\n`),
    ...(options.yes ? {} : { confirm: ask }),
  };
}

async function ask(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `)).trim());
  } finally {
    terminal.close();
  }
}

function loadPlan(options: CommonOptions): RolloutPlan {
  return inputGuard(() => buildRolloutPlan({ cellsDir: options.cellsDir, stacksDir: options.stacksDir }));
}

function inputGuard<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof FleetValidationError || error instanceof RolloutInputError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

async function guarded(body: () => Promise<0 | 1>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof FleetValidationError || error instanceof RolloutInputError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
