import { describe, expect, it } from "vitest";
import { benchDiff, generatePlanSets } from "../../../tools/bench/diff";
import { diffPlanSets } from "../../../tools/diff/plan-diff";
import { commentSize, GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../../tools/diff/render-markdown";

describe("tools/bench/diff", () => {
  // Timings are measured by `npm run bench`, never asserted here: this only checks the benchmark measures what it says.
  it("diffs and renders two 100-cell plan sets", () => {
    const result = benchDiff();
    expect(result.stacks).toBe(100);
    expect(result.resources).toBeGreaterThan(4_000);
    expect(result.seconds).toBeGreaterThan(0);
  });

  it("produces a comment that fits and leads with the removed cell and the renamed queues", () => {
    const { base, head } = generatePlanSets();
    const markdown = renderMarkdown(diffPlanSets(base, head));
    expect(commentSize(markdown)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const lines = markdown.split("\n");
    const banner = lines
      .slice(
        0,
        lines.findIndex((line) => line.startsWith("| Stack |")),
      )
      .join("\n");
    expect(banner).toContain("`cell-c099` **stack removed**");
    expect(banner).toContain("**replace** `c005-queue-0` `aws:sqs/queue:Queue`");
  });
});
