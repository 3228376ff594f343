/**
 * `npm run bench`: every benchmark in one run, so ratios are measured on the same machine under the same load.
 * Never part of the tests: timings are printed (a table) and written (JSON), not asserted.
 *
 *   npm run bench                                # every row: plan at 6, 10, 50 and 200 cells, CDK, diff, ...
 *   npm run bench -- --sizes 6,50                # plan rows at these fleet sizes only
 *   npm run bench -- plan cdk                    # only these suites (plan, cdk, diff, analyze, placement)
 *   npm run bench -- --no-baseline               # skip the one-stack-at-a-time baseline runs
 *   npm run bench -- --json out.json             # where the JSON goes (default .cellplane/bench.json)
 *   npm run bench -- --profile [--profile-cells 20] [--plain]
 *                                                # CPU profile of one generated-fleet plan and its top frames
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { benchAnalyze } from "./analyze";
import { benchDiff, benchOneCellDiff } from "./diff";
import { generateFleet, type GeneratedFleet } from "./generate-fleet";
import { benchPlacement } from "./placement";
import {
  comparePlanDirs,
  fastest,
  PROJECT_DIR,
  runCdkSynth,
  runCellsPlan,
  type CdkRun,
  type Engine,
  type PlanRun,
} from "./plan";
import { readProfiles, renderProfile } from "./profile";
import { renderTable, type Row } from "./table";

const SUITES = ["plan", "cdk", "diff", "analyze", "placement"] as const;
/** The one-cell pull request of issue 13: 100 cells, one cell file edited. */
const ONE_CELL_DIFF_CELLS = 100;
type Suite = (typeof SUITES)[number];
const CDK_CELLS = 50;

interface BenchOptions {
  suites: Suite[];
  sizes: number[];
  baseline: boolean;
  /** Runs of each measurement, alternating; the fastest counts. */
  repeat: number;
}

/** A generated fleet for the duration of `work`, with a scratch folder for plan output. */
async function withFleet<T>(cells: number, work: (fleet: GeneratedFleet, scratch: string) => Promise<T>): Promise<T> {
  const fleet = generateFleet(cells);
  try {
    return await work(fleet, fleet.root);
  } finally {
    rmSync(fleet.root, { recursive: true, force: true });
  }
}

const mib = (value?: number): string => (value === undefined ? "?" : `${Math.round(value)} MiB`);

async function planRows(options: BenchOptions, record: Record<string, unknown>): Promise<Row[]> {
  const rows: Row[] = [];
  const perCell = new Map<number, number>();
  for (const cells of options.sizes) {
    await withFleet(cells, async (fleet, scratch) => {
      // Repeated runs alternate between the engines, so a burst of load elsewhere slows both alike.
      const pools: PlanRun[] = [];
      const plains: PlanRun[] = [];
      const cdks: CdkRun[] = [];
      for (let round = 0; round < options.repeat; round++) {
        pools.push(await runCellsPlan(fleet, "pool", path.join(scratch, `plan-pool-${round}`)));
        if (cells === CDK_CELLS && options.suites.includes("cdk")) {
          const cdk = await runCdkSynth(fleet);
          if (cdk) cdks.push(cdk);
        }
        if (options.baseline) {
          plains.push(await runCellsPlan(fleet, "plain", path.join(scratch, `plan-plain-${round}`)));
        }
      }
      const pool = fastest(pools);
      perCell.set(cells, pool.seconds / cells);
      const row: Row = {
        work: `cells plan + policy check, ${cells} generated cells`,
        size: `${pool.stacks} stacks, ${pool.resources} resources`,
        seconds: pool.seconds,
        cpu: pool.cpuSeconds,
        rate: `${Math.round(pool.resourcesPerSecond)} resources/s`,
        memory: mib(pool.peakMiB),
      };
      const entry: Record<string, unknown> = { cells, pool, runs: { pool: pools, plain: plains, cdk: cdks } };
      if (options.baseline) {
        const plain = fastest(plains);
        const same = comparePlanDirs(path.join(scratch, "plan-pool-0"), path.join(scratch, "plan-plain-0"));
        const cpu = plain.cpuSeconds === undefined ? "" : `, ${plain.cpuSeconds.toFixed(1)} s CPU`;
        const rate = `${Math.round(plain.resourcesPerSecond)} resources/s`;
        row.baseline = `${plain.seconds.toFixed(1)} s${cpu}, ${rate}, ${mib(plain.peakMiB)}`;
        row.note =
          `${(plain.seconds / pool.seconds).toFixed(2)}x faster than the baseline; plan files ` +
          (same.identical ? `byte-identical (${same.files})` : `DIFFER (${same.difference ?? "?"})`);
        Object.assign(entry, { plain, identical: same.identical, speedup: plain.seconds / pool.seconds });
      }
      rows.push(row);
      (record.plan as unknown[]).push(entry);
      if (cells === CDK_CELLS && options.suites.includes("cdk")) {
        rows.push(...cdkBeside(fleet, pool, cdks.length > 0 ? fastest(cdks) : undefined, record));
      }
    });
  }
  const small = Math.min(...perCell.keys());
  const large = Math.max(...perCell.keys());
  if (perCell.size > 1) {
    const ratio = perCell.get(large)! / perCell.get(small)!;
    record.perCellRatio = { small, large, ratio };
    rows.push({
      work: `cost per cell, ${large} vs ${small} cells`,
      size: "",
      seconds: perCell.get(large)!,
      rate: `${(ratio * 100).toFixed(0)} % of the ${small}-cell cost per cell`,
    });
  }
  return rows;
}

