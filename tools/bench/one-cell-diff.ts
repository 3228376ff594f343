/**
 * The pull request that edits one cell file, at fleet scale: a throwaway git repository holding this project with
 * a generated fleet of N cells (a commit), then one cell file edited (a second commit). In the same run it times a
 * full `cells plan` of the head and `cells diff --base HEAD~1`, both through the CLI as a user runs them (child
 * processes, policy pack included), and reports the ratio. The target: at most 0.3× at 100 cells.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { copyProjectFiles } from "../lib/project-copy";
import { generateFleet } from "./generate-fleet";

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export interface OneCellDiffBenchResult {
  cells: number;
  /** Stacks of the fleet. */
  stacks: number;
  /** `cells plan` of the whole head revision. */
  fullPlanSeconds: number;
  /** `cells diff --base HEAD~1` after one cell file changed (both revisions planned in one process). */
  diffSeconds: number;
  /** diffSeconds / fullPlanSeconds. */
  ratio: number;
  /** The same diff with each revision planned in a process of its own (`CELLPLANE_DIFF_PLAN=processes`). */
  processesSeconds: number;
  /** Stacks the diff skipped as unchanged (from its JSON report). */
  skipped: number;
}

export function benchOneCellDiff(cellCount = 100): OneCellDiffBenchResult {
  const repo = mkdtempSync(path.join(tmpdir(), "cellplane-one-cell-diff-"));
  try {
    const cellIds = makeRepository(repo, cellCount);
    appendFileSync(path.join(repo, "cells", `${cellIds[0]}.yaml`), "tags:\n  review: one-cell-change\n");
    git(repo, "commit", "-q", "-a", "-m", "edit one cell");
    const fullPlanSeconds = timeCells(repo, ["plan", "--out", path.join(repo, ".cellplane", "plan")]);
    const json = path.join(repo, ".cellplane", "diff.json");
    const diffArgs = ["diff", "--base", "HEAD~1", "--out", `${json}.md`, "--json-out", json];
    const processesSeconds = timeCells(repo, diffArgs, { CELLPLANE_DIFF_PLAN: "processes" });
    const diffSeconds = timeCells(repo, diffArgs);
    const report = JSON.parse(readFileSync(json, "utf8")) as { stacks: unknown[]; skipped?: { stacks: string[] } };
    return {
      cells: cellCount,
      stacks: report.stacks.length,
      fullPlanSeconds,
      diffSeconds,
      ratio: diffSeconds / fullPlanSeconds,
      processesSeconds,
      skipped: report.skipped?.stacks.length ?? 0,
    };
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
}

/** This project's files (tracked and untracked, not ignored) with the generated fleet, committed; the cell ids. */
function makeRepository(repo: string, cellCount: number): string[] {
  copyProjectFiles(PROJECT_DIR, repo, (file) => !/^(cells|stacks)\//.test(file));
  const fleet = generateFleet(cellCount);
  try {
    cpSync(fleet.cellsDir, path.join(repo, "cells"), { recursive: true });
    cpSync(fleet.stacksDir, path.join(repo, "stacks"), { recursive: true });
  } finally {
    rmSync(fleet.root, { recursive: true, force: true });
  }
  git(repo, "init", "-q", "-b", "main");
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", `generated fleet of ${cellCount} cells`);
  return fleet.cellIds;
}

function git(repo: string, ...args: string[]): void {
  execFileSync("git", ["-c", "user.name=cellplane bench", "-c", "user.email=bench@cellplane.invalid", ...args], {
    cwd: repo,
  });
}

/** Wall time of one `cells` command in `repo`; fails on a non-zero exit (a benchmark of a failure means nothing). */
function timeCells(repo: string, args: string[], env: Record<string, string> = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(path.join(repo, "node_modules", ".bin", "tsx"), ["tools/cli/main.ts", ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`cells ${args.join(" ")} exited ${result.status}:\n${result.stderr.slice(-4000)}`);
  }
  return seconds;
}
