/**
 * The fleet map as one standalone SVG document: the edge and Route 53 layer on top, one column per region, one box
 * per cell with its state as a coloured badge carrying the state's word (and a border style per state), its tenant
 * count and a load bar with the load as text. `<title>` and `<desc>` describe the whole map for screen readers;
 * every cell group has its own title.
 */
import { html as escape } from "../diff/markdown";
import { cellsText, loadText, STATE_STYLES, tenantsText, type FleetMap, type MapCell, type MapRegion } from "./model";

const MARGIN = 20;
const COLUMN = 272;
const GAP = 24;
const CELL_HEIGHT = 96;
const CELL_GAP = 12;
const REGION_HEADER = 52;
const EDGE_TOP = 52;
const LAYER_HEIGHT = 56;
const REGIONS_TOP = EDGE_TOP + 2 * LAYER_HEIGHT + 2 * 20 + 16;
const MIN_WIDTH = 780;
const BAR_WIDTH = COLUMN - 48;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

/** Ids of the title and description elements (the HTML page points at them too). */
export const SVG_TITLE_ID = "fleet-map-title";
export const SVG_DESC_ID = "fleet-map-desc";

export function mapTitle(map: FleetMap): string {
  return `Fleet map of ${map.domain}`;
}

/** One sentence per layer, for `<desc>` and the HTML page's summary. */
export function mapDescription(map: FleetMap): string {
  const states = (["active", "draining", "evacuated"] as const).map(
    (state) => `${map.states[state]} ${STATE_STYLES[state].label.toLowerCase()}`,
  );
  const failover =
    map.edge.failoverRegion === undefined
      ? "No cell is active, so the edge has nowhere to send traffic."
      : `Route 53 (${map.edge.origin}) sends requests that name no tenant to the nearest of ` +
        `${map.edge.latencyRegions.join(", ")}, and everything to ${map.edge.failoverRegion} as the last resort.`;
  const regions = map.regions.map(
    (region) =>
      `${region.region}: ${region.cells
        .map((cell) => `${cell.id} ${STATE_STYLES[cell.state].label}, ${tenantsText(cell.tenants)}, ${loadText(cell)}`)
        .join("; ")}.`,
  );
  return [
    `${map.totals.cells} cells in ${map.regions.length} regions (${states.join(", ")}) host ` +
      `${tenantsText(map.totals.tenants)}.`,
    `The edge (CloudFront at ${map.edge.endpoint} and ${map.edge.tenantHosts}) sends each tenant's requests ` +
      "to its cell.",
    failover,
    ...regions,
  ].join(" ");
}

export function renderSvg(map: FleetMap): string {
  const columns = Math.max(map.regions.length, 1);
  const width = Math.max(MIN_WIDTH, 2 * MARGIN + columns * COLUMN + (columns - 1) * GAP);
  const tallest = Math.max(1, ...map.regions.map((region) => region.cells.length));
  const height = REGIONS_TOP + REGION_HEADER + tallest * (CELL_HEIGHT + CELL_GAP) + MARGIN;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-labelledby="${SVG_TITLE_ID} ${SVG_DESC_ID}" font-family="${escape(FONT)}" font-size="13">`,
    `<title id="${SVG_TITLE_ID}">${escape(mapTitle(map))}</title>`,
    `<desc id="${SVG_DESC_ID}">${escape(mapDescription(map))}</desc>`,
    "<defs>",
    '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">',
    '<path d="M0,0 L10,5 L0,10 z" fill="#37474f"/></marker>',
    "</defs>",
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="32" font-size="18" font-weight="700" fill="#111111">${escape(mapTitle(map))}</text>`,
    ...layers(map, width),
    ...map.regions.flatMap((region, index) => regionColumn(region, MARGIN + index * (COLUMN + GAP))),
    "</svg>",
  ];
  return `${parts.join("\n")}\n`;
}

