/**
 * `cells map` as a user runs it (the CLI in a child process, on a copy of the reference fleet with one cell
 * draining and one evacuated), then the SVG and the HTML opened in headless Chromium (Debian's `chromium`): the SVG
 * parses as a standalone document, every cell is drawn with its state's word, tenants and load, nothing is fetched,
 * and a screenshot of each is kept for a human to look at. Skipped, saying why, only when Chromium is absent.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFleet } from "../../../fleet/load";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { loadTenants } from "../../../fleet/tenants";
import { buildFleetMap, loadText, mapInputOf, STATE_STYLES, tenantsText } from "../../../tools/map/model";
import { runCells } from "../../support/cli";
import { copyReferenceFleet } from "../../support/fleet-dir";

const CHROMIUM = "/usr/bin/chromium";
/** Where the screenshots are kept for a human to look at (the fleet copy is removed afterwards). */
export const SCREENSHOTS = {
  svg: path.join(os.tmpdir(), "cellplane-map-svg.png"),
  html: path.join(os.tmpdir(), "cellplane-map-html.png"),
};

const temp = copyReferenceFleet();
temp.edit("use1-c.yaml", (cell) => (cell.state = "draining"));
temp.edit("apse2-a.yaml", (cell) => (cell.state = "evacuated"));
temp.edit("tenants.yaml", (document) => {
  document.tenants = (document.tenants as Record<string, unknown>[]).filter((tenant) => tenant.pin !== "apse2-a");
});
const fleet = loadFleet(temp.cellsDir);
const map = buildFleetMap(mapInputOf(fleet, placeFleetTenants(fleet, loadTenants(fleet).tenants).cells));
const cells = map.regions.flatMap((region) => region.cells);
const files = { svg: path.join(temp.root, "out", "map.svg"), html: path.join(temp.root, "out", "map.html") };

afterAll(() => temp.cleanup());

describe("cells map, run as a user runs it", () => {
  it("writes the SVG and the HTML, and refuses an unknown format with exit 2 and nothing written", () => {
    for (const format of ["svg", "html"] as const) {
      const run = runCells(["map", "--format", format, "--cells-dir", temp.cellsDir, "--out", files[format]], {
        cwd: temp.root,
      });
      expect(run.stderr).toBe(`cells map: wrote ${files[format]}\n`);
      expect(run.status).toBe(0);
    }
    const bad = runCells(["map", "--format", "png", "--cells-dir", temp.cellsDir], { cwd: temp.root });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("cells map: --format png is not supported; use one of svg, mermaid, html");
    expect(bad.stdout).toBe("");
  });
});

const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) {
  process.stderr.write(`render.e2e.test.ts: ${CHROMIUM} is absent, so the map is not rendered in a browser.\n`);
}

describe.skipIf(chromiumMissing)("cells map in headless Chromium", () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<{ page: Page; requested: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`file://${file}`);
    return { page, requested };
  }

  /** Every cell's group is drawn (a real box on the page) and its text says id, state, tenants and load. */
  async function expectEveryCell(page: Page): Promise<void> {
    for (const cell of cells) {
      const group = page.locator(`svg g[data-cell="${cell.id}"]`);
      expect(await group.count(), cell.id).toBe(1);
      const text = (await group.textContent()) ?? "";
      for (const part of [cell.id, STATE_STYLES[cell.state].label, tenantsText(cell.tenants), loadText(cell)]) {
        expect(text, cell.id).toContain(part);
      }
      const box = await group.boundingBox();
      expect(box?.width ?? 0, cell.id).toBeGreaterThan(150);
      expect(box?.height ?? 0, cell.id).toBeGreaterThan(60);
    }
  }

  it("renders the SVG as a standalone document: every cell drawn, title and description, nothing fetched", async () => {
    const { page, requested } = await open(files.svg);
    expect(await page.locator(":root").evaluate((root: { tagName: string }) => root.tagName)).toBe("svg");
    expect(await page.locator("parsererror").count()).toBe(0);
    expect(await page.locator("svg > title").textContent()).toBe(`Fleet map of ${fleet.routing.domain}`);
    expect(await page.locator("svg > desc").textContent()).toContain("(5 active, 1 draining, 1 evacuated)");
    await expectEveryCell(page);
    expect(requested).toEqual([`file://${files.svg}`]);
    // A full-page screenshot of an SVG document never settles in Chromium; the viewport holds the whole map.
    writeFileSync(SCREENSHOTS.svg, await page.screenshot({ fullPage: false }));
    await page.close();
  }, 60_000);

  it("renders the HTML: the map, the legend, the cell table, and a screenshot", async () => {
    const { page, requested } = await open(files.html);
    expect(await page.title()).toBe(`Fleet map of ${fleet.routing.domain}`);
    await expectEveryCell(page);
    expect(await page.locator("table.legend tbody tr").count()).toBe(3);
    const rows = await page.locator("table.cells tbody tr").allTextContents();
    expect(rows).toHaveLength(cells.length);
    for (const cell of cells) {
      expect(rows.some((row) => row.includes(cell.id) && row.includes(STATE_STYLES[cell.state].label))).toBe(true);
    }
    expect(requested).toEqual([`file://${files.html}`]);
    const screenshot = await page.screenshot({ fullPage: true });
    writeFileSync(SCREENSHOTS.html, screenshot);
    expect(screenshot.length).toBeGreaterThan(20_000);
    expect(readFileSync(files.html, "utf8")).toContain(readFileSync(files.svg, "utf8"));
    await page.close();
  }, 60_000);
});
