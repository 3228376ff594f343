/**
 * `cells plan --stacks <names…>` and `--changed-since <ref>`: which stacks this run plans (see
 * tools/plan/select-stacks.ts for the rounds and the reuse of plan files). `--all`, the default, plans every stack.
 */
import * as path from "node:path";
import { resolveRef, withBaseWorktree } from "../../diff/io/revision-plan";
import { DiffInputError } from "../../diff/io/inputs";
import { InputHasher, type InputDirs } from "../../lib/fingerprint";
import type { PlanFile } from "../../lib/plan-file";
import type { Selection } from "../../plan/plan-run";
import { changedStacks, checkStackNames, type IncrementalRun } from "../../plan/select-stacks";
import { UsageError } from "../errors";

export interface SelectionOptions {
  all?: boolean;
  stacks?: string[];
  changedSince?: string;
}

/** Reads the flags; `stacks` are the fleet's stacks in deployment order. */
export async function chooseSelection(
  options: SelectionOptions,
  stacks: readonly string[],
  dirs: InputDirs,
  toolVersion: string,
  hasher: InputHasher,
): Promise<Selection> {
  const given = [options.all === true, options.stacks !== undefined, options.changedSince !== undefined];
  if (given.filter(Boolean).length > 1) {
    throw new UsageError("cells plan: give at most one of --all, --stacks <names...> and --changed-since <ref>");
  }
  if (options.stacks !== undefined) {
    try {
      checkStackNames(options.stacks, stacks);
    } catch (error) {
      throw new UsageError(`cells plan ${error instanceof Error ? error.message : String(error)}`);
    }
    return { kind: "some", requested: [...new Set(options.stacks)], reason: "named with --stacks" };
  }
  if (options.changedSince !== undefined) {
    const requested = await stacksChangedSince(options.changedSince, stacks, dirs, toolVersion, hasher);
    return { kind: "some", requested, reason: `inputs changed since ${options.changedSince}` };
  }
  return { kind: "all" };
}

/** The stacks whose own input fingerprint differs from the one of the same files at `ref` (or that are new). */
async function stacksChangedSince(
  ref: string,
  stacks: readonly string[],
  dirs: InputDirs,
  toolVersion: string,
  hasher: InputHasher,
): Promise<string[]> {
  try {
    const resolved = await resolveRef(dirs.projectDir, ref);
    return await withBaseWorktree(dirs.projectDir, resolved, (baseProject) => {
      const at = (dir: string): string => path.join(baseProject, path.relative(dirs.projectDir, dir));
      const before = new InputHasher(
        {
          projectDir: baseProject,
          cellsDir: at(dirs.cellsDir),
          stacksDir: at(dirs.stacksDir),
          packDir: at(dirs.packDir),
        },
        toolVersion,
      );
      return Promise.resolve(changedStacks(stacks, hasher, before));
    });
  } catch (error) {
    if (error instanceof DiffInputError) {
      throw new UsageError(error.message.replace(/^--base /, "--changed-since "));
    }
    throw error;
  }
}

/** The `incremental` section of `cells plan --json`. */
export function reuseRecord(
  planned: readonly PlanFile[],
  reuse: IncrementalRun,
): { planned: string[]; dependents: string[]; reused: string[]; staleReused: string[] } {
  return {
    planned: planned.map((plan) => plan.stack),
    dependents: reuse.dependents,
    reused: reuse.reused.map((plan) => plan.stack),
    staleReused: reuse.staleReused,
  };
}

/** What this run planned and what it kept, for the text output. */
export function renderReuse(planned: readonly PlanFile[], reuse: IncrementalRun, outDir: string): string {
  const total = planned.length + reuse.reused.length;
  const lines = [
    `Planned ${planned.length} of ${total} stacks: ${planned.map((plan) => plan.stack).join(", ") || "none"}` +
      (reuse.dependents.length > 0 ? ` (${reuse.dependents.join(", ")}: outputs they read changed)` : "") +
      ".",
    `Reused ${reuse.reused.length} plan files from ${outDir} as they were (inputs unchanged: fingerprint; ` +
      "their policy results are those recorded when they were planned).",
  ];
  if (reuse.staleReused.length > 0) {
    lines.push(
      `Kept ${reuse.staleReused.length} stale plan file(s) whose inputs changed: ${reuse.staleReused.join(", ")}; ` +
        `plan them too: cells plan --stacks ${reuse.staleReused.join(" ")} --out ${outDir}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
