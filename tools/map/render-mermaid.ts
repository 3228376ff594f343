/**
 * The fleet map as a Mermaid flowchart (GitHub renders it in Markdown): the edge, Route 53, one subgraph per
 * region, one node per cell whose label carries the state's word, the tenant count and a text load bar, so the
 * map reads the same without colour. Node styles per state repeat what the word says.
 */
import { cellsText, loadText, STATE_STYLES, tenantsText, type FleetMap, type MapCell } from "./model";

const BAR_SEGMENTS = 10;

/** The flowchart source, without the Markdown fence. */
export function renderMermaid(map: FleetMap): string {
  const lines = [
    "flowchart TB",
    `  edge_layer["${label("Edge: CloudFront + edge router")}<br/>` +
      `${label(`${map.edge.endpoint} · ${map.edge.tenantHosts}`)}"]`,
    `  dns_layer["${label(`Route 53: ${map.edge.origin}`)}<br/>${label(routesText(map))}"]`,
    `  edge_layer -->|"${label("no tenant named")}"| dns_layer`,
  ];
  for (const region of map.regions) {
    const id = nodeId("r", region.region);
    const flags = [region.latency ? "latency" : "", region.failover ? "failover" : ""].filter(Boolean);
    const title = [region.region, cellsText(region.cells.length), tenantsText(region.tenants), ...flags].join(" · ");
    lines.push(`  subgraph ${id}["${label(title)}"]`);
    for (const cell of region.cells) {
      lines.push(`    ${nodeId("c", cell.id)}["${cellLabel(cell)}"]:::${cell.state}`);
    }
    lines.push("  end");
    lines.push(`  edge_layer -->|"${label("tenant → cell")}"| ${id}`);
    if (region.latency) {
      lines.push(`  dns_layer -.-> ${id}`);
    }
  }
  for (const state of ["active", "draining", "evacuated"] as const) {
    const style = STATE_STYLES[state];
    const dash = style.dash === "" ? "" : `,stroke-dasharray:${style.dash}`;
    lines.push(`  classDef ${state} fill:${style.fill},color:${style.text},stroke:#111111,stroke-width:2px${dash}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The map as a fenced Markdown block. */
export function mermaidBlock(map: FleetMap): string {
  return `\`\`\`mermaid\n${renderMermaid(map)}\`\`\`\n`;
}

function cellLabel(cell: MapCell): string {
  return [
    label(`${cell.id} · ${STATE_STYLES[cell.state].label}`),
    label(tenantsText(cell.tenants)),
    label(`${loadBar(cell.utilisation)} ${loadText(cell)}`),
  ].join("<br/>");
}

function routesText(map: FleetMap): string {
  return map.edge.failoverRegion === undefined
    ? "no active cell"
    : `latency: ${map.edge.latencyRegions.join(", ")} · last resort: ${map.edge.failoverRegion}`;
}

/** "███░░░░░░░": one segment per tenth of the capacity (a non-zero load shows at least one). */
export function loadBar(utilisation: number): string {
  const clamped = Math.min(1, Math.max(0, utilisation));
  const filled = clamped > 0 ? Math.max(1, Math.round(clamped * BAR_SEGMENTS)) : 0;
  return "█".repeat(filled) + "░".repeat(BAR_SEGMENTS - filled);
}

/** Mermaid node ids: letters, digits and underscores. */
function nodeId(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** Text inside a quoted Mermaid label: quotes and angle brackets become entity codes. */
function label(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
