/**
 * Whether saved plans still describe the working tree: each plan's recorded input fingerprint (tools/lib/
 * fingerprint.ts) against the same inputs hashed now. A plan without a fingerprint predates it and is stale.
 */
import * as path from "node:path";
import { compareInputs, InputHasher, type InputFileChange } from "../lib/fingerprint";
import type { PlanFile } from "../lib/plan-file";

export interface StaleStack {
  stack: string;
  /** Input files changed, added or removed since the plan was made (empty when only the tool changed). */
  files: InputFileChange[];
  /** Set when the tool version differs. */
  tool?: { recorded: string; current: string };
  /** True when the plan records no fingerprint at all. */
  unfingerprinted?: boolean;
}

/** Every plan whose inputs differ from the working tree now; `onPlan` after each plan checked. */
export function staleStacks(
  plans: readonly PlanFile[],
  projectDir: string,
  toolVersion: string,
  onPlan: (stack: string) => void = () => undefined,
): StaleStack[] {
  const hashers = new Map<string, InputHasher>();
  const stale: StaleStack[] = [];
  // A plan records the outputs of the stacks it read: compared with those of the plans audited beside it.
  const outputs = new Map(plans.map((plan) => [plan.stack, plan.outputs]));
  const planned = new Set(outputs.keys());
  for (const plan of plans) {
    const recorded = plan.inputs;
    if (recorded === undefined) {
      stale.push({ stack: plan.stack, files: [], unfingerprinted: true });
      onPlan(plan.stack);
      continue;
    }
    const key = JSON.stringify(recorded.dirs);
    let hasher = hashers.get(key);
    if (hasher === undefined) {
      const at = (dir: string): string => path.resolve(projectDir, dir);
      hasher = new InputHasher(
        {
          projectDir,
          cellsDir: at(recorded.dirs.cells),
          stacksDir: at(recorded.dirs.stacks),
          packDir: at(recorded.dirs.pack),
        },
        toolVersion,
      );
      hashers.set(key, hasher);
    }
    const difference = compareInputs(recorded, hasher.fingerprint(plan.stack, outputs, planned));
    if (difference.files.length > 0 || difference.tool !== undefined) {
      stale.push({ stack: plan.stack, ...difference });
    }
    onPlan(plan.stack);
  }
  return stale;
}

/** One line per changed file with the stacks it concerns, e.g. `components/cell/cell-cache.ts changed (8 stacks)`. */
export function describeStaleness(stale: readonly StaleStack[], maxLines = 15): string[] {
  const byFile = new Map<string, string[]>();
  const add = (what: string, stack: string): void => {
    byFile.set(what, [...(byFile.get(what) ?? []), stack]);
  };
  for (const entry of stale) {
    if (entry.unfingerprinted === true) {
      add("no input fingerprint (planned by an older cellplane)", entry.stack);
    }
    if (entry.tool !== undefined) {
      add(`cellplane ${entry.tool.recorded} → ${entry.tool.current}`, entry.stack);
    }
    for (const file of entry.files) {
      add(`${file.file} ${file.change}`, entry.stack);
    }
  }
  const lines = [...byFile.entries()].map(([what, stacks]) => `${what} (${stackList(stacks)})`);
  return lines.length <= maxLines ? lines : [...lines.slice(0, maxLines), `… and ${lines.length - maxLines} more`];
}

function stackList(stacks: readonly string[]): string {
  return stacks.length <= 3 ? stacks.join(", ") : `${stacks.length} stacks: ${stacks.slice(0, 3).join(", ")}, …`;
}
