/**
 * The pull-request comment: risks first, then a summary table, then one collapsible section per changed stack.
 * It always fits GitHub's comment limit: the header, risks and summary are kept; stack sections are shortened
 * (compact, then cut) and the comment says what was left out.
 */
import type { DiffReport, Risk, StackDiff } from "./model";
import { compareStrings } from "./model";
import { cell, code, formatNumber, plural, proseWithCode } from "./markdown";
import { renderStackSection } from "./render-stack";
import { topologySection } from "./render-topology";
import { skippedSentence } from "./skipped";

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** Sizes are measured in UTF-8 bytes, which is never less than characters, so the limit holds however counted. */
export function commentSize(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
/** Hidden marker the workflow uses to find and update its own comment (offline plan diffs). */
export const COMMENT_MARKER = "<!-- cellplane-diff -->";
/** Marker of the comment rendered from real previews, kept apart so the two comments update independently. */
export const PREVIEW_COMMENT_MARKER = "<!-- cellplane-diff:preview -->";

/** Room kept for the closing "what was left out" note. */
const FOOTER_RESERVE = 1_200;
/** Risks may take at most this share of the comment; the rest is summarised by count. */
const RISK_SHARE = 0.45;
/** The fleet map may take at most this share of the comment; a larger one is replaced by the command. */
const MAP_SHARE = 0.25;
/** Summary-table rows beyond this are folded into one line. */
const MAX_TABLE_ROWS = 400;

export interface MarkdownOptions {
  /** Upper bound on the comment's length (defaults to GitHub's limit, with a margin for multi-byte counting). */
  maxLength?: number;
}

export function renderMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? GITHUB_COMMENT_LIMIT - 500;
  const changedStacks = report.stacks.filter((stack) => stack.status !== "unchanged");
  const marker = report.source === "preview" ? PREVIEW_COMMENT_MARKER : COMMENT_MARKER;
  const head = [marker, headline(report, changedStacks.length), comparedLine(report), ""].join("\n");
  const summary = [summaryTable(changedStacks), unchangedLine(report), ""].join("\n");
  const riskBudget = Math.min(
    Math.floor(maxLength * RISK_SHARE),
    maxLength - commentSize(head) - commentSize(summary) - FOOTER_RESERVE,
  );
  const risks = riskBanner(report.risks, riskBudget);
  const topology = topologySection(report.topology, Math.floor(maxLength * MAP_SHARE));
  const fixed = `${head}\n${risks.text}\n${summary}\n${topology === "" ? "" : `${topology}\n`}`;

  const riskyStacks = new Set(report.risks.map((risk) => risk.stack));
  const sections = fitSections(
    orderForDetails(changedStacks, riskyStacks),
    riskyStacks,
    maxLength - commentSize(fixed) - FOOTER_RESERVE,
  );
  const footer =
    sections.shortened > 0 || sections.omitted.length > 0 || risks.truncated
      ? shortenedFooter(sections, risks.truncated)
      : "";
  return `${fixed}${sections.text}${footer}`;
}

function headline(report: DiffReport, changedStackCount: number): string {
  const count = (severity: Risk["severity"]): number => report.risks.filter((r) => r.severity === severity).length;
  const [dangers, warnings, notices] = [count("danger"), count("warning"), count("notice")];
  const parts = [
    dangers > 0 ? plural(dangers, "destructive change") : "",
    warnings > 0 ? plural(warnings, "warning") : "",
    notices > 0 ? plural(notices, "notice") : "",
  ].filter((part) => part !== "");
  const listed = parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  const icon = dangers > 0 ? "🔴" : warnings > 0 ? "🟠" : "⚪";
  const verdict =
    parts.length > 0 ? `${icon} ${listed}` : changedStackCount > 0 ? "🟢 no risky changes" : "⚪ no changes";
  const stacks = `${formatNumber(changedStackCount)} of ${plural(report.stacks.length, "stack")} changed`;
  return `### cellplane diff: ${verdict} · ${stacks}`;
}

function comparedLine(report: DiffReport): string {
  const what =
    report.source === "preview"
      ? "from `pulumi preview` (the engine's own plan)"
      : "offline, from plan files (no cloud credentials)";
  const base = report.baseLabel === undefined ? "" : ` · base ${code(report.baseLabel)}`;
  const head = report.headLabel === undefined ? "" : ` → head ${code(report.headLabel)}`;
  return `<sub>Diff ${what}${base}${head}${provenanceText(report)}</sub>`;
}

