/**
 * `npm run bench`: every benchmark in one run, so the ratios between them are measured on the same machine under
 * the same load. Never part of the tests: timings are printed, not asserted.
 *
 *   npm run bench                # all benchmarks
 *   npm run bench -- plan        # only the plan benchmarks (also: analyze, placement, diff)
 *   BENCH_LARGE_FLEET=400 npm run bench -- plan
 */
import * as os from "node:os";
import { benchAnalyze } from "./analyze";
import { benchDiff } from "./diff";
import { benchPlacement } from "./placement";
import { benchGeneratedPlan, benchPlan, type PlanBenchResult } from "./plan";

interface Row {
  benchmark: string;
  size: string;
  seconds: number;
  rate: string;
  note?: string;
}

const perCell = (result: PlanBenchResult): number => result.seconds / result.stacks;

async function planRows(): Promise<Row[]> {
  const largeFleet = Number(process.env.BENCH_LARGE_FLEET ?? 200);
  const workers = os.availableParallelism();
  const reference = await benchPlan("reference fleet", "cells", "stacks");
  const fifty = await benchGeneratedPlan(50);
  const fiftyParallel = await benchGeneratedPlan(50, workers);
  const largeSingle = await benchGeneratedPlan(largeFleet);
  const large = await benchGeneratedPlan(largeFleet, workers);
  const row = (label: string, result: PlanBenchResult, note: string): Row => ({
    benchmark: label,
    size: `${result.stacks} stacks, ${result.resources} resources`,
    seconds: result.seconds,
    rate:
      `${(result.resources / result.seconds).toFixed(0)} resources/s, ` +
      `${(perCell(result) * 1000).toFixed(0)} ms/stack`,
    note,
  });
  return [
    row("plan: reference fleet (cells + global)", reference, "1 thread"),
    row(
      "plan: generated fleet",
      fifty,
      `1 thread; ${(perCell(fifty) / perCell(reference)).toFixed(2)}x the reference's time per stack`,
    ),
    row(
      "plan: generated fleet",
      fiftyParallel,
      `${workers} worker threads; ${(fifty.seconds / fiftyParallel.seconds).toFixed(2)}x faster than 1 thread`,
    ),
    row(
      "plan: generated fleet",
      largeSingle,
      `1 thread; ${(perCell(largeSingle) / perCell(fifty)).toFixed(2)}x the 50-cell time per stack`,
    ),
    row(
      "plan: generated fleet",
      large,
      `${workers} worker threads; ${(largeSingle.seconds / large.seconds).toFixed(2)}x faster than 1 thread`,
    ),
  ];
}

async function analyzeRows(): Promise<Row[]> {
  const result = await benchAnalyze();
  return [
    {
      benchmark: "policy pack over gRPC (AnalyzeStack)",
      size: `${result.stacks} stacks, ${result.resources} resources`,
      seconds: result.seconds,
      rate: `${result.perSecond.toFixed(0)} analyzed resources/s`,
      note: `pack start-up (ts-node type-check) ${result.startSeconds.toFixed(1)}s, paid once per plan`,
    },
  ];
}

function placementRows(): Row[] {
  const result = benchPlacement();
  return [
    {
      benchmark: "placement (rendezvous hashing)",
      size: `${result.tenants} tenants over ${result.cells} cells`,
      seconds: result.seconds,
      rate: `${(result.tenants / result.seconds / 1e6).toFixed(2)}M tenants/s`,
    },
  ];
}

function diffRows(): Row[] {
  const result = benchDiff();
  return [
    {
      benchmark: "diff + Markdown render of two plan sets",
      size: `${result.stacks} stacks, ${result.resources} resources`,
      seconds: result.seconds,
      rate: `${(result.resources / result.seconds).toFixed(0)} resources/s`,
    },
  ];
}

const SUITES: Record<string, () => Row[] | Promise<Row[]>> = {
  plan: planRows,
  analyze: analyzeRows,
  placement: placementRows,
  diff: diffRows,
};

function render(rows: Row[]): string {
  const header = ["BENCHMARK", "SIZE", "SECONDS", "RATE", "NOTE"];
  const cells = rows.map((row) => [row.benchmark, row.size, row.seconds.toFixed(2), row.rate, row.note ?? ""]);
  const widths = header.map((_, column) =>
    Math.max(header[column].length, ...cells.map((line) => line[column].length)),
  );
  return [header, ...cells]
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function main(): Promise<void> {
  const selected = process.argv.slice(2);
  const unknown = selected.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(", ")}: choose from ${Object.keys(SUITES).join(", ")}\n`);
    process.exit(2);
  }
  const rows: Row[] = [];
  for (const name of selected.length > 0 ? selected : Object.keys(SUITES)) {
    rows.push(...(await SUITES[name]()));
  }
  process.stdout.write(
    `cellplane benchmarks: node ${process.version}, ${os.availableParallelism()} cores, ` +
      `load average ${os.loadavg()[0].toFixed(1)}\n\n${render(rows)}\n`,
  );
}

void main();
