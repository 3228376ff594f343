import type { DiffReport, DiffSource, StackDiff } from "./model";
import { addCounts, compareStrings, emptyCounts } from "./model";
import { risksForStack, sortRisks } from "./risks";

/** Assembles a report from per-stack diffs: stacks sorted by name, risks classified and sorted, totals summed. */
export function buildReport(
  source: DiffSource,
  stacks: readonly StackDiff[],
  labels: { baseLabel?: string; headLabel?: string } = {},
): DiffReport {
  const sorted = [...stacks].sort((a, b) => compareStrings(a.stack, b.stack));
  const report: DiffReport = {
    source,
    stacks: sorted,
    risks: sortRisks(sorted.flatMap(risksForStack)),
    totals: sorted.reduce((totals, stack) => addCounts(totals, stack.counts), emptyCounts()),
  };
  if (labels.baseLabel !== undefined) {
    report.baseLabel = labels.baseLabel;
  }
  if (labels.headLabel !== undefined) {
    report.headLabel = labels.headLabel;
  }
  return report;
}