/** Commits (when the labels do not already carry them), evaluation date, tool and pack versions. */
function provenanceText(report: DiffReport): string {
  const p = report.provenance;
  if (p === undefined) {
    return "";
  }
  const parts: string[] = [];
  if (p.baseCommit !== undefined) {
    parts.push(`base commit ${code(p.baseCommit.slice(0, 12))}`);
  }
  if (p.headCommit !== undefined) {
    parts.push(
      `head commit ${code(p.headCommit.slice(0, 12))}${p.headUncommitted === true ? " + uncommitted changes" : ""}`,
    );
  }
  parts.push(`evaluated ${p.evaluatedOn}`, `cellplane ${p.toolVersion}`);
  if (p.packVersion !== undefined) {
    parts.push(`pack ${p.packVersion}`);
  }
  return `<br>${parts.join(" · ")}`;
}

const RISK_ICONS: Readonly<Record<Risk["severity"], string>> = { danger: "🔴", warning: "🟠", notice: "⚪" };
const RISK_LABELS: Readonly<Record<Risk["kind"], string>> = {
  "cell-unserved": "cell stops serving its tenants",
  "tenants-move": "tenants move",
  "secret-rotated": "secret rotated",
  "stack-removed": "stack removed",
  delete: "delete",
  replace: "replace",
  "protect-removed": "protect removed",
  "deletion-protection-off": "deletion protection off",
  "final-snapshot-skipped": "final snapshot skipped",
  "policy-violation": "policy",
};

export function riskLine(risk: Risk): string {
  const target = risk.name === undefined ? "" : ` ${code(risk.name)} ${code(risk.type ?? "")}`;
  const label = `${RISK_ICONS[risk.severity]} ${code(risk.stack)} **${RISK_LABELS[risk.kind]}**`;
  return `> - ${label}${target}: ${proseWithCode(risk.message)}`;
}

function riskBanner(risks: readonly Risk[], budget: number): { text: string; truncated: boolean } {
  if (risks.length === 0) {
    const text =
      "> [!NOTE]\n> No risky changes: nothing stateful is deleted or replaced, no protection is removed, " +
      "no new blocking policy violation.\n";
    return { text, truncated: false };
  }
  const alert = risks.some((risk) => risk.severity === "danger")
    ? "CAUTION"
    : risks.some((risk) => risk.severity === "warning")
      ? "WARNING"
      : "NOTE";
  const lines = [
    `> [!${alert}]`,
    `> **${plural(risks.length, "risky change")}: review ${risks.length === 1 ? "it" : "these"} first**`,
  ];
  let used = commentSize(lines.join("\n"));
  let shown = 0;
  for (const risk of risks) {
    const line = riskLine(risk);
    if (used + commentSize(line) + 1 > budget) {
      break;
    }
    lines.push(line);
    used += commentSize(line) + 1;
    shown += 1;
  }
  if (shown < risks.length) {
    lines.push(
      `> - …and ${plural(risks.length - shown, "more risky change")} (${riskBreakdown(risks.slice(shown))}); ` +
        "the JSON output lists them all.",
    );
  }
  return { text: `${lines.join("\n")}\n`, truncated: shown < risks.length };
}

function riskBreakdown(risks: readonly Risk[]): string {
  const byKind = new Map<string, number>();
  for (const risk of risks) {
    byKind.set(RISK_LABELS[risk.kind], (byKind.get(RISK_LABELS[risk.kind]) ?? 0) + 1);
  }
  const stacks = new Set(risks.map((risk) => risk.stack)).size;
  const kinds = [...byKind.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([kind, count]) => `${formatNumber(count)} ${kind}`);
  return `${kinds.join(", ")} in ${plural(stacks, "stack")}`;
}

function summaryTable(changedStacks: readonly StackDiff[]): string {
  if (changedStacks.length === 0) {
    return "No stack changes.";
  }
  const rows = ["| Stack | Create | Update | Replace | Delete | Policy |", "| --- | --: | --: | --: | --: | --- |"];
  for (const stack of changedStacks.slice(0, MAX_TABLE_ROWS)) {
    const status = stack.status === "added" ? " (new)" : stack.status === "removed" ? " (removed)" : "";
    const c = stack.counts;
    rows.push(
      `| ${cell(code(stack.stack))}${status} | ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ` +
        `${policyCell(stack)} |`,
    );
  }
  if (changedStacks.length > MAX_TABLE_ROWS) {
    rows.push(`| …${plural(changedStacks.length - MAX_TABLE_ROWS, "more stack")} | | | | | |`);
  }
  const total = changedStacks.reduce(
    (sum, stack) => ({
      create: sum.create + stack.counts.create,
      update: sum.update + stack.counts.update,
      replace: sum.replace + stack.counts.replace,
      delete: sum.delete + stack.counts.delete,
    }),
    { create: 0, update: 0, replace: 0, delete: 0 },
  );
  rows.push(`| **Total** | **${total.create}** | **${total.update}** | **${total.replace}** | **${total.delete}** | |`);
  return rows.join("\n");
}

