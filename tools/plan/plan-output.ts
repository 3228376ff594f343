/**
 * Writes plan files all at once or not at all: into a fresh sibling folder first, then swapped into place, so a
 * failed run never leaves a half-written plan folder behind for `cells diff` to misread.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { planFileName, type PlanFile } from "../lib/plan-file";

export const DEFAULT_PLAN_DIR = ".cellplane/plan";

export function serializePlan(plan: PlanFile): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}

export function writePlans(outDir: string, plans: PlanFile[]): void {
  const parent = path.dirname(path.resolve(outDir));
  mkdirSync(parent, { recursive: true });
  const staging = `${path.resolve(outDir)}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    for (const plan of plans) {
      writeFileSync(path.join(staging, planFileName(plan.stack)), serializePlan(plan));
    }
    const previous = `${path.resolve(outDir)}.old-${process.pid}`;
    if (existsSync(outDir)) {
      renameSync(outDir, previous);
    }
    renameSync(staging, outDir);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
