/** Runs the `cells` CLI the way a user does: a child process through the package's tsx, in a given directory. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "../..");
const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const MAIN = path.join(PROJECT_ROOT, "cli", "main.ts");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCells(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(TSX, [MAIN, ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    encoding: "utf8",
    env: { ...process.env, ...options.env, NO_COLOR: "1" },
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
