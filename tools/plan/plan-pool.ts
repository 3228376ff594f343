/**
 * A pool of long-lived plan workers (plan-worker.ts). Each worker loads Pulumi, @pulumi/aws and the program once
 * and then plans stacks from a shared queue one at a time, so every core stays busy until the queue is empty
 * whatever each stack costs. No Pulumi import here: the thread that owns the pool never loads it.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { FleetValidationError, type FleetProblem } from "../../fleet/problems";
import type { JsonObject, PlanFile } from "../lib/plan-file";
import type { PlanFleetOptions } from "./prepare-fleet";
import { SynthesisError } from "./rejections";

/** What the pool posts to a worker: a stack to plan, with the planned outputs of the stacks it may read. */
export interface PlanJob {
  id: number;
  stack: string;
  stackOutputs: [string, JsonObject][];
}

/**
 * What a worker posts back. A failure crosses the thread as data: the message, the stack it is reported against,
 * and the fleet problems when every cause was one (so the parent still tells the user's mistakes, exit 2, from its
 * own failures, exit 3).
 */
export type PlanJobResult = { id: number } & (
  { plan: PlanFile } | { error: string; label?: string; problems?: FleetProblem[]; internal?: string[] }
);

/**
 * Young-generation size of a worker (V8 splits it into two 64 MiB semi-spaces and a large-object space). A plan
 * allocates many short-lived objects (outputs, promises, protobuf messages): with V8's default (16 MiB semi-spaces)
 * a quarter of a worker's time went to garbage collection; measured per stack, 192 cuts a worker's CPU time by a
 * quarter, and more gains nothing (docs/benchmarks.md).
 */
const YOUNG_GENERATION_MB = 192;

interface Pending {
  job: PlanJob;
  resolve: (plan: PlanFile) => void;
  reject: (error: Error) => void;
}

export class PlanPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly workers: Worker[];
  private nextId = 0;
  private closed = false;

  constructor(options: PlanFleetOptions, size: number) {
    this.workers = Array.from({ length: size }, () => this.startWorker(options));
    this.idle.push(...this.workers);
  }

  /** Plans `stack` on the first free worker. */
  plan(stack: string, stackOutputs: ReadonlyMap<string, JsonObject>): Promise<PlanFile> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error(`plan pool closed before stack ${stack} was planned`));
        return;
      }
      this.queue.push({ job: { id: this.nextId++, stack, stackOutputs: [...stackOutputs] }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every worker; stacks still queued are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) {
      pending.reject(new Error(`plan pool closed before stack ${pending.job.stack} was planned`));
    }
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage(pending.job);
    }
  }

  private startWorker(options: PlanFleetOptions): Worker {
    // The worker is TypeScript: register tsx in it first, whatever runs this process (tsx, vitest or node).
    const tsxApi = JSON.stringify(require.resolve("tsx/cjs/api"));
    const workerFile = JSON.stringify(path.join(__dirname, "plan-worker.ts"));
    // Before Pulumi loads: the modules a plan never uses load only if used (defer-modules.ts).
    const deferFile = JSON.stringify(path.join(__dirname, "defer-modules.ts"));
    const bootstrap =
      `require(${tsxApi}).register(); require(${deferFile}).deferUnusedModules(); ` + `require(${workerFile});`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: options,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.on("message", (result: PlanJobResult) => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      this.idle.push(worker);
      if (pending) {
        if ("plan" in result) {
          pending.resolve(result.plan);
        } else {
          pending.reject(jobFailure(result));
        }
      }
      this.dispatch();
    });
    const fail = (error: Error): void => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      pending?.reject(error);
      // A dead worker takes no more stacks; when none is left, nothing queued can be planned.
      this.workers.splice(this.workers.indexOf(worker), 1);
      if (this.workers.length === 0) {
        void this.close();
      }
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (!this.closed) {
        fail(new Error(`plan worker exited with code ${code}`));
      }
    });
    return worker;
  }
}

/** The worker's failure as the error this thread would have thrown: input problems stay input problems. */
function jobFailure(result: Extract<PlanJobResult, { error: string }>): Error {
  const problems = result.problems && new FleetValidationError(result.problems);
  if (result.label) {
    return new SynthesisError(result.label, problems ? [problems] : (result.internal ?? [result.error]));
  }
  return problems ?? new Error(result.error);
}
