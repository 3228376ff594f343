/**
 * Plan benchmark: `cells plan` (synthesis and the policy check) as a whole process on a generated fleet, with the
 * engine it ships with or with the baseline (`CELLPLANE_ENGINE=plain --workers 1`: one stack at a time, Pulumi's
 * stock settings, the pack after the whole fleet), and the AWS CDK synth of the same cell shape beside it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { GeneratedFleet } from "./generate-fleet";
import { runProcess, type ProcessRun } from "./processes";

export type Engine = "pool" | "plain";

export interface PlanRun {
  engine: Engine;
  stacks: number;
  /** Cloud resources planned (components and Pulumi's own resources left out), as the final progress line says. */
  resources: number;
  seconds: number;
  resourcesPerSecond: number;
  peakMiB?: number;
  /** CPU seconds of the whole process tree, when measured. */
  cpuSeconds?: number;
}

export interface CdkRun {
  stacks: number;
  /** CloudFormation resources across the templates. */
  resources: number;
  seconds: number;
  peakMiB?: number;
  cpuSeconds?: number;
  /**
   * `tsc --noEmit` of the CDK app (tools/bench/cdk/tsconfig.json), timed on its own: the type-check a `cdk synth`
   * runs first when its `cdk.json` is the one `cdk init app --language typescript` writes (`npx tsc && node ...`).
   */
  typeCheck: { seconds: number; cpuSeconds?: number };
}

export const PROJECT_DIR = path.resolve(__dirname, "..", "..");
const CLI = path.join(PROJECT_DIR, "tools", "cli", "main.ts");
export const CDK_SYNTH = path.join(PROJECT_DIR, "tools", "bench", "cdk", "synth.ts");
/** `cells plan` exit codes that still wrote plans: 0, and 1 for blocking policy findings. */
const PLANNED_EXIT_CODES = [0, 1];

/** Both commands run the same way: node with tsx's loader (what `npx tsx` does, without npx's own start-up). */
function typescript(nodeFlags: string[], script: string, args: string[]): [string, string[]] {
  return [process.execPath, [...nodeFlags, "--import", "tsx", script, ...args]];
}

/** `cells plan` of `fleet` into `outDir` with `engine`; `nodeFlags` go to node (a CPU profile, say). */
export async function runCellsPlan(
  fleet: GeneratedFleet,
  engine: Engine,
  outDir: string,
  nodeFlags: string[] = [],
): Promise<PlanRun> {
  const args = ["plan", "--cells-dir", fleet.cellsDir, "--stacks-dir", fleet.stacksDir, "--out", outDir];
  const [command, argv] = typescript(nodeFlags, CLI, engine === "plain" ? [...args, "--workers", "1"] : args);
  const env: Record<string, string> = engine === "plain" ? { CELLPLANE_ENGINE: "plain" } : {};
  const run = await runProcess(command, argv, { cwd: PROJECT_DIR, env });
  if (!PLANNED_EXIT_CODES.includes(run.code)) {
    throw new Error(`cells plan (${engine}) exited ${run.code}:\n${tail(run)}`);
  }
  const final = /^cells plan: (\d+) stacks, (\d+) resources planned/m.exec(run.stderr);
  if (!final) {
    throw new Error(`cells plan (${engine}) printed no final progress line:\n${tail(run)}`);
  }
  const resources = Number(final[2]);
  return {
    engine,
    stacks: Number(final[1]),
    resources,
    seconds: run.seconds,
    resourcesPerSecond: resources / run.seconds,
    peakMiB: run.peakMiB,
    cpuSeconds: run.cpuSeconds,
  };
}

/** The CDK synth of the same fleet, or undefined while tools/bench/cdk/synth.ts does not exist. */
export async function runCdkSynth(fleet: GeneratedFleet): Promise<CdkRun | undefined> {
  if (!existsSync(CDK_SYNTH)) {
    return undefined;
  }
  const outDir = mkdtempSync(path.join(tmpdir(), "cellplane-cdk-out-"));
  try {
    const tsc = path.join(PROJECT_DIR, "node_modules", "typescript", "bin", "tsc");
    const tsconfig = path.join(path.dirname(CDK_SYNTH), "tsconfig.json");
    const typeCheck = await runProcess(process.execPath, [tsc, "-p", tsconfig], { cwd: PROJECT_DIR });
    if (typeCheck.code !== 0) {
      throw new Error(`tsc of the CDK app exited ${typeCheck.code}:\n${tail(typeCheck)}`);
    }
    const run = await runProcess(...typescript([], CDK_SYNTH, [fleet.cellsDir, outDir]), { cwd: PROJECT_DIR });
    const line = run.stdout.trim().split("\n").pop() ?? "";
    const counts = run.code === 0 ? (JSON.parse(line) as { stacks?: unknown; resources?: unknown }) : {};
    if (typeof counts.stacks !== "number" || typeof counts.resources !== "number") {
      throw new Error(`CDK synth exited ${run.code} without its {"stacks","resources"} line:\n${tail(run)}`);
    }
    const { seconds, peakMiB, cpuSeconds } = run;
    return {
      stacks: counts.stacks,
      resources: counts.resources,
      seconds,
      peakMiB,
      cpuSeconds,
      typeCheck: { seconds: typeCheck.seconds, cpuSeconds: typeCheck.cpuSeconds },
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** The fastest of several runs of the same work (the one least slowed by whatever else the machine ran). */
export function fastest<T extends { seconds: number }>(runs: readonly T[]): T {
  return runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
}

/** Whether two plan folders hold the same files with the same bytes; the first difference otherwise. */
export function comparePlanDirs(a: string, b: string): { identical: boolean; files: number; difference?: string } {
  const files = readdirSync(a).sort();
  const other = readdirSync(b).sort();
  if (files.join("\n") !== other.join("\n")) {
    return { identical: false, files: files.length, difference: "different plan files" };
  }
  const differing = files.find((file) => !readFileSync(path.join(a, file)).equals(readFileSync(path.join(b, file))));
  return { identical: differing === undefined, files: files.length, difference: differing };
}

function tail(run: ProcessRun): string {
  return `${run.stdout}\n${run.stderr}`.trim().split("\n").slice(-15).join("\n");
}
