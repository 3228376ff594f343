/**
 * `cells audit`: the report for auditors — every policy of the pack (why it exists, its controls and references,
 * its tests) and how every stack of the saved plans fares. Reads plan files only; starts neither Pulumi nor the pack.
 */
import type { Command } from "commander";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { collectTestEvidence } from "../../audit/evidence";
import { renderJson, renderMarkdown } from "../../audit/render";
import { buildAuditReport } from "../../audit/report";
import { DiffInputError, readPlanFolder } from "../../diff/io/inputs";
import { policyCatalog } from "../../../policies/catalog";
import { DEFAULT_PLAN_DIR } from "../../plan/plan-output";
import { exitCodes, UsageError } from "../errors";

interface AuditOptions {
  plans: string;
  format: string;
  out?: string;
}

const FORMATS = ["markdown", "json"] as const;
type Format = (typeof FORMATS)[number];

/** The project whose tests are the evidence: this code's own checkout. */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description(
      "report for auditors: every policy, its controls, references and tests, " +
        "and how every stack fares (from saved plans)",
    )
    .option("--plans <dir>", "folder of plan files written by `cells plan --out <dir>`", DEFAULT_PLAN_DIR)
    .option("--format <format>", `output format: ${FORMATS.join(" | ")}`, "markdown")
    .option("--out <file>", "write the report to this file instead of stdout")
    .action((options: AuditOptions) => {
      process.exitCode = runAudit(options);
    });
}

export function runAudit(options: AuditOptions): number {
  const format = chooseFormat(options.format);
  const plans = readPlans(options.plans);
  const catalog = policyCatalog();
  const evidence = collectTestEvidence(
    PROJECT_ROOT,
    catalog.policies.map((policy) => policy.name),
  );
  const report = buildAuditReport(catalog, plans, evidence);
  writeOutput(format === "json" ? renderJson(report) : renderMarkdown(report), options.out);
  return exitCodes.ok;
}

function readPlans(dir: string): ReturnType<typeof readPlanFolder> {
  try {
    return readPlanFolder(dir, "--plans");
  } catch (error) {
    if (error instanceof DiffInputError) {
      throw new UsageError(
        `cells audit: ${error.message}. ` +
          `Run \`npm run plan\` first (it writes ${DEFAULT_PLAN_DIR}), or pass --plans <dir>.`,
      );
    }
    throw error;
  }
}

function chooseFormat(format: string): Format {
  const found = FORMATS.find((candidate) => candidate === format);
  if (found === undefined) {
    throw new UsageError(`cells audit: --format ${format} is not supported; use one of ${FORMATS.join(", ")}`);
  }
  return found;
}

function writeOutput(output: string, outFile: string | undefined): void {
  if (outFile === undefined) {
    process.stdout.write(output);
    return;
  }
  mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
  writeFileSync(outFile, output);
  process.stderr.write(`cells audit: wrote ${outFile}\n`);
}
