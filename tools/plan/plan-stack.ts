/**
 * One stack of a prepared fleet under the mock runtime: the program, configuration and plan-file fields each kind
 * of stack gets (`account`, `region-<region>`, `cell-<id>`, `global`). The same call plans a stack in this thread
 * or in a plan worker (plan-worker.ts), so both paths write the same plan files.
 */
import { runStack } from "../../program";
import { stackTarget } from "../../program/stacks";
import type { JsonObject, PlanFile } from "../lib/plan-file";
import type { PreparedFleet } from "./prepare-fleet";
import { synthesizeStack } from "./synthesize";

/**
 * Synthesizes `stack`, reading `stackOutputs` where it references another stack. `exclusive`: nothing else
 * synthesizes in this thread meanwhile (see {@link synthesizeStack}).
 */
export function planStack(
  prepared: PreparedFleet,
  stack: string,
  stackOutputs: ReadonlyMap<string, JsonObject>,
  exclusive = false,
): Promise<PlanFile> {
  const { fleet, project, configs } = prepared;
  const config = configs.get(stack);
  const target = stackTarget(stack);
  if (!config || !target) {
    throw new Error(`stack ${stack} is not one of the prepared fleet's stacks`);
  }
  const base = {
    project: project.name,
    stack,
    config: config.values,
    secretConfigKeys: config.secretKeys,
    stackOutputs,
    exclusive,
  };
  switch (target.kind) {
    case "account":
      return synthesizeStack({ ...base, meta: { region: "global" }, program: () => runStack(stack, fleet) });
    case "region":
      return synthesizeStack({ ...base, meta: { region: target.region }, program: () => runStack(stack, fleet) });
    case "cell": {
      const cell = fleet.cells.find((candidate) => candidate.id === target.cellId);
      if (!cell) {
        throw new Error(`stack ${stack}: the fleet has no cell ${target.cellId}`);
      }
      const meta = { cell: cell.id, region: cell.region };
      return synthesizeStack({ ...base, meta, program: () => runStack(stack, fleet) });
    }
    case "global":
      return synthesizeStack({ ...base, program: () => runStack(stack, fleet, prepared.tenants) });
  }
}