function policyCell(stack: StackDiff): string {
  const added = stack.policy.filter((p) => p.status === "new" && !p.waived).length;
  const fixed = stack.policy.filter((p) => p.status === "fixed").length;
  const waived = stack.policy.filter((p) => p.status === "new" && p.waived).length;
  const parts = [
    added > 0 ? `${added} new` : "",
    fixed > 0 ? `${fixed} fixed` : "",
    waived > 0 ? `${waived} waived` : "",
  ];
  return parts.filter((part) => part !== "").join(", ");
}

function unchangedLine(report: DiffReport): string {
  const unchangedStacks = report.stacks.filter((stack) => stack.status === "unchanged").length;
  const same = report.totals.same;
  const resources = `${plural(same, "resource")} unchanged (counted, not listed)`;
  const skipped = skippedSentence(report);
  const line = `\n${plural(unchangedStacks, "stack")} unchanged · ${resources}.`;
  return skipped === undefined ? line : `${line} ${skipped}`;
}

/** Risky stacks first so their details survive shortening; otherwise by name. */
function orderForDetails(stacks: readonly StackDiff[], risky: ReadonlySet<string>): StackDiff[] {
  return [...stacks].sort(
    (a, b) => Number(risky.has(b.stack)) - Number(risky.has(a.stack)) || compareStrings(a.stack, b.stack),
  );
}

interface FittedSections {
  text: string;
  shortened: number;
  omitted: string[];
}

function fitSections(stacks: readonly StackDiff[], risky: ReadonlySet<string>, budget: number): FittedSections {
  const full = stacks.map((stack) => renderStackSection(stack, "full", risky.has(stack.stack)) ?? "");
  if (totalSize(full) <= budget) {
    return { text: full.join("\n"), shortened: 0, omitted: [] };
  }
  const compact = stacks.map((stack) => renderStackSection(stack, "compact", risky.has(stack.stack)) ?? "");
  const compactFits = totalSize(compact) <= budget;
  let upgradeSlack = budget - totalSize(compact);
  let remaining = budget;
  const chosen: string[] = [];
  const omitted: string[] = [];
  let shortened = 0;
  stacks.forEach((stack, index) => {
    const fullText = full[index] ?? "";
    const compactText = compact[index] ?? "";
    const upgradeCost = commentSize(fullText) - commentSize(compactText);
    let section: string | undefined;
    if (compactFits && upgradeCost <= upgradeSlack) {
      upgradeSlack -= upgradeCost;
      section = fullText;
    } else {
      section = compactFits
        ? compactText
        : renderStackSection(stack, "compact", risky.has(stack.stack), remaining - 1, commentSize);
    }
    if (section === undefined || commentSize(section) + 1 > remaining) {
      omitted.push(stack.stack);
      return;
    }
    chosen.push(section);
    remaining -= commentSize(section) + 1;
    shortened += section === fullText ? 0 : 1;
  });
  return { text: chosen.join("\n"), shortened, omitted };
}

function totalSize(texts: readonly string[]): number {
  return texts.reduce((total, text) => total + commentSize(text) + 1, 0);
}

function shortenedFooter(sections: FittedSections, risksTruncated: boolean): string {
  const parts: string[] = [];
  if (risksTruncated) {
    parts.push("the risk list ends with a count of the rest");
  }
  if (sections.shortened > 0) {
    parts.push(`details shortened for ${plural(sections.shortened, "stack")}`);
  }
  const omitted = sections.omitted;
  if (omitted.length > 0) {
    const names = omitted.slice(0, 20).map(code).join(", ");
    const more = omitted.length > 20 ? ` and ${formatNumber(omitted.length - 20)} more` : "";
    parts.push(`${plural(omitted.length, "stack")} left out (${names}${more}); their counts are in the table above`);
  }
  return (
    `\n---\n✂️ **Shortened to fit GitHub's ${formatNumber(GITHUB_COMMENT_LIMIT)}-character comment limit:** ` +
    `${parts.join("; ")}. The summary table is complete; the full diff is in the JSON output ` +
    "(`cells diff --format json`).\n"
  );
}
