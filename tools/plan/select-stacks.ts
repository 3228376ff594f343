/**
 * Incremental plans: which stacks to plan, and in which rounds, when only some of them changed. The stacks asked
 * for (`--stacks`, or those whose input fingerprint changed since a git ref) are planned first; then every stack
 * whose plan is kept but reads a stack just planned is planned too when the outputs it recorded for that stack
 * (the `(outputs of <stack>)` entries of its fingerprint) are no longer the outputs planned now — a cell after its
 * region's certificate changed, `global` after a cell's load balancer did — round after round until nothing more
 * changes. A stack planned reads the stacks it does not replan from their plan files, which must be there and
 * fresh: their recorded fingerprint must equal the fingerprint of the working tree (else {@link SelectionError}).
 *
 * Pure apart from `synthesize` (which plans the stacks of one round) and the hasher's reads of the working tree.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { compareInputs, outputsEntry, readOutputsHash, type InputHasher } from "../lib/fingerprint";
import { planFileName, type JsonObject, type PlanFile } from "../lib/plan-file";

/** A user's mistake in choosing stacks (exit 2): unknown names, a missing or stale plan a stack needs. */
export class SelectionError extends Error {}

/** Plans `stacks` (in deployment order), reading `knownOutputs` for the stacks they read that are not planned. */
export type SynthesizeStacks = (stacks: string[], knownOutputs: [string, JsonObject][]) => Promise<PlanFile[]>;

export interface IncrementalRun {
  /** Plans made in this run, in deployment order. */
  planned: PlanFile[];
  /** Plan files kept as they were (read from the plan folder), in deployment order. */
  reused: PlanFile[];
  /** Stacks planned because a stack they read now has other outputs (not asked for). */
  dependents: string[];
  /** Kept plans whose fingerprint does not match the working tree (neither asked for nor read by one planned). */
  staleReused: string[];
}

/** Names that are not stacks of the fleet, refused with the list of valid ones. */
export function checkStackNames(requested: readonly string[], stacks: readonly string[]): void {
  const unknown = requested.filter((name) => !stacks.includes(name));
  if (unknown.length > 0) {
    throw new SelectionError(
      `--stacks: ${unknown.join(", ")} ${unknown.length === 1 ? "is not a stack" : "are not stacks"} of this fleet; ` +
        `choose from ${stacks.join(", ")}`,
    );
  }
}

/** The plan files of a folder by stack (none when the folder does not exist). */
export function readExistingPlans(outDir: string): Map<string, PlanFile> {
  const plans = new Map<string, PlanFile>();
  if (!existsSync(outDir)) {
    return plans;
  }
  for (const name of readdirSync(outDir).filter((entry) => entry.endsWith(".json") && !entry.startsWith("."))) {
    try {
      const plan = JSON.parse(readFileSync(path.join(outDir, name), "utf8")) as PlanFile;
      if (typeof plan.stack === "string" && planFileName(plan.stack) === name) {
        plans.set(plan.stack, plan);
      }
    } catch {
      // Not a plan file: a stack without a readable plan counts as missing.
    }
  }
  return plans;
}

/** The stacks whose own inputs (without the outputs of other stacks) differ between two hashers, or are new. */
export function changedStacks(stacks: readonly string[], now: InputHasher, before: InputHasher): string[] {
  return stacks.filter((stack) => now.ownFingerprint(stack).digest !== before.ownFingerprint(stack).digest);
}

/**
 * Plans `requested` and the dependents whose read outputs changed; every other stack of `stacks` (deployment
 * order) keeps its plan from `existing`.
 */
