/**
 * `cells plan` without the CLI: load the fleet once, check every stack file, synthesize every cell stack and then
 * the global stack (fed the cells' planned outputs, as `StackReference` would be), all under the mock runtime.
 * Nothing is written here; see plan-output.ts.
 */
import * as path from "node:path";
import type { Fleet } from "../fleet/schema";
import { loadFleet } from "../fleet/load";
import { FleetValidationError, type FleetProblem } from "../fleet/problems";
import { runStack } from "../program";
import { cellStackName, GLOBAL_STACK } from "../program/stacks";
import type { JsonObject, PlanFile } from "./plan-file";
import { readProjectFile, readStackConfig, type ProjectFile, type StackConfig } from "./stack-config";
import { synthesizeStack } from "./synthesize";

export interface PlanFleetOptions {
  /** Folder with fleet.yaml and the cell files. */
  cellsDir: string;
  /** Folder with the Pulumi.<stack>.yaml files. */
  stacksDir: string;
  /** Folder with Pulumi.yaml. */
  projectDir: string;
  /** Also plan the global routing stack (when the program can build it). */
  includeGlobal?: boolean;
  /** How many stacks to synthesize at once (they interleave on one thread while waiting on the runtime). */
  concurrency?: number;
}

export interface FleetPlan {
  fleet: Fleet;
  plans: PlanFile[];
}

export async function planFleet(options: PlanFleetOptions): Promise<FleetPlan> {
  const fleet = loadFleet(options.cellsDir);
  const project = readProjectFile(options.projectDir);
  const stackNames = [...fleet.cells.map((cell) => cellStackName(cell.id)), ...(options.includeGlobal ? [GLOBAL_STACK] : [])];
  const configs = readAllStackConfigs(fleet, stackNames, options.stacksDir, project);
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

/** Reads every stack file up front, so all configuration problems are reported before any work is done. */
function readAllStackConfigs(fleet: Fleet, stackNames: string[], stacksDir: string, project: ProjectFile): Map<string, StackConfig> {
  const problems: FleetProblem[] = [];
  const configs = new Map<string, StackConfig>();
  for (const stack of stackNames) {
    const result = readStackConfig(stacksDir, stack, project);
    problems.push(...result.problems);
    if (result.config) {
      configs.set(stack, result.config);
      problems.push(...cellStackConfigProblems(fleet, result.config, project.name));
    }
  }
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  return configs;
}

const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/;

function cellStackConfigProblems(fleet: Fleet, config: StackConfig, projectName: string): FleetProblem[] {
  const cell = fleet.cells.find((candidate) => cellStackName(candidate.id) === config.stack);
  if (!cell) {
    return [];
  }
  const key = (name: string): string => `${projectName}:${name}`;
  const problems: FleetProblem[] = [];
  const selected = config.values[key("cell")];
  if (selected !== cell.id) {
    problems.push({ file: config.file, path: `config.${key("cell")}`, value: selected, message: `must be "${cell.id}", the cell this stack builds` });
  }
  const region = config.values["aws:region"];
  if (region !== undefined && region !== cell.region) {
    problems.push({ file: config.file, path: "config.aws:region", value: region, message: `must be ${cell.region}, the region in ${path.basename(cell.file)}` });
  }
  const certificate = config.values[key("certificateArn")] ?? "";
  const match = ACM_ARN.exec(certificate);
  if (!config.secretKeys.includes(key("certificateArn")) && (!match || match[1] !== cell.region)) {
    problems.push({ file: config.file, path: `config.${key("certificateArn")}`, value: certificate, message: `must be an ACM certificate ARN in ${cell.region} (arn:aws:acm:${cell.region}:<account>:certificate/<id>)` });
  }
  return problems;
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
