/**
 * A worker thread that synthesizes a share of the cell stacks. Each worker has its own Pulumi runtime and module
 * graph, so stacks plan on every core; results come back as plain plan files.
 */
import { parentPort, workerData } from "node:worker_threads";
import { synthesizeCellStacks, type PlanWorkerJob, type PlanWorkerResult } from "./plan-fleet";
import { prepareFleet } from "./prepare-fleet";

async function run(job: PlanWorkerJob): Promise<PlanWorkerResult> {
  try {
    const prepared = prepareFleet(job.options);
    return { plans: await synthesizeCellStacks(prepared, job.cellIds, job.options.concurrency) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

if (parentPort) {
  const port = parentPort;
  void run(workerData as PlanWorkerJob).then((result) => port.postMessage(result));
}
