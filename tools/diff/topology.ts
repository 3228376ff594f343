/**
 * Topology changes for the PR comment: cells added, removed, drained, evacuated or reactivated between two plans,
 * read from the global stack's `cellLoads` output (every cell's region, state, tenants, load and capacity, as
 * placement counts them: program/global-stack.ts). When the topology changes, the report carries the head's fleet
 * map (tools/map/model.ts), which the Markdown renders as Mermaid; when it does not, nothing is added. Plans made
 * before the output existed have no `cellLoads`, and then no map is drawn.
 */
import { z } from "zod";
import type { CellLoad } from "../../fleet/placement";
import { CELL_STATES } from "../../fleet/schema";
import { GLOBAL_STACK } from "../../program/stacks";
import type { PlanFile } from "../lib/plan-file";
import { buildFleetMap } from "../map/model";
import { compareStrings, type CellTopologyChange, type TopologyChange } from "./model";

const cellLoadsSchema = z.array(
  z.object({
    cell: z.string(),
    region: z.string(),
    state: z.enum(CELL_STATES),
    tenants: z.number(),
    load: z.number(),
    capacity: z.number(),
  }),
);
const APP_PREFIX = "app.";

/** The change between the global stacks of two plan sets, or undefined when the cells and their states are equal. */
export function topologyChange(base: readonly PlanFile[], head: readonly PlanFile[]): TopologyChange | undefined {
  const baseGlobal = base.find((plan) => plan.stack === GLOBAL_STACK);
  const headGlobal = head.find((plan) => plan.stack === GLOBAL_STACK);
  const before = cellLoadsOf(baseGlobal);
  const after = cellLoadsOf(headGlobal);
  const endpoint = headGlobal?.outputs.endpoint;
  const failoverRegion = headGlobal?.outputs.failoverRegion;
  if (!before || !after || typeof endpoint !== "string" || !endpoint.startsWith(APP_PREFIX)) {
    return undefined;
  }
  const beforeById = new Map(before.map((cell) => [cell.cell, cell]));
  const afterById = new Map(after.map((cell) => [cell.cell, cell]));
  const ids = [...new Set([...beforeById.keys(), ...afterById.keys()])].sort(compareStrings);
  const changes = ids.flatMap((id): CellTopologyChange[] => {
    const was = beforeById.get(id);
    const is = afterById.get(id);
    if (was?.state === is?.state) {
      return [];
    }
    return [
      {
        cell: id,
        region: (is ?? was)?.region ?? "",
        ...(was ? { before: was.state } : {}),
        ...(is ? { after: is.state } : {}),
      },
    ];
  });
  if (changes.length === 0) {
    return undefined;
  }
  const map = buildFleetMap({
    domain: endpoint.slice(APP_PREFIX.length),
    defaultRegion: typeof failoverRegion === "string" ? failoverRegion : "",
    cells: after,
  });
  return { changes, map };
}

function cellLoadsOf(plan: PlanFile | undefined): CellLoad[] | undefined {
  const parsed = cellLoadsSchema.safeParse(plan?.outputs.cellLoads);
  return parsed.success ? parsed.data : undefined;
}
