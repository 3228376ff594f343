/**
 * `cells plan` without the CLI: load the fleet once, check every stack file, then synthesize every stack in the
 * order they deploy on an account — `account`, the `region-<region>` stacks, the cells, `global` — each fed the
 * planned outputs of the stacks before it, as `StackReference` would be, all under the mock runtime.
 * Nothing is written here; see plan-output.ts.
 *
 * Two engines give byte-identical plans. The pool (plan-pool.ts, when `workers` > 1 and the fleet is large
 * enough) plans every stack in long-lived worker threads that load Pulumi once; this thread never loads it. The
 * plain engine plans one stack at a time in this thread; `CELLPLANE_ENGINE=plain` forces it with Pulumi's stock
 * settings (stack traces and promise tagging on), the baseline `npm run bench` and the equivalence test compare to.
 */
export type { PlanFleetOptions } from "./prepare-fleet";
import type { Fleet } from "../../fleet/schema";
import { ACCOUNT_STACK, cellStackName, GLOBAL_STACK, regionsInUse, regionStackName } from "../../program/stacks";
import type { JsonObject, PlanFile } from "../lib/plan-file";
import { SILENT_PROGRESS, type Progress } from "../lib/progress";
import { PlanPool } from "./plan-pool";
import { prepareFleet, type PlanFleetOptions, type PreparedFleet } from "./prepare-fleet";

export interface FleetPlan {
  fleet: Fleet;
  plans: PlanFile[];
}

export async function planFleet(options: PlanFleetOptions): Promise<FleetPlan> {
  return synthesizeFleet(prepareFleet(options), options);
}

/** Plans one stack, given the planned outputs of the stacks before it. */
type StackPlanner = (stack: string, stackOutputs: ReadonlyMap<string, JsonObject>) => Promise<PlanFile>;

/** Below this many stacks per worker, starting a worker (loading Pulumi again) costs more than it saves. */
const MIN_STACKS_PER_WORKER = 6;

/** Whether `CELLPLANE_ENGINE=plain` asks for the baseline: one stack at a time, Pulumi's stock settings. */
export function plainEngineRequested(): boolean {
  return process.env.CELLPLANE_ENGINE === "plain";
}

/**
 * Synthesizes every stack of a prepared (validated) fleet in deployment order and returns the plans in that order.
 * `progress` ticks once per stack planned; `onPlanned` gets each plan as soon as it exists (to check it against the
 * policy pack while the rest plan).
 */
export async function synthesizeFleet(
  prepared: PreparedFleet,
  options: PlanFleetOptions,
  progress: Progress = SILENT_PROGRESS,
  onPlanned: (plan: PlanFile) => void = () => undefined,
): Promise<FleetPlan> {
  const waves = deploymentWaves(prepared, options.stacks);
  const stackCount = waves.reduce((sum, wave) => sum + wave.length, 0);
  const workers = plainEngineRequested()
    ? 1
    : Math.min(options.workers ?? 1, Math.floor(stackCount / MIN_STACKS_PER_WORKER));
  if (workers > 1) {
    const pool = new PlanPool(options, workers);
    try {
      const planner: StackPlanner = (stack, outputs) => pool.plan(stack, outputs);
      return await planWaves(prepared, waves, options, Infinity, planner, progress, onPlanned);
    } finally {
      await pool.close();
    }
  }
  // This thread: Pulumi loads only now, when the plans are made here.
  if (!plainEngineRequested()) {
    const { deferUnusedModules } = await import("./defer-modules");
    deferUnusedModules();
  }
  const { planStack } = await import("./plan-stack");
  const concurrency = options.concurrency ?? 1;
  if (!plainEngineRequested()) {
    const { trimRuntimeForSpeed } = await import("./synthesize");
    trimRuntimeForSpeed();
  }
  const exclusive = concurrency === 1 && !plainEngineRequested();
  const planner: StackPlanner = (stack, outputs) => planStack(prepared, stack, outputs, exclusive);
  return planWaves(prepared, waves, options, concurrency, planner, progress, onPlanned);
}

/**
 * The stacks in deployment steps, each step reading only the outputs of the steps before it; only `selected` ones
 * when given (the others' outputs come from `knownOutputs`).
 */
export function deploymentWaves(prepared: PreparedFleet, selected?: readonly string[]): string[][] {
  const { fleet, configs } = prepared;
  const bootstrap = prepared.bootstrap ? [[ACCOUNT_STACK], regionsInUse(fleet).map(regionStackName)] : [];
  const cells = fleet.cells.map((cell) => cellStackName(cell.id));
  return [...bootstrap, cells, configs.has(GLOBAL_STACK) ? [GLOBAL_STACK] : []]
    .map((wave) => (selected === undefined ? wave : wave.filter((stack) => selected.includes(stack))))
    .filter((wave) => wave.length > 0);
}

async function planWaves(
  prepared: PreparedFleet,
  waves: string[][],
  options: PlanFleetOptions,
  concurrency: number,
  planner: StackPlanner,
  progress: Progress,
  onPlanned: (plan: PlanFile) => void,
): Promise<FleetPlan> {
  const outputs = new Map<string, JsonObject>(options.knownOutputs ?? []);
  const plans: PlanFile[] = [];
  for (const wave of waves) {
    // Every stack of a step reads the same outputs: those of the steps before it.
    const before = new Map(outputs);
    const planned = await mapWithConcurrency(wave, concurrency, async (stack) => {
      const plan = await planner(stack, before);
      progress.tick(stack);
      onPlanned(plan);
      return plan;
    });
    for (const plan of planned) {
      outputs.set(plan.stack, plan.outputs);
      plans.push(plan);
    }
  }
  return { fleet: prepared.fleet, plans };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
