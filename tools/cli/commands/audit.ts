/**
 * `cells audit`: the report for auditors — every policy of the pack (why it exists, its controls and references,
 * its tests) and how every stack of the saved plans fares. Reads plan files only; starts neither Pulumi nor the
 * pack. It refuses plans whose inputs changed since they were made (exit 2, unless --allow-stale, which the report
 * states) and exits 1 on any mandatory violation or expired or invalid waiver (unless --allow-findings).
 */
import type { Command } from "commander";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { policyCatalog } from "../../../policies/catalog";
import { waiverFilePath } from "../../../policies/lib/settings";
import { readWaiverFile } from "../../../policies/lib/waivers";
import { collectTestEvidence } from "../../audit/evidence";
import { describeStaleness, staleStacks } from "../../audit/freshness";
import { renderJson, renderMarkdown } from "../../audit/render";
import { renderHtml } from "../../audit/render-html";
import { buildAuditReport, type AuditProvenance, type AuditReport } from "../../audit/report";
import { parseVitestJson, runEvidence, type TestRun } from "../../audit/test-results";
import { DiffInputError, readPlanFolder } from "../../diff/io/inputs";
import type { PlanFile } from "../../lib/plan-file";
import { startProgress } from "../../lib/progress";
import { evaluationDate, gitState, toolVersion } from "../../lib/provenance";
import { DEFAULT_PLAN_DIR } from "../../plan/plan-output";
import { exitCodes, UsageError } from "../errors";

interface AuditOptions {
  plans: string;
  format: string;
  out?: string;
  allowStale?: boolean;
  allowFindings?: boolean;
  testResults?: string;
}

const FORMATS = ["markdown", "json", "html"] as const;
type Format = (typeof FORMATS)[number];

/** The project whose tests are the evidence: this code's own checkout. */
const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description(
      "report for auditors: every policy, its controls, references and tests, and how every stack fares " +
        "(from saved plans)",
    )
    .option("--plans <dir>", "folder of plan files written by `cells plan --out <dir>`", DEFAULT_PLAN_DIR)
    .option("--format <format>", `output format: ${FORMATS.join(" | ")}`, "markdown")
    .option("--out <file>", "write the report to this file instead of stdout")
    .option("--test-results <file>", "vitest JSON report of a test run: evidence per policy from tests that ran")
    .option("--allow-stale", "audit plans whose inputs changed since they were made (the report says so)")
    .option("--allow-findings", "exit 0 even with mandatory violations or expired/invalid waivers (still reported)")
    .action((options: AuditOptions) => {
      process.exitCode = runAudit(options);
    });
}

export function runAudit(options: AuditOptions): number {
  const format = chooseFormat(options.format);
  const projectDir = process.cwd();
  const plans = readPlans(options.plans);
  const tool = toolVersion();
  const progress = startProgress({ verb: "cells audit", what: "plans checked for freshness", total: plans.length });
  const stale = staleStacks(plans, projectDir, tool, (stack) => progress.tick(stack));
  progress.done();
  if (stale.length > 0 && options.allowStale !== true) {
    throw new UsageError(staleMessage(options.plans, stale, planCommand(options.plans, plans)));
  }
  const catalog = policyCatalog();
  const names = catalog.policies.map((policy) => policy.name);
  const evidence = collectTestEvidence(PROJECT_ROOT, names);
  const testRun = options.testResults === undefined ? undefined : readTestRun(options.testResults, projectDir);
  if (testRun !== undefined) {
    for (const [policy, run] of runEvidence(names, testRun.cases)) {
      const entry = evidence.get(policy);
      if (entry !== undefined) {
        entry.run = run;
      }
    }
  }
  const date = evaluationDate();
  const git = gitState(projectDir);
  const provenance: AuditProvenance = {
    ...(git.commit === undefined ? {} : { commit: git.commit }),
    uncommitted: git.uncommitted,
    evaluatedOn: date.date,
    dateSource: date.source,
    toolVersion: tool,
    packVersion: catalog.version,
    plans: options.plans,
    stale,
  };
  const report = buildAuditReport(catalog, plans, evidence, {
    evaluatedOn: date.date,
    waiverProblems: readWaiverFile(waiverFilePath(path.resolve(projectDir, packDirOf(plans)))).problems,
    provenance,
    ...(testRun === undefined ? {} : { testRun: testRun.run }),
  });
  writeOutput(render(report, format), options.out);
  return verdict(report, options.allowFindings === true);
}

