/**
 * One run of the planner over a prepared fleet: synthesize the stacks asked for (every stack, or some and the
 * dependents whose read outputs changed), check each against the policy pack as soon as it is planned, record each
 * plan's input fingerprint and write the plan folder. `cells plan` makes one run; `cells diff --base` makes one per
 * revision in a single process when both revisions share their code (tools/diff/io/one-process-plan.ts), so both
 * write the same plan files as `cells plan` would.
 *
 * Pulumi, the AWS SDK and gRPC load on the first run, not with this module. The pack is the caller's: started
 * before (it type-checks in its own process while the stacks synthesize) and closed after, so one pack can check
 * several runs.
 */
import type { PolicyPack } from "../analyzer";
import type { InputHasher } from "../lib/fingerprint";
import type { JsonObject, PlanFile } from "../lib/plan-file";
import type * as CheckPolicies from "./check-policies";
import type { StackFindings } from "./check-policies";
import type { FleetPlan } from "./plan-fleet";
import { startPlanProgress } from "./plan-progress";
import { isCloudResource } from "./plan-summary";
import type { PlanFleetOptions, PreparedFleet } from "./prepare-fleet";
import { planIncrementally, readExistingPlans, type IncrementalRun } from "./select-stacks";

/** What a run plans: every stack, or a first round of named stacks and why they were chosen. */
export type Selection = { kind: "all" } | { kind: "some"; requested: string[]; reason: string };

export interface PlanRun {
  prepared: PreparedFleet;
  planOptions: PlanFleetOptions;
  /** Every stack of the fleet, in deployment order. */
  stacks: string[];
  hasher: InputHasher;
  selection: Selection;
  /** The plan folder: read for the plans an incremental run keeps, then replaced as a whole. */
  outDir: string;
  /** Who reports progress on stderr (`cells plan`), and for what (`base`), if anything. */
  progress: { verb: string; scope?: string };
}

export interface PlanRunResult {
  /** The plans made in this run. */
  result: FleetPlan;
  /** Their findings, when a pack checked them. */
  findings?: StackFindings[];
  /** What an incremental run kept and why. */
  reuse?: IncrementalRun;
  /** Every plan written: those made and those kept, in deployment order. */
  allPlans: PlanFile[];
  /** Mandatory findings not waived, in the plans made and in those kept. */
  blocking: number;
}

/** Plans, checks against `pack` (when given; not closed here), fingerprints and writes the plan folder. */
export async function planAndWrite(run: PlanRun, pack?: Promise<PolicyPack>): Promise<PlanRunResult> {
  const check = pack === undefined ? undefined : { policy: await import("./check-policies"), pack };
  const { result, findings, reuse } = await synthesizeAndCheck(run, check);
  const reused = reuse?.reused ?? [];
  fingerprintPlans(result.plans, reused, run.stacks, run.hasher);
  const allPlans = inOrder([...result.plans, ...reused], run.stacks);
  const { writePlans } = await import("./plan-output");
  writePlans(run.outDir, allPlans);
  const blocking = (findings && check ? check.policy.blockingCount(findings) : 0) + keptBlocking(reused);
  return { result, findings, reuse, allPlans, blocking };
}

async function synthesizeAndCheck(
  run: PlanRun,
  check: { policy: typeof CheckPolicies; pack: Promise<PolicyPack> } | undefined,
): Promise<{ result: FleetPlan; findings?: StackFindings[]; reuse?: IncrementalRun }> {
  const { plainEngineRequested, synthesizeFleet } = await import("./plan-fleet");
  const { prepared, planOptions, selection } = run;
  // Every stack (bootstrap, cells, global) with --all; an incremental plan adds each round's stacks as it learns them.
  const total = selection.kind === "all" ? prepared.configs.size : 0;
  const progress = startPlanProgress({ ...run.progress, total, checking: check !== undefined });
  // Each stack is checked as soon as it is planned, while the rest of the fleet plans (the plain engine, the
  // baseline, checks them after the whole fleet, as before).
  const checking =
    check &&
    new check.policy.StreamingCheck(check.pack, prepared.project.name, (stack) => progress.checked.tick(stack));
  const streaming = !plainEngineRequested();
  const onPlanned = (plan: PlanFile): void => {
    if (streaming) {
      checking?.add(plan);
    }
  };
  let reuse: IncrementalRun | undefined;
  let result: FleetPlan;
  if (selection.kind === "all") {
    result = await synthesizeFleet(prepared, planOptions, progress.planned, onPlanned);
  } else {
    reuse = await planIncrementally({
      stacks: run.stacks,
      hasher: run.hasher,
      outDir: run.outDir,
      requested: selection.requested,
      existing: readExistingPlans(run.outDir),
      synthesize: async (round, knownOutputs) => {
        progress.grow(round.length);
        const options = { ...planOptions, stacks: round, knownOutputs };
        return (await synthesizeFleet(prepared, options, progress.planned, onPlanned)).plans;
      },
    });
    result = { fleet: prepared.fleet, plans: reuse.planned };
  }
  if (!streaming) {
    result.plans.forEach((plan) => checking?.add(plan));
  }
  const findings = await checking?.findings(result.plans.map((plan) => plan.stack));
  progress.finish(result.plans.reduce((sum, plan) => sum + plan.resources.filter(isCloudResource).length, 0));
  return { result, findings, reuse };
}

/**
 * Records each new plan's input fingerprint, with the outputs of the stacks it read (new or kept): the same
 * record whether the run planned every stack or some, so the files are the same bytes either way.
 */
export function fingerprintPlans(
  planned: PlanFile[],
  reused: readonly PlanFile[],
  stacks: readonly string[],
  hasher: InputHasher,
): void {
  const outputs = new Map<string, JsonObject>([...reused, ...planned].map((plan) => [plan.stack, plan.outputs]));
  const all = new Set(stacks);
  for (const plan of planned) {
    plan.inputs = hasher.fingerprint(plan.stack, outputs, all);
  }
}

/** Plans in deployment order. */
export function inOrder(plans: readonly PlanFile[], stacks: readonly string[]): PlanFile[] {
  const rank = new Map(stacks.map((stack, index) => [stack, index]));
  return [...plans].sort((a, b) => (rank.get(a.stack) ?? 0) - (rank.get(b.stack) ?? 0));
}

/** Mandatory findings (not waived) recorded in kept plans: they still fail the run, as a full plan would. */
export function keptBlocking(reused: readonly PlanFile[]): number {
  return reused.reduce(
    (sum, plan) =>
      sum + (plan.policy?.violations ?? []).filter((violation) => violation.enforcementLevel === "mandatory").length,
    0,
  );
}
