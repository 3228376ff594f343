/** Sentences and table rows the Markdown and HTML renderings share, so both say exactly the same thing. */
import type { AuditPolicy, AuditReport } from "./report";
import type { WaiverSummary } from "./waivers";

export const WAIVER_COLUMNS = ["Stack", "Policy", "Resources", "Reason", "Owner", "Expires", "Problem"] as const;

/** The report's provenance, one statement a line (plain text, backquotes for names). */
export function provenanceLines(report: AuditReport): string[] {
  const p = report.provenance;
  if (p === undefined) {
    return [`Pack ${report.pack.name} ${report.pack.version}`];
  }
  const commit = p.commit === undefined ? "not a git checkout" : p.commit.slice(0, 12);
  const lines = [
    `Commit: ${commit}${p.uncommitted ? " + uncommitted changes" : ""}`,
    `Evaluation date: ${p.evaluatedOn}${p.dateSource === "clock" ? "" : ` (set by ${p.dateSource})`}`,
    `Tool: cellplane ${p.toolVersion} · pack: ${report.pack.name} ${p.packVersion}`,
    `Plans: ${p.plans}`,
  ];
  if (p.stale.length > 0) {
    lines.push(
      `STALE: ${p.stale.length} plan(s) no longer match the working tree; audited anyway with --allow-stale ` +
        `(${p.stale.map((entry) => entry.stack).join(", ")})`,
    );
  } else {
    lines.push("Plans are fresh: every plan's input fingerprint matches the working tree");
  }
  return lines;
}

/** Where the test evidence comes from: a run, or the sources only. */
export function evidenceSourceLine(report: AuditReport): string {
  const run = report.testRun;
  if (run === undefined) {
    return (
      "from sources only: the test files were read, not run. " +
      "For evidence that ran: npm run audit:evidence (or --test-results <vitest json>)"
    );
  }
  const commit = run.commit === undefined ? "unknown commit" : run.commit.slice(0, 12);
  return (
    `tests that ran: ${run.passed} passed, ${run.failed} failed, ${run.skipped} skipped ` +
    `(${run.file}, started ${run.startedAt ?? "at an unknown time"}, commit ${commit}` +
    `${run.uncommitted ? " + uncommitted changes" : ""})`
  );
}

/** `3 passed (…); 1 FAILED (…)` or a flag when no passing test names the policy. */
export function policyRunLine(policy: AuditPolicy): string {
  const run = policy.evidence.run;
  if (run === undefined) {
    return "not run";
  }
  const failed = run.failed.length > 0 ? `; ${run.failed.length} FAILED: ${run.failed.join("; ")}` : "";
  if (run.passed.length === 0) {
    return `NO PASSING TEST names this policy${failed}`;
  }
  const shown = run.passed.slice(0, 5).join("; ");
  const more = run.passed.length > 5 ? `; … ${run.passed.length - 5} more` : "";
  return `${run.passed.length} passed (${shown}${more})${failed}`;
}

/** Rows of one waiver group, cells as plain text in {@link WAIVER_COLUMNS} order. */
export function waiverRows(summary: WaiverSummary, group: "in force" | "expired" | "invalid"): string[][] {
  if (group === "invalid") {
    return summary.invalid.map((waiver) => [
      waiver.stack ?? "(whole file)",
      waiver.policy ?? "",
      (waiver.resources ?? []).join(", "),
      waiver.reason ?? "",
      waiver.owner ?? "",
      waiver.expires ?? "",
      waiver.problem,
    ]);
  }
  const entries = group === "in force" ? summary.inForce : summary.expired;
  return entries.map((waiver) => [
    waiver.stack,
    waiver.policy,
    waiver.resources.join(", "),
    waiver.reason,
    waiver.owner,
    waiver.expires,
    group === "expired" ? `expired before ${summary.evaluatedOn}` : "",
  ]);
}
