/**
 * The fleet map as one self-contained HTML page: the SVG map inline, a legend (each state's word, colour, border
 * and meaning; how to read the load bar) and the same data as a table, so nothing depends on seeing the picture.
 */
import { html as escape } from "../diff/markdown";
import { loadText, percent, STATE_STYLES, tenantsText, type FleetMap } from "./model";
import { mapDescription, mapTitle, renderSvg } from "./render-svg";

const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 24px;
  color: #111; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
figure { margin: 0; overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border: 1px solid #b0bec5; padding: 4px 10px; text-align: left; vertical-align: top; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; min-width: 84px; padding: 2px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 700; text-align: center; }
.swatch { display: inline-block; width: 40px; height: 14px; border: 2px solid; vertical-align: middle; }
`;

export function renderHtml(map: FleetMap): string {
  const states = (["active", "draining", "evacuated"] as const).map((state) => {
    const style = STATE_STYLES[state];
    const border = style.dash === "" ? "solid" : style.dash.startsWith("2") ? "dotted" : "dashed";
    return (
      `<tr><td><span class="badge" style="background:${style.fill}">${style.label}</span></td>` +
      `<td><span class="swatch" style="border-color:${style.fill};border-style:${border}"></span> ${border}</td>` +
      `<td>${escape(style.meaning)}</td><td class="number">${map.states[state]}</td></tr>`
    );
  });
  const rows = map.regions.flatMap((region) =>
    region.cells.map(
      (cell) =>
        `<tr data-cell="${escape(cell.id)}"><td>${escape(region.region)}</td><th scope="row">${escape(cell.id)}</th>` +
        `<td><span class="badge" style="background:${STATE_STYLES[cell.state].fill}">` +
        `${STATE_STYLES[cell.state].label}</span></td><td class="number">${cell.tenants}</td>` +
        `<td class="number">${cell.load}/${cell.capacity}</td>` +
        `<td class="number">${percent(cell.utilisation)}</td></tr>`,
    ),
  );
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escape(mapTitle(map))}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escape(mapTitle(map))}</h1>`,
    `<p>${escape(mapDescription(map).split(". ").slice(0, 3).join(". "))}.</p>`,
    `<figure>${renderSvg(map)}</figure>`,
    '<h2 id="legend">Legend</h2>',
    '<table class="legend"><thead><tr><th scope="col">state</th><th scope="col">border</th>',
    '<th scope="col">meaning</th><th scope="col">cells</th></tr></thead>',
    `<tbody>${states.join("")}</tbody></table>`,
    "<p>The bar under each cell is its load: the sum of its tenants' weights against its " +
      "<code>capacity.maxTenants</code>, as placement counts it (full bar = the cell takes no more tenants). " +
      `Example: ${escape(loadText({ load: 150, capacity: 600, utilisation: 0.25 }))}.</p>`,
    '<h2 id="cells">Cells</h2>',
    '<table class="cells"><thead><tr><th scope="col">region</th><th scope="col">cell</th>',
    '<th scope="col">state</th><th scope="col">tenants</th><th scope="col">load/capacity</th>',
    '<th scope="col">load</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody></table>`,
    `<p>${escape(tenantsText(map.totals.tenants))} in total.</p>`,
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
