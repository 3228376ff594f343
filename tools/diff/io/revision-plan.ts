/**
 * Planning a git revision with its own code: a temporary worktree of the base ref (removed afterwards, even on
 * failure) that borrows the project's node_modules, running that revision's `cells plan`. The working tree is
 * planned the same way, in place. Both run as child processes so each gets a fresh Pulumi runtime.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { DiffInputError } from "./inputs";

const run = promisify(execFile);
const MAX_OUTPUT = 64 * 1024 * 1024;
/** `cells plan`'s exit code when every plan file is written and some stack has mandatory policy findings. */
const PLANNED_WITH_FINDINGS = 1;

export interface PlanRequest {
  /** Folder passed to `cells plan --cells-dir`, relative to the revision's project root. */
  cellsDir: string;
  /** Where the plan files go. */
  outDir: string;
  /** Plan only these stacks (`cells plan --stacks`), keeping the other plan files in `outDir`. */
  stacks?: string[];
}

export interface ResolvedRef {
  ref: string;
  commit: string;
}

function tsxOf(projectDir: string): string {
  return path.join(projectDir, "node_modules", ".bin", "tsx");
}

/** Where the `cells` entry point lives: tools/cli/ today, cli/ in revisions before the layout of layers. */
const CLI_ENTRIES = ["tools/cli/main.ts", "cli/main.ts"];

function cliEntryOf(projectDir: string): string | undefined {
  return CLI_ENTRIES.find((entry) => existsSync(path.join(projectDir, entry)));
}

/** Fails with a clear message when the revision at `projectDir` predates `cells plan`. */
export async function assertPlanCommand(projectDir: string, label: string): Promise<void> {
  const entry = cliEntryOf(projectDir);
  if (entry === undefined || !(await hasPlanCommand(tsxOf(projectDir), projectDir, entry))) {
    throw new DiffInputError(
      `${label} has no \`cells plan\` command (tools/cli/main.ts plan), so it cannot be planned offline; ` +
        "compare saved plan folders with --base-plans/--head-plans instead",
    );
  }
}

/**
 * Runs `cells plan` of the project at `projectDir` with that project's own code and dependencies. Its progress
 * lines (`cells plan: 3/8 stacks planned`) go to `onProgress` as they come.
 */
export async function planProject(
  projectDir: string,
  request: PlanRequest,
  label: string,
  onProgress: (line: string) => void = () => undefined,
): Promise<void> {
  const tsx = tsxOf(projectDir);
  const entry = cliEntryOf(projectDir) ?? CLI_ENTRIES[0];
  const args = [entry, "plan", "--out", request.outDir, "--cells-dir", request.cellsDir];
  if (request.stacks !== undefined) {
    args.push("--stacks", ...request.stacks);
  }
  try {
    const planning = run(tsx, args, { cwd: projectDir, maxBuffer: MAX_OUTPUT });
    forwardProgress(planning.child.stderr, onProgress);
    await planning;
  } catch (error) {
    // Exit 1: planned, with mandatory policy findings recorded in the plan files; the diff shows them as risks.
    if (plannedWithFindings(error)) {
      return;
    }
    throw new DiffInputError(
      `planning ${label} failed (\`cells plan --cells-dir ${request.cellsDir}\`):\n` +
        lastLines(errorOutput(error), 20),
    );
  }
}

function forwardProgress(stream: NodeJS.ReadableStream | null, onProgress: (line: string) => void): void {
  let pending = "";
  stream?.on("data", (chunk: Buffer | string) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    lines.filter((line) => /^cells plan: \d+\/\d+ /.test(line)).forEach(onProgress);
  });
}

/**
 * Whether the revision's `cells plan` plans some stacks only (`--stacks`, with input fingerprints). Read from its
 * source first (no process to start); when the option is not found there, asked of its `cells plan --help`.
 */
