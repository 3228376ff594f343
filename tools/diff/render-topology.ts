/**
 * The PR comment's fleet map section, shown only when the topology changes: what changed per cell (states as
 * words), then the fleet after the change as a Mermaid flowchart (tools/map/render-mermaid.ts, the same rendering
 * as `cells map --format mermaid`). A map too large for its share of the comment is replaced by the command that
 * draws it.
 */
import { STATE_STYLES } from "../map/model";
import { mermaidBlock } from "../map/render-mermaid";
import { code } from "./markdown";
import type { CellTopologyChange, TopologyChange } from "./model";

/** The section, or "" when the topology does not change. `budget` bounds the map's size in characters. */
export function topologySection(topology: TopologyChange | undefined, budget: number): string {
  if (topology === undefined) {
    return "";
  }
  const lines = ["#### 🗺️ Fleet map: the topology changes", "", ...topology.changes.map(changeLine), ""];
  const map = mermaidBlock(topology.map);
  if (Buffer.byteLength(map, "utf8") <= budget) {
    lines.push(map);
  } else {
    lines.push("The map is too large for this comment: `npx cells map --format html --out map.html` draws it.", "");
  }
  return `${lines.join("\n")}\n`;
}

function changeLine(change: CellTopologyChange): string {
  const cell = `- ${code(change.cell)} (${change.region})`;
  if (change.before === undefined) {
    return `${cell}: **added**, ${STATE_STYLES[change.after ?? "active"].label}`;
  }
  if (change.after === undefined) {
    return `${cell}: **removed** (was ${STATE_STYLES[change.before].label})`;
  }
  return `${cell}: ${STATE_STYLES[change.before].label} → **${STATE_STYLES[change.after].label}**`;
}
