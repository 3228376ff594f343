/** `cells plan`: synthesize every stack offline, check it against the policy pack, write one plan file per stack. */
import type { Command } from "commander";
import * as os from "node:os";
import * as path from "node:path";
import { FleetValidationError } from "../../../fleet/problems";
// Type only: the module itself is loaded on demand (below), and not at all with `--no-policy`.
import type * as checkPolicies from "../../plan/check-policies";
import type { PolicyPack } from "../../analyzer";
import { InputHasher } from "../../lib/fingerprint";
import { assertReadablePlans, readExistingPlans, SelectionError } from "../../plan/select-stacks";
import { chooseSelection, renderReuse, reuseRecord } from "./plan-selection";
import {
  describeCommit,
  describeDate,
  evaluationDate,
  gitState,
  packageVersion,
  toolVersion,
} from "../../lib/provenance";
import { DEFAULT_PLAN_DIR } from "../../plan/plan-output";
import { prepareFleet, type PreparedFleet } from "../../plan/prepare-fleet";
import { exitCodes, UsageError } from "../errors";
import { isReservedDomain } from "../../../fleet/domains";
import { deploymentStepOf } from "../../../program/stacks";

interface PlanOptions {
  cellsDir: string;
  stacksDir: string;
  out: string;
  json?: boolean;
  workers?: number;
  /** commander's negation of --no-policy. */
  policy: boolean;
  policyPack: string;
  all?: boolean;
  stacks?: string[];
  changedSince?: string;
}

/** One worker per core; large fleets plan in parallel, small ones stay in this thread (see synthesizeFleet). */
function defaultWorkers(): number {
  return Math.max(1, os.availableParallelism());
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new UsageError(`--workers ${value}: give a whole number from 1 to 64`);
  }
  return workers;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(
      "synthesize every cell stack (and the global stack) offline under Pulumi's mock runtime " +
        "and write one plan file per stack",
    )
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--stacks-dir <dir>", "folder with the Pulumi.<stack>.yaml stack files", "stacks")
    .option("--out <dir>", "where to write <stack>.json plan files (replaced as a whole)", DEFAULT_PLAN_DIR)
    .option("--json", "print the summary as JSON instead of a table")
    .option("--workers <n>", "worker threads for large fleets (default: one per core)", parseWorkers)
    .option("--policy-pack <dir>", "the CrossGuard policy pack to check every stack against", "policies")
    .option("--no-policy", "skip the policy pack (synthesize only)")
    .option("--all", "plan every stack (the default)")
    .option(
      "--stacks <names...>",
      "plan only these stacks, and those that read their outputs when the outputs change; " +
        "the other plan files in --out are kept (docs/incremental-plans.md)",
    )
    .option(
      "--changed-since <ref>",
      "plan only the stacks whose inputs changed since this git ref (by input fingerprint), and their dependents",
    )
    .action(async (options: PlanOptions) => {
      process.exitCode = await runPlan(options);
    });
}