function render(report: AuditReport, format: Format): string {
  return format === "json" ? renderJson(report) : format === "html" ? renderHtml(report) : renderMarkdown(report);
}

function verdict(report: AuditReport, allowFindings: boolean): number {
  const { mandatoryViolations, waivers } = report.summary;
  const problems = mandatoryViolations + waivers.expired.length + waivers.invalid.length;
  if (problems === 0) {
    return exitCodes.ok;
  }
  const what =
    `${mandatoryViolations} mandatory violation(s), ${waivers.expired.length} expired and ` +
    `${waivers.invalid.length} invalid waiver(s)`;
  if (allowFindings) {
    process.stderr.write(`cells audit: ${what}; exit 0 because of --allow-findings\n`);
    return exitCodes.ok;
  }
  process.stderr.write(`cells audit: ${what} (exit 1; --allow-findings reports them and exits 0)\n`);
  return exitCodes.findings;
}

/** The `cells plan` command line that re-makes these plans: same folders as recorded. */
function planCommand(plansDir: string, plans: readonly PlanFile[]): string {
  const dirs = plans.find((plan) => plan.inputs !== undefined)?.inputs?.dirs;
  const flags = [
    dirs !== undefined && dirs.cells !== "cells" ? ` --cells-dir ${dirs.cells}` : "",
    dirs !== undefined && dirs.stacks !== "stacks" ? ` --stacks-dir ${dirs.stacks}` : "",
    dirs !== undefined && dirs.pack !== "policies" ? ` --policy-pack ${dirs.pack}` : "",
  ].join("");
  return `npx tsx tools/cli/main.ts plan${flags} --out ${plansDir}`;
}

function staleMessage(plansDir: string, stale: Parameters<typeof describeStaleness>[0], command: string): string {
  return [
    `cells audit: ${stale.length} plan(s) in ${plansDir} no longer match the working tree, so they are not ` +
      "evidence of it; nothing was written. What changed since they were planned:",
    ...describeStaleness(stale).map((line) => `  - ${line}`),
    `Re-plan with \`${command}\` ` +
      `(or \`npm run plan\` for ${DEFAULT_PLAN_DIR}), ` +
      "then audit again; or pass --allow-stale to audit the old plans anyway (the report will say so).",
  ].join("\n");
}

function packDirOf(plans: readonly PlanFile[]): string {
  return plans.find((plan) => plan.inputs !== undefined)?.inputs?.dirs.pack ?? "policies";
}

function readTestRun(
  file: string,
  projectDir: string,
): { run: TestRun; cases: ReturnType<typeof parseVitestJson>["cases"] } {
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new UsageError(
      `cells audit: --test-results ${file}: cannot read it as JSON (${messageOf(error)}); ` +
        "write it with `vitest run --reporter=json --outputFile=<file>`",
    );
  }
  try {
    const { startedAt, cases } = parseVitestJson(document);
    const git = gitState(projectDir);
    const count = (status: string): number => cases.filter((test) => test.status === status).length;
    const run: TestRun = {
      file,
      ...(startedAt === undefined ? {} : { startedAt }),
      ...(git.commit === undefined ? {} : { commit: git.commit }),
      uncommitted: git.uncommitted,
      passed: count("passed"),
      failed: count("failed"),
      skipped: count("skipped"),
    };
    return { run, cases };
  } catch (error) {
    throw new UsageError(
      `cells audit: --test-results ${file} is not a vitest JSON report: ${messageOf(error)}; ` +
        "write it with `vitest run --reporter=json --outputFile=<file>`",
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readPlans(dir: string): PlanFile[] {
  try {
    return readPlanFolder(dir, "--plans");
  } catch (error) {
    if (error instanceof DiffInputError) {
      throw new UsageError(
        `cells audit: ${error.message}. Run \`npm run plan\` first (it writes ${DEFAULT_PLAN_DIR}), ` +
          "or pass --plans <dir>.",
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
