/**
 * `cells diff --base` plans only what differs between the two revisions. A stack whose own input fingerprint
 * (tools/lib/fingerprint.ts, without the outputs of other stacks) is the same in both has the same plan in both, so
 * it has no diff and is not planned at all, unless a stack planned reads its outputs:
 *
 * 1. the changed stacks are planned in each revision (with that revision's `cells plan --stacks`), together with
 *    the unchanged bootstrap stacks (`account`, `region-<r>`) they read, which are few and cheap;
 * 2. a stack that reads a stack planned in both revisions with other outputs (`global` after a cell's load balancer
 *    changed) is planned next, in both; the unchanged stacks it reads (the other cells, and what they read) are
 *    planned once, in the working tree, and their plan files copied to the base side (same inputs, same outputs,
 *    same bytes);
 * 3. and so on until no read output differs.
 *
 * Returns undefined when the plan cannot be incremental (a revision whose `cells plan` has no `--stacks`, or whose
 * fleet this code cannot read): the caller then plans both revisions whole, as before.
 */
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { InputHasher, readOutputsHash } from "../../lib/fingerprint";
import { planFileName, type PlanFile } from "../../lib/plan-file";
import { toolVersion } from "../../lib/provenance";
import { prepareFleet } from "../../plan/prepare-fleet";
import { deploymentStepOf } from "../../../program/stacks";
import type { OpenedRevision } from "./one-process-plan";
import { bothSettled } from "./revision-plan";

/**
 * One revision: where it is, where its plans go, and how to run its `cells plan --stacks` (in a process of its own,
 * or in this one, which gets the revision's fleet as read here).
 */
export interface DiffSide {
  projectDir: string;
  outDir: string;
  plan: (stacks: string[], label: string, revision: OpenedRevision) => Promise<void>;
}

export interface ChangedStacksResult {
  /** Every stack of either revision. */
  total: number;
  /** Stacks not planned at all: their inputs fingerprint is the same in both revisions. */
  skipped: string[];
  /** Stacks planned although unchanged, because a stack planned reads their outputs. */
  readOnly: string[];
}

interface SideState {
  side: DiffSide;
  revision: OpenedRevision;
  stacks: string[];
  all: Set<string>;
  hasher: InputHasher;
  planned: Map<string, PlanFile>;
}

const STEP_RANK: Record<string, number> = { account: 0, regions: 1, cells: 2, global: 3 };

export async function planChangedStacks(
  base: DiffSide,
  head: DiffSide,
  cellsDir: string,
): Promise<ChangedStacksResult | undefined> {
  const sides = [openSide(base, cellsDir), openSide(head, cellsDir)];
  if (sides[0] === undefined || sides[1] === undefined) {
    return undefined;
  }
  const [b, h] = sides as [SideState, SideState];
  const union = inDeploymentOrder([...new Set([...b.stacks, ...h.stacks])]);
  const onBoth = (stack: string): boolean => b.all.has(stack) && h.all.has(stack);
  const changed = union.filter(
    (stack) => !onBoth(stack) || b.hasher.ownFingerprint(stack).digest !== h.hasher.ownFingerprint(stack).digest,
  );
  const readOnly = new Set<string>();
  let round = changed;
  while (round.length > 0) {
    const inRound = new Set(round);
    const needed = union.filter(
      (stack) =>
        !inRound.has(stack) && [b, h].some((state) => upstreamOf(state, round).has(stack) && !state.planned.has(stack)),
    );
    needed.forEach((stack) => readOnly.add(stack));
    // Many unchanged cells (what `global` reads): planned once and shared. A few bootstrap stacks: planned on
    // both sides beside the round, which costs no extra step.
    const shareAll = needed.some((stack) => deploymentStepOf(stack) === "cells");
    const alongside = shareAll ? [] : needed;
    if (shareAll) {
      await planOn(h, needed, "shared");
      mkdirSync(b.side.outDir, { recursive: true });
      for (const stack of needed.filter((name) => !b.planned.has(name))) {
        copyFileSync(path.join(h.side.outDir, planFileName(stack)), path.join(b.side.outDir, planFileName(stack)));
        b.planned.set(stack, h.planned.get(stack)!);
      }
    }
    await bothSettled(
      () => planOn(b, inDeploymentOrder([...round, ...alongside]), "base"),
      () => planOn(h, inDeploymentOrder([...round, ...alongside]), "head"),
    );
    round = union.filter(
      (stack) =>
        onBoth(stack) &&
        !(b.planned.has(stack) && h.planned.has(stack)) &&
        h.hasher.readsFrom(stack, h.all).some((upstream) => outputsDiffer(b, h, stack, upstream)),
    );
  }
  const planned = new Set([...b.planned.keys(), ...h.planned.keys()]);
  return {
    total: union.length,
    skipped: union.filter((stack) => !planned.has(stack)),
    readOnly: [...readOnly].filter((stack) => !changed.includes(stack)),
  };
}

/** A revision's stacks and fingerprints, read with this code; undefined when its fleet does not load. */
function openSide(side: DiffSide, cellsDir: string): SideState | undefined {
  const dirs = {
    projectDir: path.resolve(side.projectDir),
    cellsDir: path.resolve(side.projectDir, cellsDir),
    stacksDir: path.resolve(side.projectDir, "stacks"),
  };
  try {
    const prepared = prepareFleet(dirs);
    const stacks = [...prepared.configs.keys()];
    const hasher = new InputHasher(
      { ...dirs, packDir: path.join(dirs.projectDir, "policies") },
      toolVersion(),
      prepared.fleet,
    );
    const revision = { dirs, prepared, hasher, stacks };
    return { side, revision, stacks, all: new Set(stacks), hasher, planned: new Map() };
  } catch {
    return undefined;
  }
}

/** Every stack the round's stacks read on this side, transitively (their own upstreams too). */
function upstreamOf(state: SideState, round: readonly string[]): Set<string> {
  const found = new Set<string>();
  const pending = round.filter((stack) => state.all.has(stack));
  while (pending.length > 0) {
    for (const upstream of state.hasher.readsFrom(pending.pop()!, state.all)) {
      if (!found.has(upstream)) {
        found.add(upstream);
        pending.push(upstream);
      }
    }
  }
  return found;
}

/** Plans `stacks` of this side that it has and has not planned yet, and reads back the plan files. */
async function planOn(state: SideState, stacks: readonly string[], label: string): Promise<void> {
  const todo = stacks.filter((stack) => state.all.has(stack) && !state.planned.has(stack));
  if (todo.length === 0) {
    return;
  }
  await state.side.plan(todo, label, state.revision);
  for (const stack of todo) {
    const file = path.join(state.side.outDir, planFileName(stack));
    state.planned.set(stack, JSON.parse(readFileSync(file, "utf8")) as PlanFile);
  }
}

/** `read` planned on one side only, or on both with other outputs among those `reader` reads. */
function outputsDiffer(base: SideState, head: SideState, reader: string, read: string): boolean {
  const before = base.planned.get(read);
  const after = head.planned.get(read);
  if (before === undefined || after === undefined) {
    return before !== after;
  }
  return readOutputsHash(reader, read, before.outputs) !== readOutputsHash(reader, read, after.outputs);
}

function inDeploymentOrder(stacks: readonly string[]): string[] {
  const rank = (stack: string): number => STEP_RANK[deploymentStepOf(stack) ?? "global"] ?? 4;
  return [...new Set(stacks)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
