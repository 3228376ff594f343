/**
 * `cells plan` without the CLI: load the fleet once, check every stack file, synthesize every cell stack and then
 * the global stack (fed the cells' planned outputs, as `StackReference` would be), all under the mock runtime.
 * Nothing is written here; see plan-output.ts.
 */
export type { PlanFleetOptions } from "./prepare-fleet";
import type { Fleet } from "../fleet/schema";
import { runStack } from "../program";
import { cellStackName, GLOBAL_STACK } from "../program/stacks";
import type { JsonObject, PlanFile } from "./plan-file";
import { prepareFleet, type PlanFleetOptions, type PreparedFleet } from "./prepare-fleet";
import { disableStackCaptureForSpeed, synthesizeStack } from "./synthesize";

export interface FleetPlan {
  fleet: Fleet;
  plans: PlanFile[];
}

export async function planFleet(options: PlanFleetOptions): Promise<FleetPlan> {
  return synthesizeFleet(prepareFleet(options), options);
}

/** Synthesizes every stack of a prepared (validated) fleet. */
export async function synthesizeFleet(prepared: PreparedFleet, options: Pick<PlanFleetOptions, "includeGlobal" | "concurrency">): Promise<FleetPlan> {
  disableStackCaptureForSpeed();
  const { fleet, project, configs } = prepared;
  const cellPlans = await mapWithConcurrency(fleet.cells, options.concurrency ?? 4, (cell) =>
    synthesizeStack({
      project: project.name,
      stack: cellStackName(cell.id),
      config: configs.get(cellStackName(cell.id))!.values,
      secretConfigKeys: configs.get(cellStackName(cell.id))!.secretKeys,
      meta: { cell: cell.id, region: cell.region },
      program: () => runStack(cellStackName(cell.id), fleet),
    }),
  );
  const plans = [...cellPlans];
  if (options.includeGlobal) {
    const globalConfig = configs.get(GLOBAL_STACK)!;
    const stackOutputs = new Map<string, JsonObject>(cellPlans.map((plan) => [plan.stack, plan.outputs]));
    plans.push(
      await synthesizeStack({
        project: project.name,
        stack: GLOBAL_STACK,
        config: globalConfig.values,
        secretConfigKeys: globalConfig.secretKeys,
        stackOutputs,
        program: () => runStack(GLOBAL_STACK, fleet),
      }),
    );
  }
  return { fleet, plans };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping the results in input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
