/**
 * A worker thread that synthesizes a share of the cell stacks. Each worker has its own Pulumi runtime and module
 * graph, so stacks plan on every core; results come back as plain plan files.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { JsonObject, PlanFile } from "../lib/plan-file";
import { synthesizeCellStacks } from "./plan-fleet";
import { prepareFleet, type PlanFleetOptions } from "./prepare-fleet";

export interface PlanWorkerJob {
  options: PlanFleetOptions;
  cellIds: string[];
  /** Planned outputs of the bootstrap stacks the cells read. */
  stackOutputs?: [string, JsonObject][];
}

export type PlanWorkerResult = { plans: PlanFile[] } | { error: string };

async function run(job: PlanWorkerJob): Promise<PlanWorkerResult> {
  try {
    const prepared = prepareFleet(job.options);
    const outputs = new Map(job.stackOutputs ?? []);
    return { plans: await synthesizeCellStacks(prepared, job.cellIds, job.options.concurrency, outputs) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as PlanWorkerJob).then((result) => port.postMessage(result));
}
