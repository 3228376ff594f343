/** docs/policy-coverage.md is the generator's output for the current catalog. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyCatalog } from "../../policies/catalog";
import { BROAD, COVERAGE_FILE, renderCoverage } from "../../policies/tools/coverage-table";
import { FSBP_GAPS } from "../../policies/tools/fsbp-gaps";

describe("policy coverage page", () => {
  it("is current (run `npx tsx policies/tools/coverage-table.ts` after changing a policy)", () => {
    expect(readFileSync(COVERAGE_FILE, "utf8")).toBe(renderCoverage());
  });

  it("lists every AWS type a policy reads, and no gap a policy already maps", () => {
    const page = renderCoverage();
    const catalog = policyCatalog().policies;
    for (const entry of catalog.filter((candidate) => candidate.resourceTypes.length <= BROAD)) {
      for (const type of entry.resourceTypes) {
        expect(page, type).toContain(`| \`${type}\` |`);
      }
    }
    const mapped = new Set(catalog.flatMap((entry) => entry.controls.map((control) => control.id)));
    const listedGaps = FSBP_GAPS.filter((gap) => page.includes(`| ${gap.id} | ${gap.title} |`));
    expect(listedGaps.length).toBeGreaterThan(0);
    expect(listedGaps.filter((gap) => mapped.has(gap.id))).toEqual([]);
  });
});
