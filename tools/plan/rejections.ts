/**
 * Errors thrown inside `apply` callbacks surface as unhandled promise rejections, not as a rejected program.
 * The Pulumi CLI's language host turns them into a failed update; the offline planner must do the same, or a
 * plan would "succeed" with a resource missing. Collectors are stacked so concurrent synthesis sees every error,
 * and each rejection goes to the stack whose program created the rejected promise: a promise is tagged with the
 * collector of the async context it is created in, so one stack's error is never blamed on another.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { promiseHooks } from "node:v8";

const activeCollectors = new Set<unknown[]>();
/** The collector of the stack whose program is running in the current async context. */
const currentCollector = new AsyncLocalStorage<unknown[]>();
/** The collector each promise was created under (weakly held: promises are collected as usual). */
const collectorOfPromise = new WeakMap<Promise<unknown>, unknown[]>();
/** Stops tagging new promises (`@types/node` types it as `Function`). */
let stopTagging: (() => void) | undefined;

function tagPromise(promise: Promise<unknown>): void {
  const collector = currentCollector.getStore();
  if (collector) {
    collectorOfPromise.set(promise, collector);
  }
}

function onRejection(reason: unknown, promise: Promise<unknown>): void {
  const owner = collectorOfPromise.get(promise);
  if (owner && activeCollectors.has(owner)) {
    owner.push(reason);
    return;
  }
  // Created outside every running program (by a shared module, say): any running stack may be at fault.
  for (const collector of activeCollectors) {
    collector.push(reason);
  }
}

/** Whether the running collector is alone by promise (see `exclusive` below). */
let exclusiveRunning = false;

/**
 * Runs `work`, then fails with every unhandled rejection raised while it ran. With `exclusive`, the caller promises
 * that nothing else runs under a collector meanwhile (one stack at a time in this thread, as a plan worker does):
 * then every rejection is this stack's, and promises are not tagged. Tagging (a promise hook on every promise)
 * costs a quarter of a plan's time; breaking the promise is an internal error, never a misattributed rejection.
 */
export async function failOnUnhandledRejections<T>(
  label: string,
  work: () => Promise<T>,
  exclusive = false,
): Promise<T> {
  const collected: unknown[] = [];
  if (exclusiveRunning || (exclusive && activeCollectors.size > 0)) {
    throw new Error(`${label}: an exclusive stack synthesis cannot run beside another one in the same thread`);
  }
  if (activeCollectors.size === 0) {
    process.on("unhandledRejection", onRejection);
    if (!exclusive) {
      stopTagging = promiseHooks.onInit(tagPromise) as () => void;
    }
  }
  exclusiveRunning = exclusive;
  activeCollectors.add(collected);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    // Alone, the stack needs no async context of its own: entering one would enable this AsyncLocalStorage for
    // good, and Node then copies its store into every promise the thread creates.
    outcome = { ok: true, value: await (exclusive ? work() : currentCollector.run(collected, work)) };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // Rejections are reported after the microtask queue drains; give them a macrotask turn to arrive, including the
  // echoes Pulumi's stack resource raises when the program itself threw.
  await new Promise((resolve) => setImmediate(resolve));
  activeCollectors.delete(collected);
  exclusiveRunning = false;
  if (activeCollectors.size === 0) {
    process.off("unhandledRejection", onRejection);
    stopTagging?.();
    stopTagging = undefined;
  }
  // Whatever failed is reported against this stack: the program's own error first, then its rejections.
  if (!outcome.ok) {
    throw new SynthesisError(label, [outcome.error, ...collected]);
  }
  if (collected.length > 0) {
    throw new SynthesisError(label, collected);
  }
  return outcome.value;
}

/** A stack's program failed: `label` names the stack, `causes` are what it threw (its own errors only). */
export class SynthesisError extends Error {
  constructor(
    readonly label: string,
    readonly causes: unknown[],
  ) {
    const messages = [...new Set(causes.map((cause) => (cause instanceof Error ? cause.message : String(cause))))];
    super(`${label} failed:\n${messages.map((message) => `  - ${message}`).join("\n")}`);
    this.name = "SynthesisError";
  }
}
