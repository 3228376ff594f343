/**
 * The fleet map: one model from the fleet and its placement, three renderings that say the same thing. Every cell
 * appears in each with its state as a word (never colour alone), its tenant count and its load; the SVG is a
 * standalone document with a title and a description.
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadFleet } from "../../../fleet/load";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { loadTenants } from "../../../fleet/tenants";
import {
  buildFleetMap,
  loadText,
  mapInputOf,
  STATE_STYLES,
  tenantsText,
  type FleetMap,
} from "../../../tools/map/model";
import { renderHtml } from "../../../tools/map/render-html";
import { loadBar, renderMermaid } from "../../../tools/map/render-mermaid";
import { renderSvg, SVG_DESC_ID, SVG_TITLE_ID } from "../../../tools/map/render-svg";
import { copyReferenceFleet } from "../../support/fleet-dir";

const temp = copyReferenceFleet();
afterAll(() => temp.cleanup());

function mapOf(edit?: () => void): FleetMap {
  edit?.();
  const fleet = loadFleet(temp.cellsDir);
  const placement = placeFleetTenants(fleet, loadTenants(fleet).tenants);
  return buildFleetMap(mapInputOf(fleet, placement.cells));
}

describe("the fleet map model", () => {
  const fleet = loadFleet(temp.cellsDir);
  const placement = placeFleetTenants(fleet, loadTenants(fleet).tenants);
  const map = mapOf();

  it("holds every cell once, under its region, in the fleet's region order, with placement's loads", () => {
    expect(map.regions.map((region) => region.region)).toEqual(
      Object.keys(fleet.regions).filter((region) => fleet.cells.some((cell) => cell.region === region)),
    );
    const cells = map.regions.flatMap((region) => region.cells);
    expect(cells.map((cell) => cell.id).sort()).toEqual(fleet.cells.map((cell) => cell.id).sort());
    for (const load of placement.cells) {
      const cell = cells.find((candidate) => candidate.id === load.cell);
      expect(cell).toMatchObject({ region: load.region, state: load.state, tenants: load.tenants, load: load.load });
      expect(cell?.utilisation).toBeCloseTo(load.load / load.capacity);
    }
    expect(map.totals.tenants).toBe(Object.keys(placement.assignments).length);
    expect(map.states).toEqual({ active: fleet.cells.length, draining: 0, evacuated: 0 });
    expect(map.edge).toMatchObject({
      endpoint: `app.${fleet.routing.domain}`,
      origin: `origin.${fleet.routing.domain}`,
      failoverRegion: fleet.routing.defaultRegion,
    });
  });

  it("follows a drain and an evacuation: states, loads and the regions Route 53 sends traffic to", () => {
    const changed = mapOf(() => {
      temp.edit("use1-c.yaml", (cell) => (cell.state = "draining"));
      temp.edit("apse2-a.yaml", (cell) => (cell.state = "evacuated"));
      temp.edit("tenants.yaml", (document) => {
        const tenants = document.tenants as Record<string, unknown>[];
        document.tenants = tenants.filter((tenant) => tenant.pin !== "apse2-a");
      });
    });
    const cells = changed.regions.flatMap((region) => region.cells);
    expect(cells.find((cell) => cell.id === "use1-c")).toMatchObject({ state: "draining", tenants: 0, load: 0 });
    expect(cells.find((cell) => cell.id === "apse2-a")).toMatchObject({ state: "evacuated", tenants: 0 });
    expect(changed.states).toEqual({ active: 5, draining: 1, evacuated: 1 });
    expect(changed.edge.latencyRegions).not.toContain("ap-southeast-2");
    expect(changed.regions.find((region) => region.region === "ap-southeast-2")?.latency).toBe(false);
  });
});

describe("the three renderings of one map", () => {
  const map = mapOf(() => temp.edit("use1-c.yaml", (cell) => (cell.state = "draining")));
  const outputs = { svg: renderSvg(map), mermaid: renderMermaid(map), html: renderHtml(map) };

  it("show every cell with its state's word, its tenants and its load, in every format", () => {
    for (const region of map.regions) {
      for (const cell of region.cells) {
        for (const [format, text] of Object.entries(outputs)) {
          expect(text, `${format} ${cell.id}`).toContain(cell.id);
          expect(text, `${format} ${cell.id}`).toContain(STATE_STYLES[cell.state].label);
        }
        expect(outputs.svg).toContain(`${cell.id}: ${STATE_STYLES[cell.state].label}, ${tenantsText(cell.tenants)}, `);
        expect(outputs.svg).toContain(`>${loadText(cell)}</text>`);
        expect(outputs.mermaid).toContain(
          `${cell.id} · ${STATE_STYLES[cell.state].label}<br/>${tenantsText(cell.tenants)}<br/>` +
            `${loadBar(cell.utilisation)} ${loadText(cell)}"]:::${cell.state}`,
        );
        expect(outputs.html).toContain(`<tr data-cell="${cell.id}">`);
      }
    }
  });

  it("SVG: one standalone document with a title and a description, one group per cell", () => {
    expect(outputs.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(outputs.svg).toContain(`aria-labelledby="${SVG_TITLE_ID} ${SVG_DESC_ID}"`);
    expect(outputs.svg).toMatch(new RegExp(`<title id="${SVG_TITLE_ID}">Fleet map of [^<]+</title>`));
    expect(outputs.svg).toMatch(new RegExp(`<desc id="${SVG_DESC_ID}">7 cells in 4 regions \\(6 active, 1 draining`));
    const cellCount = map.regions.reduce((total, region) => total + region.cells.length, 0);
    expect(outputs.svg.match(/<g role="group" aria-label="[^"]+" data-cell=/g)).toHaveLength(cellCount);
    expect(outputs.svg.match(/<svg/g)).toHaveLength(1);
    expect(outputs.svg).not.toMatch(/<script|href=|url\(http/);
  });

  it("HTML: embeds that SVG as is, with a legend naming every state and its border", () => {
    expect(outputs.html).toContain(outputs.svg);
    for (const style of Object.values(STATE_STYLES)) {
      expect(outputs.html).toContain(`>${style.label}</span></td>`);
    }
    expect(outputs.html).toMatch(/<td><span class="swatch"[^>]*><\/span> dashed<\/td>/);
  });

  it("Mermaid: a flowchart with the edge, Route 53, one subgraph per region and a style per state", () => {
    const lines = outputs.mermaid.split("\n");
    expect(lines[0]).toBe("flowchart TB");
    expect(lines.filter((line) => line.trim().startsWith("subgraph "))).toHaveLength(map.regions.length);
    expect(outputs.mermaid).toContain(`edge_layer["Edge: CloudFront + edge router<br/>${map.edge.endpoint}`);
    expect(outputs.mermaid).toContain("classDef draining fill:#8a4b00,");
    expect(outputs.mermaid).not.toMatch(/\["[^"\]]*"[^\]]*"\]/);
  });

  it("load bars: a tenth of the capacity per segment, at least one for any load", () => {
    expect(loadBar(0)).toBe("░".repeat(10));
    expect(loadBar(0.001)).toBe(`█${"░".repeat(9)}`);
    expect(loadBar(0.54)).toBe(`${"█".repeat(5)}${"░".repeat(5)}`);
    expect(loadBar(1.2)).toBe("█".repeat(10));
  });
});
