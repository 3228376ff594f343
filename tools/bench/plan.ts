/** Plan benchmark: synthesize a fleet offline and report time and resources. */
import * as path from "node:path";
import { rmSync } from "node:fs";
import { synthesizeFleet } from "../plan/plan-fleet";
import { prepareFleet } from "../plan/prepare-fleet";
import { isCloudResource } from "../plan/plan-summary";
import { generateFleet } from "./generate-fleet";

export interface PlanBenchResult {
  fleet: string;
  stacks: number;
  resources: number;
  seconds: number;
}

const PROJECT_DIR = path.resolve(__dirname, "..", "..");

export async function benchPlan(
  fleetName: string,
  cellsDir: string,
  stacksDir: string,
  workers = 1,
): Promise<PlanBenchResult> {
  const options = { cellsDir, stacksDir, projectDir: PROJECT_DIR, workers };
  const started = process.hrtime.bigint();
  const { plans } = await synthesizeFleet(prepareFleet(options), options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const resources = plans.reduce((sum, plan) => sum + plan.resources.filter(isCloudResource).length, 0);
  return { fleet: fleetName, stacks: plans.length, resources, seconds };
}

export async function benchGeneratedPlan(cellCount: number, workers = 1): Promise<PlanBenchResult> {
  const generated = generateFleet(cellCount);
  try {
    return await benchPlan(`generated, ${cellCount} cells`, generated.cellsDir, generated.stacksDir, workers);
  } finally {
    rmSync(generated.root, { recursive: true, force: true });
  }
}