export async function runPlan(options: PlanOptions): Promise<number> {
  const started = Date.now();
  const planOptions = {
    cellsDir: options.cellsDir,
    stacksDir: options.stacksDir,
    projectDir: path.resolve("."),
    workers: options.workers ?? defaultWorkers(),
  };
  const prepared = prepareOrExplain(planOptions);
  const stacks = [...prepared.configs.keys()];
  const dirs = { ...planOptions, packDir: options.policyPack };
  const hasher = new InputHasher(dirs, toolVersion(), prepared.fleet);
  const selection = await chooseSelection(options, stacks, dirs, toolVersion(), hasher);
  if (selection.kind === "some") {
    // Before Pulumi loads: a plan the first stacks read must be there and fresh.
    explainSelection(() =>
      assertReadablePlans({
        ...selection,
        stacks,
        hasher,
        outDir: options.out,
        existing: readExistingPlans(options.out),
      }),
    );
  }
  // Pulumi, the AWS SDK and gRPC load only once the input is known to be good.
  const { planAndWrite } = await import("../../plan/plan-run");
  const { renderPlanTable, summarizePlan } = await import("../../plan/plan-summary");
  const policy = options.policy ? await import("../../plan/check-policies") : undefined;
  const run = {
    prepared,
    planOptions,
    stacks,
    hasher,
    selection,
    outDir: options.out,
    progress: { verb: "cells plan" },
  };
  const { result, findings, reuse, allPlans, blocking } = await withPack(
    policy && { policy, packDir: options.policyPack, cellsDir: planOptions.cellsDir, project: prepared.project.name },
    (pack) => planAndWrite(run, pack).catch(rethrowSelection),
  );
  const summaries = allPlans.map((plan) => summarizePlan(plan, result.fleet));
  const order = deploymentOrder(allPlans.map((plan) => plan.stack));
  const git = gitState(planOptions.projectDir);
  const date = evaluationDate();
  const provenance = {
    ...(git.commit === undefined ? {} : { commit: git.commit }),
    uncommitted: git.uncommitted,
    evaluatedOn: date.date,
    dateSource: date.source,
    toolVersion: toolVersion(),
    packVersion: packageVersion(options.policyPack),
  };
  if (options.json) {
    const document = {
      out: options.out,
      stacks: summaries,
      order,
      blockingViolations: blocking,
      provenance,
      ...(reuse === undefined ? {} : { incremental: reuseRecord(result.plans, reuse) }),
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderPlanTable(summaries, { showPolicy: findings !== undefined })}\n\n`);
    process.stdout.write(`${renderDeploymentOrder(order)}\n\n`);
    if (isReservedDomain(result.fleet.routing.domain)) {
      process.stdout.write(
        `Note: routing.domain ${result.fleet.routing.domain} is a reserved example domain (RFC 2606): it plans, ` +
          "but pulumi preview/up refuse it; set a domain you control before deploying (docs/deploy.md).\n\n",
      );
    }
    const report = findings && policy ? policy.renderFindings(findings) : "";
    if (report) {
      process.stdout.write(`Policy findings (stack, resource, policy, level, message):\n${report}\n\n`);
    }
    const waivers = policy ? policy.renderWaivers(result.plans) : "";
    if (waivers) {
      process.stdout.write(`Waivers in force (${path.join(options.policyPack, "waivers.yaml")}):\n${waivers}\n\n`);
    }
    const checked = findings ? `, checked against ${options.policyPack}` : " (policy pack skipped)";
    if (reuse !== undefined) {
      process.stdout.write(`${renderReuse(result.plans, reuse, options.out)}\n`);
    }
    process.stdout.write(
      `Wrote ${allPlans.length} plan files to ${options.out}${checked} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)}s.\n`,
    );
    process.stdout.write(
      `Planned at commit ${describeCommit(git)}; evaluation date ${describeDate(date)}; ` +
        `cellplane ${provenance.toolVersion}, pack ${provenance.packVersion}.\n`,
    );
    if (blocking > 0) {
      process.stdout.write(
        `${blocking} mandatory policy violation${blocking === 1 ? "" : "s"}: ` +
          `fix them or add a waiver (see README, "For auditors: the policy pack").\n`,
      );
    }
  }
  return blocking > 0 ? exitCodes.findings : exitCodes.ok;
}

type PolicyModule = typeof checkPolicies;

/** The planned stacks grouped by deployment step (account, regions, cells, global), steps without stacks left out. */
export function deploymentOrder(stacks: string[]): { step: string; stacks: string[] }[] {
  const planned = new Set(stacks);
  return ["account", "regions", "cells", "global"]
    .map((step) => ({ step, stacks: [...planned].filter((stack) => deploymentStepOf(stack) === step) }))
    .filter((entry) => entry.stacks.length > 0);
}

function renderDeploymentOrder(order: { step: string; stacks: string[] }[]): string {
  const steps = order.map((entry, index) => `  ${index + 1}. ${entry.step}: ${entry.stacks.join(", ")}`);
  return ["Deploy in this order (docs/deploy.md), each step after the one before:", ...steps].join("\n");
}

/**
 * Runs `work` with the pack started (when asked), closing it exactly once whatever fails. The pack type-checks and
 * starts in its own process while `work` synthesizes the stacks here.
 */
async function withPack<T>(
  check: { policy: PolicyModule; packDir: string; cellsDir: string; project: string } | undefined,
  work: (pack: Promise<PolicyPack> | undefined) => Promise<T>,
): Promise<T> {
  const packStarting = check?.policy.startPack(check);
  // A pack that fails to start is reported where it is awaited; until then its rejection must not go unhandled.
  packStarting?.catch(() => undefined);
  try {
    return await work(packStarting);
  } finally {
    await packStarting?.then(
      (pack) => pack.close(),
      () => undefined,
    );
  }
}

/** A {@link SelectionError} is the user's (exit 2). */
function explainSelection(work: () => void): void {
  try {
    work();
  } catch (error) {
    rethrowSelection(error);
  }
}

function rethrowSelection(error: unknown): never {
  throw error instanceof SelectionError ? new UsageError(`cells plan: ${error.message}`) : error;
}

function prepareOrExplain(options: Parameters<typeof prepareFleet>[0]): PreparedFleet {
  try {
    return prepareFleet(options);
  } catch (error) {
    if (error instanceof FleetValidationError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