function layers(map: FleetMap, width: number): string[] {
  const inner = width - 2 * MARGIN;
  const dnsTop = EDGE_TOP + LAYER_HEIGHT + 20;
  const routes =
    map.edge.failoverRegion === undefined
      ? "no active cell: nothing takes tenant-agnostic traffic"
      : `no tenant named: latency ${map.edge.latencyRegions.join(", ")} · last resort ${map.edge.failoverRegion}`;
  const out = [
    `<g role="group" aria-label="Edge layer"><title>Edge: CloudFront and the edge router</title>`,
    box(MARGIN, EDGE_TOP, inner, LAYER_HEIGHT, "#e3f2fd", "#1565c0"),
    text(MARGIN + 14, EDGE_TOP + 22, `Edge · CloudFront ${map.edge.endpoint} and ${map.edge.tenantHosts}`, 700),
    text(
      MARGIN + 14,
      EDGE_TOP + 42,
      "edge router (CloudFront Function): tenant → cell map, sends each tenant to its cell",
    ),
    "</g>",
    `<g role="group" aria-label="Route 53 layer"><title>Route 53: ${escape(map.edge.origin)}</title>`,
    box(MARGIN, dnsTop, inner, LAYER_HEIGHT, "#f3e5f5", "#6a1b9a"),
    text(
      MARGIN + 14,
      dnsTop + 22,
      `Route 53 · <cell>.cells.${map.domain} per serving cell · ${map.edge.origin} failover`,
      700,
    ),
    text(MARGIN + 14, dnsTop + 42, routes),
    "</g>",
    arrow(MARGIN + 40, EDGE_TOP + LAYER_HEIGHT, MARGIN + 40, dnsTop),
  ];
  map.regions.forEach((region, index) => {
    // No arrow into a region that serves nothing (every cell evacuated): no record points there.
    if (region.cells.some((cell) => cell.state !== "evacuated")) {
      const x = MARGIN + index * (COLUMN + GAP) + COLUMN / 2;
      out.push(arrow(x, dnsTop + LAYER_HEIGHT, x, REGIONS_TOP));
    }
  });
  return out;
}

function regionColumn(region: MapRegion, x: number): string[] {
  const flags = [region.latency ? "latency" : "no latency record", region.failover ? "failover" : ""].filter(Boolean);
  const height = REGION_HEADER + region.cells.length * (CELL_HEIGHT + CELL_GAP);
  return [
    `<g role="group" aria-label="Region ${escape(region.region)}">`,
    `<title>${escape(`${region.region}: ${cellsText(region.cells.length)}, ${tenantsText(region.tenants)}`)}</title>`,
    box(x, REGIONS_TOP, COLUMN, height, "#fafafa", "#90a4ae"),
    text(x + 12, REGIONS_TOP + 22, region.region, 700, 15),
    text(
      x + 12,
      REGIONS_TOP + 40,
      `${cellsText(region.cells.length)} · ${tenantsText(region.tenants)} · ${flags.join(", ")}`,
    ),
    ...region.cells.flatMap((cell, index) =>
      cellBox(cell, x + 12, REGIONS_TOP + REGION_HEADER + index * (CELL_HEIGHT + CELL_GAP)),
    ),
    "</g>",
  ];
}

function cellBox(cell: MapCell, x: number, y: number): string[] {
  const style = STATE_STYLES[cell.state];
  const width = COLUMN - 24;
  const fill = Math.round(Math.min(1, cell.utilisation) * BAR_WIDTH);
  const summary = `${cell.id}: ${style.label}, ${tenantsText(cell.tenants)}, ${loadText(cell)}`;
  return [
    `<g role="group" aria-label="${escape(summary)}" data-cell="${escape(cell.id)}" data-state="${cell.state}">`,
    `<title>${escape(summary)}</title>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${CELL_HEIGHT}" rx="6" fill="#ffffff" stroke="${style.fill}" ` +
      `stroke-width="2"${style.dash === "" ? "" : ` stroke-dasharray="${style.dash}"`}/>`,
    text(x + 12, y + 24, cell.id, 700, 15),
    `<rect x="${x + width - 98}" y="${y + 9}" width="88" height="22" rx="11" fill="${style.fill}"/>`,
    `<text x="${x + width - 54}" y="${y + 24}" text-anchor="middle" font-size="11" font-weight="700" ` +
      `fill="${style.text}">${style.label}</text>`,
    text(x + 12, y + 48, tenantsText(cell.tenants)),
    `<rect x="${x + 12}" y="${y + 56}" width="${BAR_WIDTH}" height="12" fill="#eceff1" stroke="#607d8b"/>`,
    `<rect x="${x + 12}" y="${y + 56}" width="${fill}" height="12" fill="#1565c0"/>`,
    text(x + 12, y + 86, loadText(cell)),
    "</g>",
  ];
}

function box(x: number, y: number, width: number, height: number, fill: string, stroke: string): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="8" fill="${fill}" stroke="${stroke}"/>`;
}

function text(x: number, y: number, content: string, weight = 400, size = 13): string {
  const bold = weight === 400 ? "" : ` font-weight="${weight}"`;
  const font = size === 13 ? "" : ` font-size="${size}"`;
  return `<text x="${x}" y="${y}" fill="#111111"${bold}${font}>${escape(content)}</text>`;
}

function arrow(x1: number, y1: number, x2: number, y2: number): string {
  return (
    `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2 - 2}" stroke="#37474f" stroke-width="1.5" ` +
    'marker-end="url(#arrow)"/>'
  );
}
