/**
 * `cells plan` without the CLI: load the fleet once, check every stack file, then synthesize every stack in the
 * order they deploy on an account — `account`, the `region-<region>` stacks, the cells, `global` — each fed the
 * planned outputs of the stacks before it, as `StackReference` would be, all under the mock runtime.
 * Nothing is written here; see plan-output.ts.
 */
export type { PlanFleetOptions } from "./prepare-fleet";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { FleetValidationError } from "../../fleet/problems";
import type { FleetProblem } from "../../fleet/problems";
import type { Fleet } from "../../fleet/schema";
import { runStack } from "../../program";
import { ACCOUNT_STACK, cellStackName, GLOBAL_STACK, regionsInUse, regionStackName } from "../../program/stacks";
import type { JsonObject, PlanFile } from "../lib/plan-file";
import { SILENT_PROGRESS, type Progress } from "../lib/progress";
import { prepareFleet, type PlanFleetOptions, type PreparedFleet } from "./prepare-fleet";
import { SynthesisError } from "./rejections";
import { disableStackCaptureForSpeed, synthesizeStack } from "./synthesize";

/** What a plan worker (plan-worker.ts) is given: the fleet options and the cells it synthesizes. */
export interface PlanWorkerJob {
  options: PlanFleetOptions;
  cellIds: string[];
  /** Planned outputs of the bootstrap stacks the cells read. */
  stackOutputs?: [string, JsonObject][];
}

/**
 * What a plan worker posts back. Declared here, not in the worker, so that this module does not import it. A failure
 * crosses the thread as data: the message, the stack it is reported against, and the fleet problems when every cause
 * was one (so the parent still tells the user's mistakes, exit 2, from its own failures, exit 3).
 */
export type PlanWorkerResult =
  { plans: PlanFile[] } | { error: string; label?: string; problems?: FleetProblem[]; internal?: string[] };

export interface FleetPlan {
  fleet: Fleet;
  plans: PlanFile[];
}

export async function planFleet(options: PlanFleetOptions): Promise<FleetPlan> {
  return synthesizeFleet(prepareFleet(options), options);
}

/**
 * Synthesizes every stack of a prepared (validated) fleet: the cells (in worker threads when asked), then global.
 * `progress` ticks once per stack planned.
 */
export async function synthesizeFleet(
  prepared: PreparedFleet,
  options: PlanFleetOptions,
  progress: Progress = SILENT_PROGRESS,
): Promise<FleetPlan> {
  disableStackCaptureForSpeed();
  const { fleet, project, configs } = prepared;
  const selected = (stack: string): boolean => options.stacks === undefined || options.stacks.includes(stack);
  const known = options.knownOutputs ?? [];
  const bootstrapPlans = await synthesizeBootstrapStacks(prepared, progress, selected, known);
  const bootstrapOutputs = [
    ...known,
    ...bootstrapPlans.map((plan): [string, JsonObject] => [plan.stack, plan.outputs]),
  ];
  const cellIds = fleet.cells.map((cell) => cell.id).filter((id) => selected(cellStackName(id)));
  const workers = Math.min(options.workers ?? 1, Math.ceil(cellIds.length / MIN_CELLS_PER_WORKER));
  const cellPlans =
    workers > 1
      ? await synthesizeInWorkers(options, cellIds, workers, bootstrapOutputs, progress)
      : await synthesizeCellStacks(prepared, cellIds, options.concurrency, new Map(bootstrapOutputs), progress);
  const plans = [...bootstrapPlans, ...cellPlans];
  const globalConfig = configs.get(GLOBAL_STACK);
  if (globalConfig && selected(GLOBAL_STACK)) {
    const stackOutputs = new Map<string, JsonObject>([
      ...bootstrapOutputs,
      ...cellPlans.map((plan): [string, JsonObject] => [plan.stack, plan.outputs]),
    ]);
    plans.push(
      await synthesizeStack({
        project: project.name,
        stack: GLOBAL_STACK,
        config: globalConfig.values,
        secretConfigKeys: globalConfig.secretKeys,
        stackOutputs,
        program: () => runStack(GLOBAL_STACK, fleet, prepared.tenants),
      }),
    );
    progress.tick(GLOBAL_STACK);
  }
  return { fleet, plans };
}