export async function planHasStacksOption(projectDir: string): Promise<boolean> {
  const entry = cliEntryOf(projectDir);
  if (entry === undefined) {
    return false;
  }
  const source = path.join(projectDir, path.dirname(entry), "commands", "plan.ts");
  if (existsSync(source) && readFileSync(source, "utf8").includes('"--stacks <names...>"')) {
    return true;
  }
  try {
    const { stdout } = await run(tsxOf(projectDir), [entry, "plan", "--help"], {
      cwd: projectDir,
      maxBuffer: MAX_OUTPUT,
    });
    return /--stacks\b/.test(stdout);
  } catch {
    return false;
  }
}

async function hasPlanCommand(tsx: string, projectDir: string, entry: string): Promise<boolean> {
  try {
    const { stdout } = await run(tsx, [entry, "--help"], { cwd: projectDir, maxBuffer: MAX_OUTPUT });
    return /^\s+plan\b/m.test(stdout);
  } catch {
    return false;
  }
}

/** Runs both sides concurrently; waits for both (no orphaned child process) and reports the first failure. */
export async function bothSettled(base: () => Promise<void>, head: () => Promise<void>): Promise<void> {
  const results = await Promise.allSettled([base(), head()]);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure !== undefined) {
    throw failure.reason;
  }
}

export async function resolveRef(repoDir: string, ref: string): Promise<ResolvedRef> {
  try {
    const { stdout } = await run("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: repoDir });
    return { ref, commit: stdout.trim() };
  } catch {
    throw new DiffInputError(
      `--base ${ref}: not a commit in this repository; fetch it first ` +
        "(for a pull request: git fetch origin <base branch>) or give another ref",
    );
  }
}

/**
 * Runs `work` on a temporary worktree of `resolved`, removed afterwards even on failure. `projectDir` is the
 * project root inside the working tree (it may sit below the repository root); `work` gets the same relative
 * folder inside the worktree, with the working tree's node_modules borrowed.
 */
export async function withBaseWorktree<T>(
  projectDir: string,
  resolved: ResolvedRef,
  work: (baseProjectDir: string) => Promise<T>,
): Promise<T> {
  const repoRoot = (await run("git", ["rev-parse", "--show-toplevel"], { cwd: projectDir })).stdout.trim();
  const projectInRepo = path.relative(repoRoot, path.resolve(projectDir));
  const scratch = mkdtempSync(path.join(os.tmpdir(), "cellplane-base-"));
  const worktree = path.join(scratch, "worktree");
  try {
    await run("git", ["worktree", "add", "--detach", worktree, resolved.commit], {
      cwd: repoRoot,
      maxBuffer: MAX_OUTPUT,
    });
    const baseProject = path.join(worktree, projectInRepo);
    borrowDependencies(path.resolve(projectDir), baseProject);
    return await work(baseProject);
  } finally {
    await run("git", ["worktree", "remove", "--force", worktree], { cwd: repoRoot }).catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
    await run("git", ["worktree", "prune"], { cwd: repoRoot }).catch(() => undefined);
  }
}

/** Symlinks the working tree's installed dependencies into the base worktree (root and the policy pack). */
function borrowDependencies(fromProject: string, toProject: string): void {
  for (const folder of [".", "policies"]) {
    const source = path.join(fromProject, folder, "node_modules");
    const target = path.join(toProject, folder, "node_modules");
    if (existsSync(source) && existsSync(path.join(toProject, folder)) && !existsSync(target)) {
      symlinkSync(source, target, "dir");
    }
  }
}

/** Exit 1 after `cells plan` said it wrote the plans with mandatory findings (not a crash, which exits 1 too). */
function plannedWithFindings(error: unknown): boolean {
  if (typeof error !== "object" || error === null) {
    return false;
  }
  const { code, stdout } = error as { code?: unknown; stdout?: unknown };
  return (
    code === PLANNED_WITH_FINDINGS && typeof stdout === "string" && /^\d+ mandatory policy violations?:/m.test(stdout)
  );
}

function errorOutput(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { stderr, stdout, message } = error as { stderr?: unknown; stdout?: unknown; message?: unknown };
    const text = [stderr, stdout]
      .filter((part): part is string => typeof part === "string" && part.trim() !== "")
      .join("\n");
    return text !== "" ? text : String(message);
  }
  return String(error);
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split("\n").slice(-count).join("\n");
}
