/**
 * The Pulumi program behind every stack of the project. `index.ts` loads the fleet and calls {@link runStack};
 * `cells plan` calls the same function under the mock runtime with a fleet it loaded once for all stacks.
 */
import type { Fleet } from "../fleet/schema";
import { buildCellStack } from "./cell-stack";
import { stackTarget } from "./stacks";

export async function runStack(stack: string, fleet: Fleet): Promise<Record<string, unknown>> {
  const target = stackTarget(stack);
  if (!target) {
    throw new Error(`stack "${stack}" is neither "global" nor "cell-<id>": select one of global, ${fleet.cells.map((cell) => `cell-${cell.id}`).join(", ")}`);
  }
  if (target.kind === "cell") {
    return { ...buildCellStack(fleet, target.cellId) };
  }
  throw new Error("the global stack is not built yet");
}
