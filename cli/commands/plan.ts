/** `cells plan`: synthesize every stack offline, check it against the policy pack, write one plan file per stack. */
import type { Command } from "commander";
import * as os from "node:os";
import * as path from "node:path";
import { FleetValidationError } from "../../fleet/problems";
import { DEFAULT_PLAN_DIR } from "../../synth/plan-output";
import { prepareFleet, type PreparedFleet } from "../../synth/prepare-fleet";
import { exitCodes, UsageError } from "../errors";

interface PlanOptions {
  cellsDir: string;
  stacksDir: string;
  out: string;
  json?: boolean;
  workers?: number;
}

/** One worker per core; large fleets plan in parallel, small ones stay in this thread (see synthesizeFleet). */
function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new UsageError(`--workers ${value}: give a whole number from 1 to 64`);
  }
  return workers;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("synthesize every cell stack (and the global stack) offline under Pulumi's mock runtime and write one plan file per stack")
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--stacks-dir <dir>", "folder with the Pulumi.<stack>.yaml stack files", "stacks")
    .option("--out <dir>", "where to write <stack>.json plan files (replaced as a whole)", DEFAULT_PLAN_DIR)
    .option("--json", "print the summary as JSON instead of a table")
    .option("--workers <n>", "worker threads for large fleets (default: one per core)", parseWorkers)
    .action(async (options: PlanOptions) => {
      process.exitCode = await runPlan(options);
    });
}

export async function runPlan(options: PlanOptions): Promise<number> {
  const started = Date.now();
  const planOptions = { cellsDir: options.cellsDir, stacksDir: options.stacksDir, projectDir: path.resolve("."), workers: options.workers ?? defaultWorkers() };
  const prepared = prepareOrExplain(planOptions);
  // Pulumi and the AWS SDK load only once the input is known to be good.
  const { synthesizeFleet } = await import("../../synth/plan-fleet");
  const { writePlans } = await import("../../synth/plan-output");
  const { renderPlanTable, summarizePlan } = await import("../../synth/plan-summary");
  const result = await synthesizeFleet(prepared, planOptions);
  writePlans(options.out, result.plans);
  const summaries = result.plans.map((plan) => summarizePlan(plan, result.fleet));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ out: options.out, stacks: summaries }, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderPlanTable(summaries, { showPolicy: false })}\n\n`);
    process.stdout.write(`Wrote ${result.plans.length} plan files to ${options.out} in ${((Date.now() - started) / 1000).toFixed(1)}s.\n`);
  }
  return exitCodes.ok;
}

function prepareOrExplain(options: Parameters<typeof prepareFleet>[0]): PreparedFleet {
  try {
    return prepareFleet(options);
  } catch (error) {
    if (error instanceof FleetValidationError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
