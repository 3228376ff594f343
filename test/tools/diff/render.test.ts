import { describe, expect, it } from "vitest";
import { failingConditions, parseFailOn } from "../../../tools/diff/fail-on";
import { diffPlanSets } from "../../../tools/diff/plan-diff";
import { DIFF_JSON_VERSION, renderJson } from "../../../tools/diff/render-json";
import { COMMENT_MARKER, commentSize, GITHUB_COMMENT_LIMIT, renderMarkdown } from "../../../tools/diff/render-markdown";
import type { PlanFile } from "../../../tools/lib/plan-file";
import { cellPlan, plan, QUEUE, resource, SECURITY_GROUP } from "./helpers";

function fleet(cells: number, change: (stack: string) => PlanFile = (stack) => cellPlan(stack)): PlanFile[] {
  return Array.from({ length: cells }, (_, index) => change(`cell-${String(index).padStart(3, "0")}`));
}

describe("renderMarkdown", () => {
  const base = [...fleet(4), cellPlan("cell-zzz")];
  const head = fleet(4, (stack) =>
    stack === "cell-001"
      ? cellPlan(stack, { queueName: "renamed" })
      : stack === "cell-002"
        ? cellPlan(stack, { instanceClass: "db.r7g.2xlarge" })
        : cellPlan(stack),
  );
  const report = diffPlanSets(base, head, { baseLabel: "HEAD~1 (abc1234)", headLabel: "working tree" });
  const markdown = renderMarkdown(report);
  const lines = markdown.split("\n");

  it("opens with the marker and a headline that names the risk, then the risk banner before anything else", () => {
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe("### cellplane diff: 🔴 1 destructive change and 1 notice · 3 of 5 stacks changed");
    const bannerStart = lines.findIndex((line) => line === "> [!CAUTION]");
    const tableStart = lines.findIndex((line) => line.startsWith("| Stack |"));
    expect(bannerStart).toBeGreaterThan(0);
    expect(bannerStart).toBeLessThan(tableStart);
    expect(lines[bannerStart + 2]).toContain("`cell-001` **replace** `orders` `aws:sqs/queue:Queue`");
    expect(lines[bannerStart + 3]).toBe(
      "> - ⚪ `cell-zzz` **stack removed**: removed from the code, not destroyed: its 5 resources are orphaned " +
        "until `pulumi destroy -s cell-zzz`",
    );
  });

  it("has one collapsible section per changed stack, risky stacks first, a removed stack in one line", () => {
    const summaries = lines.filter((line) => line.startsWith("<details><summary>"));
    expect(summaries.map((line) => /<code>([^<]+)<\/code>/.exec(line)?.[1])).toEqual(["cell-001", "cell-002"]);
    expect(lines.filter((line) => line.includes("cell-zzz") && !line.startsWith(">") && !line.startsWith("|"))).toEqual(
      ["- ⚪ `cell-zzz` removed from the code: 5 resources orphaned until `pulumi destroy -s cell-zzz`"],
    );
    expect(markdown).toContain("2 stacks unchanged");
    expect(markdown).not.toContain("<code>cell-000</code>");
  });

  it("is stable: the same diff renders byte for byte the same, whatever the input order", () => {
    const shuffled = diffPlanSets([...base].reverse(), [...head].reverse(), {
      baseLabel: "HEAD~1 (abc1234)",
      headLabel: "working tree",
    });
    expect(renderMarkdown(shuffled)).toBe(markdown);
  });

  it("says so plainly when nothing is risky", () => {
    const calm = renderMarkdown(
      diffPlanSets(
        fleet(2),
        fleet(2, (stack) => cellPlan(stack, { instanceClass: "db.r7g.xlarge" })),
      ),
    );
    expect(calm.split("\n")[1]).toContain("🟢 no risky changes");
    expect(calm).toContain("> [!NOTE]");
  });

  it("fits a thousand changed resources into one GitHub comment, keeping the summary and every risk", () => {
    const wide = (stack: string, suffix: string): PlanFile =>
      plan(
        stack,
        Array.from({ length: 100 }, (_, index) =>
          resource(stack, SECURITY_GROUP, `sg-${index}`, {
            description: `allow ${"x".repeat(60)} ${suffix}`,
            tags: { owner: `team-${suffix}`, index: String(index) },
          }),
        ),
      );
    const bigBase = [
      ...fleet(10, (stack) => wide(stack, "a")),
      plan("cell-doomed", [resource("cell-doomed", QUEUE, "q", { name: "q" })]),
    ];
    const bigHead = fleet(10, (stack) => wide(stack, "b"));
    const big = diffPlanSets(bigBase, bigHead);
    expect(big.totals.update).toBe(1000);
    const text = renderMarkdown(big);
    expect(commentSize(text)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toContain("| **Total** | **0** | **1000** | **0** | **1** |");
    expect(text).toContain("`cell-doomed` **stack removed**");
    expect(text).toContain("Shortened to fit GitHub's 65,536-character comment limit");
    expect(text.split("\n").filter((line) => line.startsWith("| `cell-"))).toHaveLength(11);
  });

  it("summarises risks by count when even they would not fit", () => {
    const many = (suffix: string) =>
      fleet(150, (stack) =>
        plan(
          stack,
          Array.from({ length: 10 }, (_, i) =>
            resource(stack, QUEUE, `queue-${i}`, { name: `${stack}-q${i}-${suffix}` }),
          ),
        ),
      );
    const text = renderMarkdown(diffPlanSets(many("a"), many("b")));
    expect(commentSize(text)).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(text).toMatch(/…and [\d,]+ more risky changes \([\d,]+ replace in [\d,]+ stacks\)/);
  });
});

describe("renderJson and --fail-on", () => {
  const report = diffPlanSets([cellPlan("cell-a")], [cellPlan("cell-a", { queueName: "x" })]);

  it("writes the whole report as versioned JSON", () => {
    const parsed = JSON.parse(renderJson(report)) as { version: number; totals: { replace: number }; risks: unknown[] };
    expect(parsed.version).toBe(DIFF_JSON_VERSION);
    expect(parsed.totals.replace).toBe(1);
    expect(parsed.risks).toHaveLength(1);
  });

  it("fails on the kinds asked for", () => {
    expect(parseFailOn("replace, DELETE")).toEqual({ values: ["replace", "delete"], unknown: [] });
    expect(parseFailOn("replace,explode").unknown).toEqual(["explode"]);
    expect(failingConditions(report, ["replace", "delete"])).toEqual(["replace"]);
    expect(failingConditions(report, ["delete", "create"])).toEqual([]);
    expect(failingConditions(report, ["risk"])).toEqual(["risk"]);
  });
});
