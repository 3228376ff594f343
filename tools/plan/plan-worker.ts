/**
 * A plan worker (see plan-pool.ts): loads the fleet, Pulumi and the program once, then plans one stack per message,
 * one at a time, and posts each plan file back.
 */
import { parentPort, workerData } from "node:worker_threads";
import { FleetValidationError } from "../../fleet/problems";
import type { PlanJob, PlanJobResult } from "./plan-pool";
import { planStack } from "./plan-stack";
import { prepareFleet, type PlanFleetOptions, type PreparedFleet } from "./prepare-fleet";
import { SynthesisError } from "./rejections";
import { trimRuntimeForSpeed } from "./synthesize";

async function run(prepared: PreparedFleet | Error, job: PlanJob): Promise<PlanJobResult> {
  try {
    if (prepared instanceof Error) {
      throw prepared;
    }
    return { id: job.id, plan: await planStack(prepared, job.stack, new Map(job.stackOutputs), true) };
  } catch (error) {
    return { id: job.id, ...describeFailure(error) };
  }
}

function describeFailure(error: unknown): Omit<Extract<PlanJobResult, { error: string }>, "id"> {
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

function prepare(options: PlanFleetOptions): PreparedFleet | Error {
  try {
    return prepareFleet(options);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

if (parentPort) {
  const port = parentPort;
  trimRuntimeForSpeed();
  const prepared = prepare(workerData as PlanFleetOptions);
  // One stack at a time: the next message waits until this one's plan is posted.
  let chain = Promise.resolve();
  port.on("message", (job: PlanJob) => {
    chain = chain.then(() => run(prepared, job).then((result) => port.postMessage(result)));
  });
}