export async function planIncrementally(options: {
  stacks: readonly string[];
  requested: readonly string[];
  existing: ReadonlyMap<string, PlanFile>;
  hasher: InputHasher;
  outDir: string;
  synthesize: SynthesizeStacks;
}): Promise<IncrementalRun> {
  const { stacks, existing, hasher } = options;
  const all = new Set(stacks);
  const planned = new Map<string, PlanFile>();
  const outputs = (): Map<string, JsonObject> =>
    new Map(
      stacks.flatMap((stack): [string, JsonObject][] => {
        const plan = planned.get(stack) ?? existing.get(stack);
        return plan === undefined ? [] : [[stack, plan.outputs]];
      }),
    );
  const requested = new Set(options.requested);
  const dependents: string[] = [];
  let round = stacks.filter((stack) => requested.has(stack));
  while (round.length > 0) {
    const inRound = new Set(round);
    const read = [...new Set(round.flatMap((stack) => hasher.readsFrom(stack, all)))].filter(
      (stack) => !inRound.has(stack) && !planned.has(stack),
    );
    assertFresh(read, round, existing, hasher, outputs(), all, options.outDir);
    const known = [...outputs()].filter(([stack]) => !inRound.has(stack));
    for (const plan of await options.synthesize(round, known)) {
      planned.set(plan.stack, plan);
    }
    round = stacks.filter(
      (stack) => !planned.has(stack) && existing.has(stack) && readsChangedOutputs(stack, existing.get(stack)!),
    );
    dependents.push(...round);
  }

  function readsChangedOutputs(stack: string, kept: PlanFile): boolean {
    return hasher.readsFrom(stack, all).some((upstream) => {
      const now = planned.get(upstream);
      return (
        now !== undefined &&
        kept.inputs?.files[outputsEntry(upstream)] !== readOutputsHash(stack, upstream, now.outputs)
      );
    });
  }

  const reused = stacks.filter((stack) => !planned.has(stack) && existing.has(stack)).map((s) => existing.get(s)!);
  const current = outputs();
  const staleReused = reused
    .filter((plan) => plan.inputs?.digest !== hasher.fingerprint(plan.stack, current, all).digest)
    .map((plan) => plan.stack);
  return {
    planned: stacks.filter((stack) => planned.has(stack)).map((stack) => planned.get(stack)!),
    reused,
    dependents,
    staleReused,
  };
}

/**
 * The check of the first round, before anything loads: the stacks `requested` read and do not plan must have
 * fresh plan files in `outDir` (else {@link SelectionError}, naming them and the fix).
 */
export function assertReadablePlans(options: {
  stacks: readonly string[];
  requested: readonly string[];
  existing: ReadonlyMap<string, PlanFile>;
  hasher: InputHasher;
  outDir: string;
}): void {
  const all = new Set(options.stacks);
  const round = options.stacks.filter((stack) => options.requested.includes(stack));
  const read = [...new Set(round.flatMap((stack) => options.hasher.readsFrom(stack, all)))].filter(
    (stack) => !round.includes(stack),
  );
  const outputs = new Map([...options.existing].map(([stack, plan]) => [stack, plan.outputs]));
  assertFresh(read, round, options.existing, options.hasher, outputs, all, options.outDir);
}

/** Every stack read but not planned must have a plan whose fingerprint matches the working tree. */
function assertFresh(
  read: readonly string[],
  readers: readonly string[],
  existing: ReadonlyMap<string, PlanFile>,
  hasher: InputHasher,
  outputs: ReadonlyMap<string, JsonObject>,
  all: ReadonlySet<string>,
  outDir: string,
): void {
  const problems = read.flatMap((stack) => {
    const plan = existing.get(stack);
    if (plan === undefined) {
      return [`${stack}: no plan file ${path.join(outDir, planFileName(stack))}`];
    }
    const now = hasher.fingerprint(stack, outputs, all);
    if (plan.inputs === undefined) {
      return [`${stack}: its plan file records no input fingerprint (planned by an older cellplane)`];
    }
    if (plan.inputs.digest === now.digest) {
      return [];
    }
    const difference = compareInputs(plan.inputs, now);
    const what = [
      ...difference.files.slice(0, 3).map((entry) => `${entry.file} ${entry.change}`),
      ...(difference.files.length > 3 ? [`${difference.files.length - 3} more`] : []),
      ...(difference.tool ? [`cellplane ${difference.tool.recorded} → ${difference.tool.current}`] : []),
    ];
    return [`${stack}: its plan is stale (${what.join(", ")})`];
  });
  if (problems.length > 0) {
    const needed = problems.map((problem) => problem.split(":")[0]);
    throw new SelectionError(
      `${readers.join(", ")} ${readers.length === 1 ? "reads" : "read"} the outputs of stacks not planned now, ` +
        `whose plans in ${outDir} cannot be used:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\n` +
        `Plan them too (cells plan --stacks ${[...needed, ...readers].join(" ")} --out ${outDir}) ` +
        `or plan every stack (cells plan --out ${outDir}).`,
    );
  }
}
