/** Runs the `cells` CLI the way a user does: a child process through the package's tsx, in a given directory. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cells <args>`. With `project`, the CLI of that project copy runs (its own code, in its folder); otherwise
 * this project's CLI runs in `cwd`.
 */
export function runCells(
  args: string[],
  options: { cwd?: string; project?: string; env?: Record<string, string> } = {},
): CliResult {
  const main = path.join(options.project ?? PROJECT_ROOT, "tools", "cli", "main.ts");
  const result = spawnSync(TSX, [main, ...args], {
    cwd: options.cwd ?? options.project ?? PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...options.env, NO_COLOR: "1" },
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** stderr without the progress lines `cells plan` writes there, the final one included (stdout stays the report). */
export function withoutProgress(stderr: string): string {
  return stderr
    .replace(/^cells plan: \d+\/\d+ stacks .*\n/gm, "")
    .replace(/^cells plan: \d+ stacks, .* resources\/s\)\n/gm, "");
}
