/**
 * Runs a command as a whole process, as a user would, and measures it from outside: wall time and the peak
 * memory of its whole process tree (the CLI with its worker threads, and the policy pack it starts), sampled
 * from /proc every 100 ms, and the CPU seconds it used (GNU time's rusage, children included). CPU seconds depend far
 * less on what else the machine runs than wall time does. Linux only; elsewhere both are reported as unknown.
 */

const GNU_TIME = "/usr/bin/time";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface ProcessRun {
  code: number;
  seconds: number;
  /** Highest summed resident memory of the process and its descendants, in MiB; undefined when unknown. */
  peakMiB?: number;
  /** CPU seconds (user + system) of the process and the children it waited for; undefined without GNU time. */
  cpuSeconds?: number;
  stdout: string;
  stderr: string;
}

const SAMPLE_MS = 100;
const PAGE_BYTES = 4096;

/** Runs `command args` in `cwd` with `env` added to this process's environment. */
export function runProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<ProcessRun> {
  const timing = existsSync(GNU_TIME) ? mkdtempSync(path.join(tmpdir(), "cellplane-time-")) : undefined;
  const timeFile = timing && path.join(timing, "rusage");
  const [program, argv] = timeFile ? [GNU_TIME, ["-f", "%U %S", "-o", timeFile, command, ...args]] : [command, args];
  return new Promise<ProcessRun>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(program, argv, { cwd: options.cwd, env: { ...process.env, ...options.env } });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let peak: number | undefined;
    const sample = (): void => {
      const rss = child.pid === undefined ? undefined : treeRssBytes(child.pid);
      if (rss !== undefined) {
        peak = Math.max(peak ?? 0, rss);
      }
    };
    const timer = setInterval(sample, SAMPLE_MS);
    child.once("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearInterval(timer);
      resolve({
        code: code ?? 1,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakMiB: peak === undefined ? undefined : peak / 2 ** 20,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        cpuSeconds: timeFile ? cpuSecondsIn(timeFile) : undefined,
      });
    });
  }).finally(() => timing && rmSync(timing, { recursive: true, force: true }));
}

/** User + system seconds from GNU time's `%U %S` line (its last line: a killed child adds one before it). */
function cpuSecondsIn(file: string): number | undefined {
  try {
    const [user, system] = readFileSync(file, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
    return Number.isFinite(user) && Number.isFinite(system) ? user + system : undefined;
  } catch {
    return undefined;
  }
}

/** Summed resident memory of `root` and every process below it, from /proc; undefined off Linux. */
function treeRssBytes(root: number): number | undefined {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  const children = new Map<number, number[]>();
  for (const entry of entries) {
    const parent = parentOf(Number(entry));
    if (parent !== undefined) {
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    total += rssOf(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (2nd field) may hold spaces and parentheses: the fields after its last ')' are plain.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function rssOf(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, "utf8").split(" ")[1]) * PAGE_BYTES;
  } catch {
    return 0;
  }
}
