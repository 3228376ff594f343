/**
 * The rollout plan of a fleet folder: its `rollout:` settings, the tenants per cell (from the placement) and the
 * stacks the stacks folder holds, classified by program/stacks.ts, turned into waves by fleet/rollout.ts.
 *
 * Stack order contract: `account` → every `region-<region>` → the cell waves → `global`. Bootstrap stacks are
 * planned when their stack files exist, so a project that adds them needs no change here.
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { FLEET_FILE, loadFleet, readYamlObject, TENANTS_FILE } from "../../fleet/load";
import { placeFleetTenants } from "../../fleet/fleet-placement";
import { FleetValidationError, type FleetProblem } from "../../fleet/problems";
import {
  planWaves,
  rolloutProblems,
  rolloutSchema,
  servingCells,
  type RolloutCell,
  type RolloutSettings,
  type Wave,
} from "../../fleet/rollout";
import type { Fleet } from "../../fleet/schema";
import { loadTenants } from "../../fleet/tenants";
import { cellStackName, stackTarget } from "../../program/stacks";

/** The bootstrap stacks' names, as the stack order contract (docs/rollout.md) spells them. */
export const ACCOUNT_STACK = "account";
export const REGION_STACK_PREFIX = "region-";

export type RolloutStack =
  { kind: "account" } | { kind: "region"; region: string } | { kind: "cell"; cellId: string } | { kind: "global" };

/** What a stack name builds: cell and global stacks as program/stacks.ts parses them, bootstrap stacks by name. */
export function classifyStack(name: string): RolloutStack | undefined {
  const target = stackTarget(name);
  if (target?.kind === "cell") {
    return { kind: "cell", cellId: target.cellId };
  }
  if (target?.kind === "global") {
    return { kind: "global" };
  }
  const plain = name.split("/").pop() ?? name;
  if (plain === ACCOUNT_STACK) {
    return { kind: "account" };
  }
  if (plain.startsWith(REGION_STACK_PREFIX) && plain.length > REGION_STACK_PREFIX.length) {
    return { kind: "region", region: plain.slice(REGION_STACK_PREFIX.length) };
  }
  return undefined;
}

export interface RolloutPlan {
  settings: RolloutSettings;
  waves: Wave[];
  /** Cell id → region, for the gates' messages. */
  cellRegions: Record<string, string>;
}

export interface RolloutPlanOptions {
  cellsDir: string;
  stacksDir: string;
}

/** Loads the fleet and plans its waves; throws {@link FleetValidationError} naming file, field and fix. */
export function buildRolloutPlan(options: RolloutPlanOptions): RolloutPlan {
  const fleet = loadFleet(options.cellsDir);
  const fleetFile = path.join(options.cellsDir, FLEET_FILE);
  const settings = rolloutSchema.parse(readYamlObject(fleetFile).value?.rollout ?? {});
  const cells = rolloutCells(fleet);
  const stacks = listStacks(options.stacksDir);
  const problems: FleetProblem[] = [
    ...rolloutProblems(settings, cells, fleetFile),
    ...missingCellStacks(servingCells(cells), stacks, options.stacksDir),
  ];
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  return { settings, waves: wavesFor(stacks, cells, settings), cellRegions: regionsOf(cells) };
}

/** Waves for the given stack names (bootstrap and global ones are used when present). Pure. */
export function wavesFor(stackNames: readonly string[], cells: readonly RolloutCell[], settings: RolloutSettings) {
  const classified = stackNames.map((name) => ({ name, target: classifyStack(name) }));
  const named = (kind: RolloutStack["kind"]): string[] =>
    classified
      .filter((stack) => stack.target?.kind === kind)
      .map((stack) => stack.name)
      .sort();
  return planWaves({
    cells,
    settings,
    bootstrap: [named("account"), named("region")],
    final: named("global"),
    cellStack: cellStackName,
  });
}

/** Each cell with the number of tenants the placement gives it (none when the fleet has no tenants file). */
export function rolloutCells(fleet: Fleet): RolloutCell[] {
  const hasTenants = existsSync(path.join(fleet.dir, TENANTS_FILE));
  const counts = new Map<string, number>();
  if (hasTenants) {
    for (const load of placeFleetTenants(fleet, loadTenants(fleet).tenants).cells) {
      counts.set(load.cell, load.tenants);
    }
  }
  return fleet.cells.map((cell) => ({
    id: cell.id,
    region: cell.region,
    state: cell.state,
    tenants: counts.get(cell.id) ?? 0,
  }));
}

/** Stack names from the `Pulumi.<stack>.yaml` files of the stacks folder, sorted. */
export function listStacks(stacksDir: string): string[] {
  if (!existsSync(stacksDir)) {
    return [];
  }
  return readdirSync(stacksDir)
    .map((entry) => /^Pulumi\.(.+)\.ya?ml$/.exec(entry)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

function missingCellStacks(serving: readonly RolloutCell[], stacks: readonly string[], stacksDir: string) {
  const present = new Set(stacks);
  return serving
    .filter((cell) => !present.has(cellStackName(cell.id)))
    .map((cell): FleetProblem => ({
      file: path.join(stacksDir, `Pulumi.${cellStackName(cell.id)}.yaml`),
      path: "",
      message:
        `not found: cell ${cell.id} is ${cell.state} and is rolled out; create its stack file ` +
        `(see README "Add a cell") or pass --stacks-dir`,
    }));
}

function regionsOf(cells: readonly RolloutCell[]): Record<string, string> {
  return Object.fromEntries(cells.map((cell) => [cell.id, cell.region]));
}
