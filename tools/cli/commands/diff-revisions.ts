/**
 * `cells diff --base <ref>`: planning the base revision and the working tree into two plan folders. Each revision is
 * planned with its own code. When the two share their code (the base differs in fleet data only: cell files, fleet
 * defaults, tenants, stack files) and this process runs the working tree's code, both are planned here, with one
 * policy pack, from a copy of the project holding the base's data (diff/io/base-data.ts, one-process-plan.ts).
 * Otherwise each revision runs its own `cells plan` in a process of its own, the base in a temporary worktree.
 * Either way only the stacks whose inputs differ are planned, with what they read (diff/io/changed-stacks.ts),
 * unless the base's `cells plan` cannot plan some stacks only; then both revisions are planned whole.
 *
 * `CELLPLANE_DIFF_PLAN=processes` plans in separate processes whatever changed (the equivalence test compares).
 */
import { existsSync, realpathSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { changedOutside, pathsChangedSince, withBaseData } from "../../diff/io/base-data";
import { planChangedStacks, type ChangedStacksResult, type DiffSide } from "../../diff/io/changed-stacks";
import { DiffInputError } from "../../diff/io/inputs";
import { OneProcessPlanner } from "../../diff/io/one-process-plan";
import {
  assertPlanCommand,
  bothSettled,
  planHasStacksOption,
  planProject,
  withBaseWorktree,
  type ResolvedRef,
} from "../../diff/io/revision-plan";
import { readSecureConfig } from "../../diff/io/secure-config";
import type { SecureConfig } from "../../diff/secret-config";
import { TOOL_ROOT } from "../../lib/provenance";
import { exitCodes, failureOutcome } from "../errors";

export interface RevisionPlans {
  /** What was not planned, when only the stacks that differ were. */
  skipped?: ChangedStacksResult;
  /** The base's secret configuration (ciphertexts), compared by name with the working tree's. */
  baseSecrets: SecureConfig;
}

export interface RevisionPlanRequest {
  projectDir: string;
  ref: string;
  resolved: ResolvedRef;
  cellsDir: string;
  baseDir: string;
  headDir: string;
}

const STACKS_DIR = "stacks";
const PACK_DIR = "policies";

export async function planRevisions(request: RevisionPlanRequest): Promise<RevisionPlans> {
  const mode = await chooseMode(request);
  process.stderr.write(`cells diff: ${mode.why}\n`);
  return mode.dataDirs === undefined ? planInProcesses(request) : planInThisProcess(request, mode.dataDirs);
}

/** How the revisions are planned: here when they share their code (`dataDirs` set), else each in its own process. */
interface PlanningMode {
  dataDirs?: string[];
  why: string;
}

async function chooseMode(request: RevisionPlanRequest): Promise<PlanningMode> {
  const { projectDir } = request;
  const separately = "each revision planned with its own code, in a process of its own";
  if (process.env.CELLPLANE_DIFF_PLAN === "processes") {
    return { why: `${separately} (CELLPLANE_DIFF_PLAN=processes)` };
  }
  if (!samePath(TOOL_ROOT, projectDir)) {
    return { why: `${separately} (this cells command is not the working tree's own)` };
  }
  const dataDirs = [request.cellsDir, STACKS_DIR].map((dir) =>
    path.relative(projectDir, path.resolve(projectDir, dir)),
  );
  if (dataDirs.some((dir) => dir === "" || dir.startsWith("..") || path.isAbsolute(dir))) {
    return { why: `${separately} (--cells-dir ${request.cellsDir} is not a folder inside the project)` };
  }
  const outside = changedOutside(await pathsChangedSince(projectDir, request.resolved.commit), dataDirs);
  const folders = dataDirs.map((dir) => `${dir}/`).join(" and ");
  if (outside.length > 0) {
    const some = outside.slice(0, 3).join(", ") + (outside.length > 3 ? ` and ${outside.length - 3} more` : "");
    return { why: `${separately}: files outside ${folders} differ (${some})` };
  }
  return { dataDirs, why: `the revisions differ in ${folders} only: both planned in this process, with one pack` };
}

async function planInThisProcess(request: RevisionPlanRequest, dataDirs: string[]): Promise<RevisionPlans> {
  const { projectDir, cellsDir } = request;
  const planner = new OneProcessPlanner({ packDir: path.join(projectDir, PACK_DIR), workers: defaultWorkers() });
  // First of all: the pack takes seconds to start, and starts while the revisions are read and planned.
  planner.startPack(path.resolve(projectDir, cellsDir));
  try {
    return await withBaseData(projectDir, request.resolved, dataDirs, async (baseProject) => {
      // A base with other cell ids (which the policies read) needs a pack of its own (else this is the same one).
      planner.startPack(path.resolve(baseProject, cellsDir));
      const side = (project: string, outDir: string, label: string): DiffSide => ({
        projectDir: project,
        outDir,
        plan: (stacks, phase, revision) =>
          planner.plan(revision, stacks, outDir, phase).catch((error: unknown) => explainFailure(error, label)),
      });
      const skipped = await planChangedStacks(
        side(baseProject, request.baseDir, baseLabel(request)),
        side(projectDir, request.headDir, "the working tree"),
        cellsDir,
      );
      // A revision whose fleet this code cannot read: its own `cells plan` says why, as in separate processes.
      if (skipped === undefined) {
        await planWhole(baseProject, request);
      }
      return { skipped, baseSecrets: readSecureConfig(baseProject) };
    });
  } finally {
    await planner.close();
  }
}

async function planInProcesses(request: RevisionPlanRequest): Promise<RevisionPlans> {
  const { projectDir, cellsDir } = request;
  return withBaseWorktree(projectDir, request.resolved, async (baseProject) => {
    let incremental = false;
    await bothSettled(
      async () => {
        incremental = await planHasStacksOption(baseProject);
        if (!incremental) {
          await assertPlanCommand(baseProject, baseLabel(request));
        }
      },
      // The working tree's CLI is this one when it runs from there: no need to ask it.
      () => (samePath(TOOL_ROOT, projectDir) ? Promise.resolve() : assertPlanCommand(projectDir, "the working tree")),
    );
    const side = (project: string, outDir: string, label: string): DiffSide => ({
      projectDir: project,
      outDir,
      plan: (stacks, phase) => planProject(project, { cellsDir, outDir, stacks }, label, progress(phase)),
    });
    const skipped = incremental
      ? await planChangedStacks(
          side(baseProject, request.baseDir, baseLabel(request)),
          side(projectDir, request.headDir, "the working tree"),
          cellsDir,
        )
      : undefined;
    if (skipped === undefined) {
      await planWhole(baseProject, request);
    }
    return { skipped, baseSecrets: readSecureConfig(baseProject) };
  });
}

/** Both revisions planned whole, each by its own `cells plan`. */
function planWhole(baseProject: string, request: RevisionPlanRequest): Promise<void> {
  const { cellsDir } = request;
  return bothSettled(
    () => planProject(baseProject, { cellsDir, outDir: request.baseDir }, baseLabel(request), progress("base")),
    () => planProject(request.projectDir, { cellsDir, outDir: request.headDir }, "the working tree", progress("head")),
  );
}

function progress(side: string): (line: string) => void {
  return (line) => process.stderr.write(`cells diff: ${side} ${line.replace(/^cells plan: /, "")}\n`);
}

function baseLabel(request: RevisionPlanRequest): string {
  return `base revision ${request.ref} (${request.resolved.commit.slice(0, 7)})`;
}

/** A revision's input problems are the user's (exit 2, named as `cells plan` would); anything else is ours. */
function explainFailure(error: unknown, label: string): never {
  const outcome = failureOutcome(error);
  if (outcome.code === exitCodes.badInput) {
    throw new DiffInputError(`planning ${label} failed:\n${outcome.message}`);
  }
  throw error;
}

/** One worker per core, as `cells plan` (a run plans in worker threads only when it has many stacks). */
function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

export function samePath(a: string, b: string): boolean {
  const real = (file: string): string => (existsSync(file) ? realpathSync(file) : path.resolve(file));
  return real(a) === real(b);
}