/** The CDK synth of `fleet` beside the `cells plan` run just made on it. */
function cdkBeside(
  fleet: GeneratedFleet,
  pool: PlanRun,
  cdk: CdkRun | undefined,
  record: Record<string, unknown>,
): Row[] {
  if (!cdk) {
    record.cdk = null;
    return [{ work: "CDK baseline: not available (tools/bench/cdk/synth.ts missing)", size: "", seconds: NaN }];
  }
  const withTypeCheck = cdk.seconds + cdk.typeCheck.seconds;
  const withTypeCheckCpu =
    cdk.cpuSeconds === undefined || cdk.typeCheck.cpuSeconds === undefined
      ? undefined
      : cdk.cpuSeconds + cdk.typeCheck.cpuSeconds;
  record.cdk = {
    cells: fleet.cellIds.length,
    cdk,
    pool,
    timeRatio: pool.seconds / cdk.seconds,
    timeRatioWithTypeCheck: pool.seconds / withTypeCheck,
  };
  const versus = (seconds: number): string =>
    `cells plan + policy check of the same fleet: ${pool.seconds.toFixed(2)} s, ` +
    `${(pool.seconds / seconds).toFixed(2)}x this time (below 1: faster than CDK)`;
  return [
    {
      work: `CDK synth (aws-cdk-lib), ${fleet.cellIds.length} generated cells, app run by tsx (no type-check)`,
      size: `${cdk.stacks} stacks, ${cdk.resources} CloudFormation resources`,
      seconds: cdk.seconds,
      cpu: cdk.cpuSeconds,
      rate: `${Math.round(cdk.resources / cdk.seconds)} resources/s`,
      memory: mib(cdk.peakMiB),
      note: versus(cdk.seconds),
    },
    {
      work: `CDK synth as cdk init configures it (tsc, then the app), ${fleet.cellIds.length} generated cells`,
      size: `type-check ${cdk.typeCheck.seconds.toFixed(1)} s + synth`,
      seconds: withTypeCheck,
      cpu: withTypeCheckCpu,
      rate: `${Math.round(cdk.resources / withTypeCheck)} resources/s`,
      note: versus(withTypeCheck),
    },
  ];
}

async function cdkRows(record: Record<string, unknown>): Promise<Row[]> {
  if (record.cdk !== undefined) {
    return [];
  }
  return withFleet(CDK_CELLS, async (fleet, scratch) => {
    const pool = await runCellsPlan(fleet, "pool", path.join(scratch, "plan-pool"));
    return cdkBeside(fleet, pool, await runCdkSynth(fleet), record);
  });
}

async function diffRows(record: Record<string, unknown>): Promise<Row[]> {
  const result = await Promise.resolve(benchDiff());
  process.stderr.write(`bench: a one-cell pull request at ${ONE_CELL_DIFF_CELLS} cells (cells diff --base HEAD~1)\n`);
  const oneCell = benchOneCellDiff(ONE_CELL_DIFF_CELLS);
  record.diff = { ...result, oneCell };
  return [
    {
      work: "diff of two plan sets in memory (tools/bench/diff.ts)",
      size: `${result.stacks} stacks, ${result.resources} resources`,
      seconds: result.seconds,
    },
    {
      work: "cells plan, whole fleet (process)",
      size: `${oneCell.cells} cells, ${oneCell.stacks} stacks`,
      seconds: oneCell.fullPlanSeconds,
    },
    {
      work: "cells diff --base HEAD~1, one cell file edited (process)",
      size: `${oneCell.cells} cells, ${oneCell.skipped} of ${oneCell.stacks} stacks skipped as unchanged`,
      seconds: oneCell.diffSeconds,
      rate: `${oneCell.ratio.toFixed(2)}x the full plan`,
      note: "both revisions planned in one process (they differ in cells/ only)",
    },
    {
      work: "the same diff, each revision in a process of its own (CELLPLANE_DIFF_PLAN=processes)",
      size: `${oneCell.cells} cells`,
      seconds: oneCell.processesSeconds,
      rate: `${(oneCell.processesSeconds / oneCell.fullPlanSeconds).toFixed(2)}x the full plan`,
      note: "what a diff costs when the revisions' code differs",
    },
  ];
}