/** `account`, then every `region-<region>` stack (fed the account's outputs), when they are planned. */
async function synthesizeBootstrapStacks(
  prepared: PreparedFleet,
  progress: Progress,
  selected: (stack: string) => boolean = () => true,
  known: [string, JsonObject][] = [],
): Promise<PlanFile[]> {
  if (!prepared.bootstrap) {
    return [];
  }
  const { fleet, project, configs } = prepared;
  const plan = async (stack: string, region: string, stackOutputs?: ReadonlyMap<string, JsonObject>) => {
    const config = configs.get(stack)!;
    const planned = await synthesizeStack({
      project: project.name,
      stack,
      config: config.values,
      secretConfigKeys: config.secretKeys,
      meta: { region },
      stackOutputs,
      program: () => runStack(stack, fleet),
    });
    progress.tick(stack);
    return planned;
  };
  const account = selected(ACCOUNT_STACK) ? await plan(ACCOUNT_STACK, "global") : undefined;
  const afterAccount = new Map(account ? [[account.stack, account.outputs]] : known);
  const regions = await Promise.all(
    regionsInUse(fleet)
      .filter((region) => selected(regionStackName(region)))
      .map((region) => plan(regionStackName(region), region, afterAccount)),
  );
  return [...(account ? [account] : []), ...regions];
}

/** Below this many cells per worker, starting a worker (loading Pulumi again) costs more than it saves. */
const MIN_CELLS_PER_WORKER = 8;

/** Synthesizes the named cell stacks in this thread, a few at a time, in the order given. */
export async function synthesizeCellStacks(
  prepared: PreparedFleet,
  cellIds: string[],
  concurrency = 4,
  stackOutputs?: ReadonlyMap<string, JsonObject>,
  progress: Progress = SILENT_PROGRESS,
): Promise<PlanFile[]> {
  disableStackCaptureForSpeed();
  const { fleet, project, configs } = prepared;
  const cells = cellIds.map((id) => fleet.cells.find((cell) => cell.id === id)!);
  return mapWithConcurrency(cells, concurrency, (cell) => {
    const stack = cellStackName(cell.id);
    const config = configs.get(stack)!;
    const planned = synthesizeStack({
      project: project.name,
      stack,
      config: config.values,
      secretConfigKeys: config.secretKeys,
      meta: { cell: cell.id, region: cell.region },
      stackOutputs,
      program: () => runStack(stack, fleet),
    });
    return planned.then((plan) => {
      progress.tick(stack);
      return plan;
    });
  });
}

/** Deals the cells round-robin to `workers` threads and returns their plans in fleet order. */
async function synthesizeInWorkers(
  options: PlanFleetOptions,
  cellIds: string[],
  workers: number,
  stackOutputs: [string, JsonObject][],
  progress: Progress,
): Promise<PlanFile[]> {
  const shares = Array.from({ length: workers }, (_, worker) =>
    cellIds.filter((_, index) => index % workers === worker),
  );
  const results = await Promise.all(
    shares.map((share) =>
      runPlanWorker({ options: { ...options, workers: 1, includeGlobal: false }, cellIds: share, stackOutputs }).then(
        (plans) => {
          plans.forEach((plan) => progress.tick(plan.stack));
          return plans;
        },
      ),
    ),
  );
  const byStack = new Map(results.flat().map((plan) => [plan.stack, plan]));
  return cellIds.map((id) => byStack.get(cellStackName(id))!);
}

function runPlanWorker(job: PlanWorkerJob): Promise<PlanFile[]> {
  // The worker is TypeScript: register tsx in it first, whatever runs this process (tsx, vitest or node).
  const tsxApi = JSON.stringify(require.resolve("tsx/cjs/api"));
  const workerFile = JSON.stringify(path.join(__dirname, "plan-worker.ts"));
  const bootstrap = `require(${tsxApi}).register(); require(${workerFile});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once("message", (result: PlanWorkerResult) => {
      void worker.terminate();
      if ("error" in result) {
        reject(workerFailure(result));
      } else {
        resolve(result.plans);
      }
    });
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`plan worker exited with code ${code}`)));
  });
}

/** The worker's failure as the error this thread would have thrown: input problems stay input problems. */
function workerFailure(result: Extract<PlanWorkerResult, { error: string }>): Error {
  const problems = result.problems && new FleetValidationError(result.problems);
  if (result.label) {
    return new SynthesisError(result.label, problems ? [problems] : (result.internal ?? [result.error]));
  }
  return problems ?? new Error(result.error);
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
