/**
 * Everything `cells plan` checks before it loads Pulumi: the fleet files, the project file and every stack file.
 * Kept free of Pulumi imports so bad input is reported in well under a second.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { cellCertificateArnPattern } from "../../fleet/limits";
import { loadFleet } from "../../fleet/load";
import { FleetValidationError, type FleetProblem } from "../../fleet/problems";
import type { Fleet } from "../../fleet/schema";
import { loadTenants, type TenantList } from "../../fleet/tenants";
import { ACCOUNT_STACK, cellStackName, GLOBAL_STACK, regionsInUse, regionStackName } from "../../program/stacks";
import type { JsonObject } from "../lib/plan-file";
import { readProjectFile, readStackConfig, stackFilePath, type ProjectFile, type StackConfig } from "./stack-config";

export interface PlanFleetOptions {
  /** Folder with fleet.yaml and the cell files. */
  cellsDir: string;
  /** Folder with the Pulumi.<stack>.yaml files. */
  stacksDir: string;
  /** Folder with Pulumi.yaml. */
  projectDir: string;
  /** Also plan the global routing stack. Default: when the stacks folder has its stack file. */
  includeGlobal?: boolean;
  /**
   * Also plan the bootstrap stacks (`account`, `region-<region>`), which the cells and global read. Default: when
   * the stacks folder has `Pulumi.account.yaml`.
   */
  includeBootstrap?: boolean;
  /** How many stacks to synthesize at once in one thread (they interleave while waiting on the runtime). */
  concurrency?: number;
  /** Worker threads for the cell stacks (default 1: this thread). Each worker loads Pulumi once. */
  workers?: number;
  /**
   * Plan only these stacks (default: every stack of the fleet). The stacks they read that are not planned must be
   * in `knownOutputs` (tools/plan/select-stacks.ts chooses both).
   */
  stacks?: string[];
  /** Outputs of stacks not planned in this run (from their plan files), as the stacks planned read them. */
  knownOutputs?: [string, JsonObject][];
}

export interface PreparedFleet {
  fleet: Fleet;
  /** The tenants, when the global stack is planned. */
  tenants?: TenantList;
  project: ProjectFile;
  configs: Map<string, StackConfig>;
  /** Whether the bootstrap stacks are planned (their configs are in `configs`). */
  bootstrap: boolean;
}

/** Loads and validates the fleet and its stack files; throws {@link FleetValidationError} with every problem. */
export function prepareFleet(options: PlanFleetOptions): PreparedFleet {
  // Planning only: a reserved example domain is accepted here and refused by every real deployment (index.ts).
  const fleet = loadFleet(options.cellsDir);
  const includeGlobal = options.includeGlobal ?? existsSync(stackFilePath(options.stacksDir, GLOBAL_STACK));
  const tenants = includeGlobal ? loadTenants(fleet) : undefined;
  const bootstrap = options.includeBootstrap ?? existsSync(stackFilePath(options.stacksDir, ACCOUNT_STACK));
  const project = readProjectFile(options.projectDir);
  const stackNames = [
    ...(bootstrap ? [ACCOUNT_STACK, ...regionsInUse(fleet).map(regionStackName)] : []),
    ...fleet.cells.map((cell) => cellStackName(cell.id)),
    ...(includeGlobal ? [GLOBAL_STACK] : []),
  ];
  const configs = readAllStackConfigs(fleet, stackNames, options.stacksDir, project, bootstrap);
  return { fleet, tenants, project, configs, bootstrap };
}

/** Reads every stack file up front, so all configuration problems are reported before any work is done. */
function readAllStackConfigs(
  fleet: Fleet,
  stackNames: string[],
  stacksDir: string,
  project: ProjectFile,
  bootstrap: boolean,
): Map<string, StackConfig> {
  const problems: FleetProblem[] = [];
  const configs = new Map<string, StackConfig>();
  for (const stack of stackNames) {
    const result = readStackConfig(stacksDir, stack, project);
    problems.push(...result.problems);
    if (result.config) {
      configs.set(stack, result.config);
      problems.push(...cellStackConfigProblems(fleet, result.config, project.name, bootstrap));
    }
  }
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  return configs;
}

function cellStackConfigProblems(
  fleet: Fleet,
  config: StackConfig,
  projectName: string,
  bootstrap: boolean,
): FleetProblem[] {
  const cell = fleet.cells.find((candidate) => cellStackName(candidate.id) === config.stack);
  if (!cell) {
    return [];
  }
  const key = (name: string): string => `${projectName}:${name}`;
  const problems: FleetProblem[] = [];
  const selected = config.values[key("cell")];
  if (selected !== cell.id) {
    problems.push({
      file: config.file,
      path: `config.${key("cell")}`,
      value: selected,
      message: `must be "${cell.id}", the cell this stack builds`,
    });
  }
  const region = config.values["aws:region"];
  if (region !== undefined && region !== cell.region) {
    problems.push({
      file: config.file,
      path: "config.aws:region",
      value: region,
      message: `must be ${cell.region}, the region in ${path.basename(cell.file)}`,
    });
  }
  // Optional: by default the cell reads its certificate from its region stack. An override must fit the cell.
  const certificate = config.values[key("certificateArn")] ?? "";
  const secret = config.secretKeys.includes(key("certificateArn"));
  if (!secret && certificate !== "" && !cellCertificateArnPattern(cell.region).test(certificate)) {
    problems.push({
      file: config.file,
      path: `config.${key("certificateArn")}`,
      value: certificate,
      message:
        `must be an ACM certificate ARN in ${cell.region}, such as ` +
        `arn:aws:acm:${cell.region}:123456789012:certificate/0e5b6a0c-1d2e-4f3a-8b9c-0d1e2f3a4b5c, or be left out ` +
        `to use the certificate of stack ${regionStackName(cell.region)}`,
    });
  }
  if (!secret && certificate === "" && !bootstrap) {
    problems.push({
      file: config.file,
      path: `config.${key("certificateArn")}`,
      message:
        `is not set and stacks/Pulumi.${ACCOUNT_STACK}.yaml is missing, so no ${regionStackName(cell.region)} ` +
        "stack issues the cell's certificate: add the bootstrap stack files (see docs/deploy.md) or set an ACM " +
        `certificate ARN in ${cell.region}`,
    });
  }
  return problems;
}
