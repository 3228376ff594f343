/**
 * A worker thread that synthesizes a share of the cell stacks. Each worker has its own Pulumi runtime and module
 * graph, so stacks plan on every core; results come back as plain plan files.
 */
import { parentPort, workerData } from "node:worker_threads";
import { FleetValidationError } from "../../fleet/problems";
import { synthesizeCellStacks, type PlanWorkerJob, type PlanWorkerResult } from "./plan-fleet";
import { prepareFleet } from "./prepare-fleet";
import { SynthesisError } from "./rejections";

async function run(job: PlanWorkerJob): Promise<PlanWorkerResult> {
  try {
    const prepared = prepareFleet(job.options);
    const outputs = new Map(job.stackOutputs ?? []);
    return { plans: await synthesizeCellStacks(prepared, job.cellIds, job.options.concurrency, outputs) };
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
