/**
 * Provenance printed on every report: which commits were compared or checked, whether the working tree held
 * uncommitted changes, the evaluation date (and whether `CELLPLANE_TODAY` set it), the tool and pack versions.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ENV, todayIso } from "../../policies/lib/settings";

export interface GitState {
  /** The checked-out commit, or undefined outside a git repository. */
  commit?: string;
  /** True only when tracked or untracked files under the folder differ from the commit. */
  uncommitted: boolean;
}

export interface EvaluationDate {
  /** YYYY-MM-DD, UTC. */
  date: string;
  /** Where it came from: the clock, or the environment variable that overrode it. */
  source: "clock" | typeof ENV.today;
}

/** The project this code belongs to (tools/lib → the root). */
export const TOOL_ROOT = path.resolve(__dirname, "..", "..");

export function gitState(dir: string): GitState {
  try {
    const commit = git(dir, ["rev-parse", "HEAD"]).trim();
    const status = git(dir, ["status", "--porcelain", "--untracked-files=normal", "--", "."]);
    return { commit, uncommitted: status.trim() !== "" };
  } catch {
    return { uncommitted: false };
  }
}

function git(dir: string, args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

/** `version` of a package.json, or "unknown". */
export function packageVersion(packageDir: string): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
    const version = typeof parsed === "object" && parsed !== null ? (parsed as { version?: unknown }).version : "";
    return typeof version === "string" && version !== "" ? version : "unknown";
  } catch {
    return "unknown";
  }
}

export function toolVersion(): string {
  return packageVersion(TOOL_ROOT);
}

export function evaluationDate(env: Readonly<Record<string, string | undefined>> = process.env): EvaluationDate {
  return { date: todayIso(env), source: env[ENV.today] === undefined ? "clock" : ENV.today };
}

/** `abc1234` or `abc1234 + uncommitted changes`. */
export function describeCommit(state: GitState): string {
  const commit = state.commit === undefined ? "not a git checkout" : state.commit.slice(0, 12);
  return state.uncommitted ? `${commit} + uncommitted changes` : commit;
}

/** `2026-12-01` or `2026-12-01 (set by CELLPLANE_TODAY)`. */
export function describeDate(date: EvaluationDate): string {
  return date.source === "clock" ? date.date : `${date.date} (set by ${date.source})`;
}
