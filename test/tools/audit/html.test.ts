/**
 * `cells audit --format html`, rendered the way an auditor opens it: headless Chromium (Debian's `chromium`)
 * loads the file, nothing is fetched from anywhere, the tables render with the rows they should, every policy
 * and control has its anchor, and a screenshot is taken. Skipped, saying why, only when Chromium is absent.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { policyCatalog } from "../../../policies/catalog";
import { controlId, policyId, renderHtml } from "../../../tools/audit/render-html";
import { buildAuditReport, type PolicyEvidence } from "../../../tools/audit/report";
import { threeCells } from "./plans";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
/** Where the screenshot is kept for a human to look at (the test folder is removed afterwards). */
export const SCREENSHOT = path.join(os.tmpdir(), "cellplane-audit-html.png");

const catalog = policyCatalog();
const evidence = new Map<string, PolicyEvidence>(
  catalog.policies.map((policy) => [policy.name, { testFiles: ["test/policies/policies.test.ts"], caseTables: [] }]),
);
const report = buildAuditReport(catalog, threeCells(), evidence, {
  evaluatedOn: "2030-01-15",
  waiverProblems: [{ stack: "cell-a", message: "policies/waivers.yaml: stacks.cell-a[0] needs owner" }],
  provenance: {
    commit: "0123456789abcdef0123456789abcdef01234567",
    uncommitted: true,
    evaluatedOn: "2030-01-15",
    dateSource: "CELLPLANE_TODAY",
    toolVersion: "0.1.0",
    packVersion: catalog.version,
    plans: ".cellplane/plan",
    stale: [],
  },
});
const html = renderHtml(report);

describe("cells audit --format html, as a document", () => {
  it("is self-contained: no external stylesheet, script, image, font or frame", () => {
    expect(html).not.toMatch(/<(link|script|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/url\(|@import|src=/i);
  });

  it("has an anchor per policy and per control, and the matrix as a table with headers", () => {
    for (const policy of catalog.policies) {
      expect(html).toContain(`id="${policyId(policy.name)}"`);
      for (const control of policy.controls) {
        expect(html).toContain(`id="${controlId(control)}"`);
      }
    }
    expect(html).toContain('<th scope="col">a</th><th scope="col">b</th><th scope="col">c</th>');
  });
});

const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing) {
  process.stderr.write(
    `html.test.ts: ${CHROMIUM} is absent, so the HTML report is not rendered in a browser. ` +
      "Install it (Debian: apt-get install -y chromium) to run this check.\n",
  );
}

describe.skipIf(chromiumMissing)("cells audit --format html, in headless Chromium", () => {
  let scratch: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "cellplane-audit-html-"));
    // A new, throw-away profile (user-data-dir) for every run.
    browser = await chromium.launchPersistentContext(path.join(scratch, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: 1200, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("renders every table, fetches nothing, and takes a screenshot", async () => {
    const file = path.join(scratch, "audit.html");
    writeFileSync(file, html);
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    await page.goto(`file://${file}`);

    expect(requested).toEqual([`file://${file}`]);
    expect(await page.title()).toBe(`Policy audit: ${catalog.pack} ${catalog.version}`);
    const matrixRows = await page.locator("table.matrix tbody tr").count();
    expect(matrixRows).toBe(catalog.policies.length);
    expect(await page.locator("table.matrix thead th").count()).toBe(report.stacks.length + 1);
    expect(await page.locator("table.matrix tbody td").count()).toBe(catalog.policies.length * report.stacks.length);
    const box = await page.locator("table.matrix").boundingBox();
    expect(box?.height ?? 0).toBeGreaterThan(matrixRows * 10);

    const ids = await page.locator("[id]").evaluateAll((nodes: { id: string }[]) => nodes.map((node) => node.id));
    for (const policy of catalog.policies) {
      expect(ids).toContain(policyId(policy.name));
    }
    const distinctControls = new Set(catalog.policies.flatMap((policy) => policy.controls.map(controlId)));
    expect(await page.locator("table.controls tbody tr").count()).toBe(distinctControls.size);
    expect(await page.locator("#waivers-expired-table tbody tr").count()).toBe(report.summary.waivers.expired.length);
    expect(await page.locator("#waivers-invalid-table tbody tr").count()).toBe(report.summary.waivers.invalid.length);

    const screenshot = await page.screenshot({ fullPage: false });
    writeFileSync(SCREENSHOT, screenshot);
    await page.locator("#matrix").screenshot({ path: SCREENSHOT.replace(/\.png$/, "-matrix.png") });
    await page.emulateMedia({ colorScheme: "light", media: "print" });
    expect(screenshot.length).toBeGreaterThan(10_000);
    expect(await page.locator("nav").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    await page.close();
  }, 60_000);
});
