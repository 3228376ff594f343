/**
 * `cells diff`: what a pull request changes in every stack, risks first, as a PR comment (Markdown) or JSON.
 * Three sources: `--base <ref>` plans the base revision and the working tree offline; `--base-plans/--head-plans`
 * compares saved plan folders; `--preview-json` renders the engine's own `pulumi preview --json` output.
 */
import type { Command } from "commander";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { failingConditions, parseFailOn, FAIL_ON_VALUES, type FailOn } from "../../diff/fail-on";
import { DiffInputError, readPlanFolder, readPreviewFiles } from "../../diff/io/inputs";
import { resolveRef } from "../../diff/io/revision-plan";
import { withSkippedStacks } from "../../diff/skipped";
import { readSecureConfig } from "../../diff/io/secure-config";
import type { DiffProvenance, DiffReport } from "../../diff/model";
import { diffPlanSets } from "../../diff/plan-diff";
import { previewReport } from "../../diff/preview-reader";
import { renderJson } from "../../diff/render-json";
import { renderMarkdown } from "../../diff/render-markdown";
import { diffSecureConfig, withSecretConfigChanges } from "../../diff/secret-config";
import { evaluationDate, gitState, packageVersion, TOOL_ROOT, toolVersion, type GitState } from "../../lib/provenance";
import { exitCodes, UsageError } from "../errors";
import { planRevisions } from "./diff-revisions";

interface DiffOptions {
  base?: string;
  basePlans?: string;
  headPlans?: string;
  previewJson?: string[];
  cellsDir: string;
  format: string;
  out?: string;
  jsonOut?: string;
  failOn?: string;
  plansOut?: string;
}

type Source =
  | { kind: "git"; ref: string }
  | { kind: "plans"; baseDir: string; headDir: string }
  | { kind: "preview"; files: string[] };

const FORMATS = ["markdown", "json"] as const;
type Format = (typeof FORMATS)[number];

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description(
      "show what changes in every stack, risks first: offline from plans (no credentials) " +
        "or from pulumi preview --json",
    )
    .option(
      "--base <ref>",
      "plan this git ref (in a temporary worktree, with its own code) and the working tree, then compare",
    )
    .option("--base-plans <dir>", "compare a saved plan folder (base) ...")
    .option("--head-plans <dir>", "... with another saved plan folder (head)")
    .option("--preview-json <files...>", "render `pulumi preview --json` output, one file per stack")
    .option("--cells-dir <dir>", "fleet folder passed to `cells plan` for both revisions (with --base)", "cells")
    .option(
      "--plans-out <dir>",
      "with --base: keep the plans compared, <dir>/base and <dir>/head (the stacks that differ and what they read)",
    )
    .option("--format <format>", `output format: ${FORMATS.join(" | ")}`, "markdown")
    .option("--out <file>", "write the output to this file instead of stdout")
    .option("--json-out <file>", "also write the JSON report to this file (one run, both formats: what CI needs)")
    .option(
      "--fail-on <kinds>",
      `exit 1 when the diff has any of these (comma-separated): ${FAIL_ON_VALUES.join(", ")}`,
    )
    .action(async (options: DiffOptions) => {
      process.exitCode = await runDiff(options);
    });
}

export async function runDiff(options: DiffOptions): Promise<number> {
  const source = chooseSource(options);
  const format = chooseFormat(options.format);
  const failOn = chooseFailOn(options.failOn);
  if (options.plansOut !== undefined && source.kind !== "git") {
    throw new UsageError("cells diff: --plans-out keeps the plans made with --base <ref>; give --base too");
  }
  const report = withProvenance(await buildDiffReport(source, options.cellsDir, options.plansOut), source);
  const output = format === "json" ? renderJson(report) : renderMarkdown(report);
  writeOutput(output, options.out);
  if (options.jsonOut !== undefined) {
    writeFile(options.jsonOut, renderJson(report));
  }
  const failing = failingConditions(report, failOn);
  if (failing.length > 0) {
    process.stderr.write(`cells diff: failing on ${failing.join(", ")} (--fail-on ${failOn.join(",")})\n`);
    return exitCodes.findings;
  }
  return exitCodes.ok;
}

/** Base and head commits (when known), the evaluation date, the tool and pack versions: on every output. */
function withProvenance(report: DiffReport, source: Source): DiffReport {
  const provenance: DiffProvenance = {
    ...report.provenance,
    evaluatedOn: evaluationDate().date,
    toolVersion: toolVersion(),
    packVersion: packageVersion(path.join(TOOL_ROOT, "policies")),
  };
  if (source.kind === "preview") {
    Object.assign(provenance, headOf(gitState(process.cwd())));
  }
  return { ...report, provenance };
}

function headOf(state: GitState): Pick<DiffProvenance, "headCommit" | "headUncommitted"> {
  return {
    ...(state.commit === undefined ? {} : { headCommit: state.commit }),
    ...(state.uncommitted ? { headUncommitted: true } : {}),
  };
}

