import type { Command } from "commander";
import { registerAudit } from "./audit";
import { registerCapacity } from "./capacity";
import { registerDiff } from "./diff";
import { registerMap } from "./map";
import { registerMigrate } from "./migrate";
import { registerNewCell } from "./new-cell";
import { registerPlacement } from "./placement";
import { registerPlan } from "./plan";
import { registerRollout } from "./rollout";

/** Each verb lives in its own file and registers itself here. */
export function registerCommands(program: Command): void {
  registerPlan(program);
  registerDiff(program);
  registerPlacement(program);
  registerAudit(program);
  registerRollout(program);
  registerMap(program);
  registerMigrate(program);
  registerCapacity(program);
  registerNewCell(program);
}
