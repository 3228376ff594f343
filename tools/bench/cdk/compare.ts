/**
 * Prints, cell by cell, how the CDK baseline's resources compare with cellplane's plan of the same cell: per part
 * of the cell and in total (Markdown), from files already written — no synthesis here.
 *
 *   npm run plan -- --out /tmp/plan && npx tsx tools/bench/cdk/synth.ts cells /tmp/cdk-out
 *   npx tsx tools/bench/cdk/compare.ts /tmp/plan /tmp/cdk-out
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { exitCodes, failureOutcome, UsageError } from "../../cli/errors";
import type { PlanFile } from "../../lib/plan-file";
import type { SynthesizedStack, TemplateResource } from "./cdk-app";
import { CATEGORIES, cdkCategories, cellplaneCategories, type CategoryCounts } from "./resource-mapping";

const USAGE = "usage: npx tsx tools/bench/cdk/compare.ts <plan-dir> <cdk-out-dir>";

/** One Markdown row per cell found in both folders: `cdk / cellplane` per part, then the totals. */
export function comparisonTable(planDir: string, cdkOutDir: string): string {
  for (const dir of [planDir, cdkOutDir]) {
    if (!existsSync(dir)) {
      throw new UsageError(`${dir} does not exist\n${USAGE}`);
    }
  }
  const templates = readdirSync(cdkOutDir).filter((file) => /^cell-.+\.template\.json$/.test(file));
  const rows = templates.sort().flatMap((file) => {
    const stackName = file.replace(/\.template\.json$/, "");
    const planPath = path.join(planDir, `${stackName}.json`);
    if (!existsSync(planPath)) {
      return [];
    }
    const template = JSON.parse(readFileSync(path.join(cdkOutDir, file), "utf8")) as {
      Resources?: Record<string, TemplateResource>;
    };
    const stack: SynthesizedStack = { stackName, resources: template.Resources ?? {} };
    const plan = JSON.parse(readFileSync(planPath, "utf8")) as PlanFile;
    return [row(stackName, cdkCategories(stack), cellplaneCategories(plan.resources))];
  });
  if (rows.length === 0) {
    throw new UsageError(`no cell-<id> stack has both ${cdkOutDir}/<stack>.template.json and ${planDir}/<stack>.json`);
  }
  const header = `| stack | ${CATEGORIES.join(" | ")} | total |`;
  const rule = `| --- |${" ---: |".repeat(CATEGORIES.length + 1)}`;
  return [header, rule, ...rows].join("\n");
}

function row(stack: string, cdk: CategoryCounts, cellplane: CategoryCounts): string {
  const sum = (counts: CategoryCounts) => CATEGORIES.reduce((total, category) => total + counts[category], 0);
  const cells = CATEGORIES.map((category) => `${cdk[category]} / ${cellplane[category]}`);
  return `| ${stack} | ${cells.join(" | ")} | ${sum(cdk)} / ${sum(cellplane)} |`;
}

if (require.main === module) {
  try {
    const args = process.argv.slice(2);
    if (args.length !== 2) {
      throw new UsageError(USAGE);
    }
    process.stdout.write(`CDK / cellplane resources per part of the cell\n\n${comparisonTable(args[0], args[1])}\n`);
  } catch (error) {
    const outcome = failureOutcome(error);
    process.stderr.write(`${outcome.message}\n`);
    process.exitCode = outcome.code === exitCodes.ok ? exitCodes.internal : outcome.code;
  }
}
