/**
 * A worker thread that synthesizes a share of the cell stacks. Each worker has its own Pulumi runtime and module
 * graph, so stacks plan on every core; results come back as plain plan files.
 */
import { parentPort, workerData } from "node:worker_threads";
import { FleetValidationError, type FleetProblem } from "../../fleet/problems";
import type { PlanFile } from "../lib/plan-file";
import { synthesizeCellStacks } from "./plan-fleet";
import { prepareFleet, type PlanFleetOptions } from "./prepare-fleet";
import { SynthesisError } from "./rejections";

export interface PlanWorkerJob {
  options: PlanFleetOptions;
  cellIds: string[];
}

/**
 * A failure crosses the thread as data: the message, the stack it is reported against, and the fleet problems when
 * every cause was one (so the parent still tells the user's mistakes, exit 2, from its own failures, exit 3).
 */
export type PlanWorkerResult =
  { plans: PlanFile[] } | { error: string; label?: string; problems?: FleetProblem[]; internal?: string[] };

async function run(job: PlanWorkerJob): Promise<PlanWorkerResult> {
  try {
    const prepared = prepareFleet(job.options);
    return { plans: await synthesizeCellStacks(prepared, job.cellIds, job.options.concurrency) };
  } catch (error) {
    return describeFailure(error);
  }
}

function describeFailure(error: unknown): PlanWorkerResult {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof FleetValidationError) {
    return { error: message, problems: error.problems };
  }
  if (error instanceof SynthesisError) {
    const inputs = error.causes.filter((cause) => cause instanceof FleetValidationError);
    return inputs.length === error.causes.length
      ? { error: message, label: error.label, problems: inputs.flatMap((cause) => cause.problems) }
      : { error: message, label: error.label, internal: error.causes.map(String) };
  }
  return { error: message };
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as PlanWorkerJob).then((result) => port.postMessage(result));
}
