/**
 * The stacks `cells diff --base` did not plan because their inputs fingerprint is the same in both revisions
 * (diff/io/changed-stacks.ts): they join the report as unchanged stacks with nothing counted, and the report says
 * how many were skipped and why.
 */
import type { ChangedStacksResult } from "./io/changed-stacks";
import { emptyCounts, type DiffReport, type StackDiff } from "./model";

export const SKIPPED_REASON = "inputs unchanged (fingerprint)";

export function withSkippedStacks(report: DiffReport, skipped: ChangedStacksResult): DiffReport {
  const known = new Set(report.stacks.map((stack) => stack.stack));
  const added = skipped.skipped
    .filter((stack) => !known.has(stack))
    .map((stack): StackDiff => ({
      stack,
      status: "unchanged",
      resources: [],
      counts: emptyCounts(),
      policy: [],
      diagnostics: [],
    }));
  const stacks = [...report.stacks, ...added].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0));
  return {
    ...report,
    stacks,
    skipped: {
      stacks: [...skipped.skipped].sort(),
      total: skipped.total,
      reason: SKIPPED_REASON,
      readOnly: [...skipped.readOnly].sort(),
    },
  };
}

/** `11 of 13 stacks skipped: inputs unchanged (fingerprint)`, or undefined when the diff planned every stack. */
export function skippedSentence(report: DiffReport): string | undefined {
  const skipped = report.skipped;
  if (skipped === undefined) {
    return undefined;
  }
  const readOnly =
    skipped.readOnly.length === 0
      ? ""
      : `; ${skipped.readOnly.length} more planned unchanged only for the outputs other stacks read ` +
        `(${skipped.readOnly.join(", ")})`;
  return `${skipped.stacks.length} of ${skipped.total} stacks skipped: ${skipped.reason}, not planned${readOnly}.`;
}