function chooseSource(options: DiffOptions): Source {
  const hasPlans = options.basePlans !== undefined || options.headPlans !== undefined;
  const chosen = [options.base !== undefined, hasPlans, options.previewJson !== undefined].filter(Boolean).length;
  if (chosen !== 1) {
    throw new UsageError(
      "cells diff: give exactly one of --base <git ref>, --base-plans <dir> with --head-plans <dir>, " +
        "or --preview-json <file...>",
    );
  }
  if (options.base !== undefined) {
    return { kind: "git", ref: options.base };
  }
  if (options.previewJson !== undefined) {
    return { kind: "preview", files: options.previewJson };
  }
  if (options.basePlans === undefined || options.headPlans === undefined) {
    throw new UsageError("cells diff: --base-plans and --head-plans go together; give both folders");
  }
  return { kind: "plans", baseDir: options.basePlans, headDir: options.headPlans };
}

function chooseFormat(format: string): Format {
  const found = FORMATS.find((candidate) => candidate === format);
  if (found === undefined) {
    throw new UsageError(`cells diff: --format ${format} is not supported; use one of ${FORMATS.join(", ")}`);
  }
  return found;
}

function chooseFailOn(text: string | undefined): FailOn[] {
  if (text === undefined) {
    return [];
  }
  const { values, unknown } = parseFailOn(text);
  if (unknown.length > 0 || values.length === 0) {
    throw new UsageError(`cells diff: --fail-on ${text}: use a comma-separated list of ${FAIL_ON_VALUES.join(", ")}`);
  }
  return values;
}

async function buildDiffReport(source: Source, cellsDir: string, plansOut?: string): Promise<DiffReport> {
  try {
    switch (source.kind) {
      case "plans":
        return diffPlanSets(
          readPlanFolder(source.baseDir, "--base-plans"),
          readPlanFolder(source.headDir, "--head-plans"),
          {
            baseLabel: source.baseDir,
            headLabel: source.headDir,
          },
        );
      case "preview":
        return previewReport(readPreviewFiles(source.files));
      case "git":
        return await diffAgainstRef(source.ref, cellsDir, plansOut);
    }
  } catch (error) {
    if (error instanceof DiffInputError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** Plans the base ref and the working tree (diff-revisions.ts), then diffs the two plan folders. */
async function diffAgainstRef(ref: string, cellsDir: string, plansOut?: string): Promise<DiffReport> {
  const projectDir = process.cwd();
  const resolved = await resolveRef(projectDir, ref);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "cellplane-diff-"));
  try {
    const baseDir = path.join(scratch, "base");
    const headDir = path.join(scratch, "head");
    const { skipped, baseSecrets } = await planRevisions({ projectDir, ref, resolved, cellsDir, baseDir, headDir });
    if (plansOut !== undefined) {
      keepPlans(plansOut, { base: baseDir, head: headDir });
    }
    const head = gitState(projectDir);
    const headLabel =
      head.commit === undefined
        ? "working tree"
        : `${head.commit.slice(0, 7)}${head.uncommitted ? " + uncommitted changes" : ""}`;
    const read = (dir: string, label: string) =>
      skipped !== undefined && !hasPlanFiles(dir) ? [] : readPlanFolder(dir, label);
    const planned = diffPlanSets(read(baseDir, "--base"), read(headDir, "working tree plan"), {
      baseLabel: `${ref} (${resolved.commit.slice(0, 7)})`,
      headLabel,
    });
    const report = skipped === undefined ? planned : withSkippedStacks(planned, skipped);
    const withSecrets = withSecretConfigChanges(report, diffSecureConfig(baseSecrets, readSecureConfig(projectDir)));
    const known = { evaluatedOn: "", toolVersion: "", baseCommit: resolved.commit, ...headOf(head) };
    return { ...withSecrets, provenance: known };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Copies the plan folders compared to `<plansOut>/base` and `<plansOut>/head`, replacing what was there. */
function keepPlans(plansOut: string, folders: Record<"base" | "head", string>): void {
  for (const [side, dir] of Object.entries(folders)) {
    const target = path.join(plansOut, side);
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    if (existsSync(dir)) {
      cpSync(dir, target, { recursive: true });
    }
  }
  process.stderr.write(`cells diff: kept the plans compared in ${plansOut}/base and ${plansOut}/head\n`);
}

function hasPlanFiles(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((name) => name.endsWith(".json"));
}

function writeOutput(output: string, outFile: string | undefined): void {
  if (outFile === undefined) {
    process.stdout.write(output.endsWith("\n") ? output : `${output}\n`);
    return;
  }
  writeFile(outFile, output);
}

function writeFile(file: string, content: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content.endsWith("\n") ? content : `${content}\n`);
  process.stderr.write(`cells diff: wrote ${file}\n`);
}