async function analyzeRows(record: Record<string, unknown>): Promise<Row[]> {
  const result = await benchAnalyze();
  record.analyze = result;
  return [
    {
      work: "policy pack over gRPC (AnalyzeStack)",
      size: `${result.stacks} stacks, ${result.resources} resources`,
      seconds: result.seconds,
      rate: `${result.perSecond.toFixed(0)} analyzed resources/s`,
      note:
        `pack start-up ${result.startSeconds.toFixed(1)} s ` +
        `(${result.typeCheckReused ? "type-check passed before, not repeated" : "with its ts-node type-check"}), ` +
        "paid once per plan",
    },
  ];
}

function placementRows(record: Record<string, unknown>): Row[] {
  const result = benchPlacement();
  record.placement = result;
  return [
    {
      work: "placement (rendezvous hashing)",
      size: `${result.tenants} tenants over ${result.cells} cells`,
      seconds: result.seconds,
      rate: `${(result.tenants / result.seconds / 1e6).toFixed(2)}M tenants/s`,
    },
  ];
}

async function profile(cells: number, engine: Engine): Promise<void> {
  const dir = path.join(PROJECT_DIR, ".cellplane", "profile", `${engine}-${cells}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const run = await withFleet(cells, (fleet) =>
    runCellsPlan(fleet, engine, mkdtempSync(path.join(fleet.root, "plan-")), ["--cpu-prof", "--cpu-prof-dir", dir]),
  );
  process.stdout.write(
    `cells plan (${engine} engine), ${cells} generated cells: ${run.seconds.toFixed(1)} s wall, ` +
      `profiles in ${path.relative(PROJECT_DIR, dir)} (open them in Chrome DevTools)\n` +
      `${renderProfile(readProfiles(dir))}\n`,
  );
}

function commit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: PROJECT_DIR, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      sizes: { type: "string", default: "6,10,50,200" },
      "no-baseline": { type: "boolean", default: false },
      repeat: { type: "string", default: "1" },
      json: { type: "string", default: path.join(PROJECT_DIR, ".cellplane", "bench.json") },
      profile: { type: "boolean", default: false },
      "profile-cells": { type: "string", default: "20" },
      plain: { type: "boolean", default: false },
    },
  });
  if (values.profile) {
    await profile(positiveInteger(values["profile-cells"], "--profile-cells"), values.plain ? "plain" : "pool");
    return;
  }
  const unknown = positionals.filter((name) => !(SUITES as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown benchmark ${unknown.join(", ")}: choose from ${SUITES.join(", ")}`);
  }
  const options: BenchOptions = {
    suites: positionals.length > 0 ? (positionals as Suite[]) : [...SUITES],
    sizes: values.sizes.split(",").map((size) => positiveInteger(size, "--sizes")),
    baseline: !values["no-baseline"],
    repeat: positiveInteger(values.repeat, "--repeat"),
  };
  const load = os.loadavg()[0];
  const record: Record<string, unknown> = {
    date: new Date().toISOString(),
    commit: commit(),
    node: process.version,
    cores: os.availableParallelism(),
    loadAverageBefore: load,
    plan: [],
  };
  const rows: Row[] = [];
  for (const suite of options.suites) {
    if (suite === "plan") rows.push(...(await planRows(options, record)));
    if (suite === "cdk") rows.push(...(await cdkRows(record)));
    if (suite === "diff") rows.push(...(await diffRows(record)));
    if (suite === "analyze") rows.push(...(await analyzeRows(record)));
    if (suite === "placement") rows.push(...placementRows(record));
  }
  record.loadAverageAfter = os.loadavg()[0];
  mkdirSync(path.dirname(values.json), { recursive: true });
  writeFileSync(values.json, `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(
    `cellplane benchmarks at ${String(record.commit)}: node ${process.version}, ${os.availableParallelism()} cores, ` +
      `load average ${load.toFixed(1)} before, ${os.loadavg()[0].toFixed(1)} after ` +
      `(compare ratios within one run)\n\n${renderTable(rows)}\n\nJSON: ${path.relative(".", values.json)}\n`,
  );
}

class UsageError extends Error {}

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 4096) {
    throw new UsageError(`${flag} ${value}: give whole numbers from 1 to 4096`);
  }
  return number;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 3);
});
