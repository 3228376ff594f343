import type { Command } from "commander";
import { registerPlan } from "./plan";

/** Each verb lives in its own file and registers itself here. */
export function registerCommands(program: Command): void {
  registerPlan(program);
}
