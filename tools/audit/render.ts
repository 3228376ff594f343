/** Renders the audit report (report.ts) as Markdown for auditors, or as JSON for tools. */
import type { AuditFinding, AuditPolicy, AuditReport, AuditStack, CellStatus } from "./report";
import { isBlocking } from "./report";
import { evidenceSourceLine, policyRunLine, provenanceLines, waiverRows, WAIVER_COLUMNS } from "./render-text";

export const STATUS_SYMBOLS: Record<CellStatus, string> = {
  pass: "✅",
  violation: "❌",
  waived: "⚠️",
  "not-applicable": "➖",
  "not-checked": "⏸️",
};

const STATUS_LEGEND: Record<CellStatus, string> = {
  pass: "pass",
  violation: "violation",
  waived: "waived (every finding covered by a waiver in force)",
  "not-applicable": "not applicable (the stack holds none of the resource types the policy reads)",
  "not-checked": "not checked (plan made with `--no-policy`)",
};

/** Resource types listed in full up to this many; beyond, the count and the first few (JSON has them all). */
const MAX_TYPES_LISTED = 8;

export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function renderMarkdown(report: AuditReport): string {
  return [
    `# Policy audit: ${report.pack.name} ${report.pack.version}`,
    provenanceLines(report)
      .map((line) => `- ${line}`)
      .join("\n"),
    renderSummary(report),
    renderWaivers(report),
    "## Policies",
    ...report.policies.map(renderPolicy),
    renderMatrix(report),
    renderFindings(report.stacks),
  ]
    .join("\n\n")
    .concat("\n");
}

function renderSummary(report: AuditReport): string {
  const { summary } = report;
  const groups = list(summary.byGroup.map(({ group, count }) => `${group} ${count}`));
  const levels = list(summary.byEnforcement.map(({ enforcementLevel, count }) => `${enforcementLevel} ${count}`));
  const checked = summary.stacksChecked.length > 0 ? ` (${list(summary.stacksChecked.map(code))})` : "";
  const lines = [
    "## Summary",
    "",
    `- **Policies:** ${summary.policies} (${groups}); by enforcement: ${levels}`,
    `- **Stacks checked:** ${summary.stacksChecked.length}${checked}`,
  ];
  if (summary.stacksNotChecked.length > 0) {
    lines.push(
      `- **Stacks NOT checked:** ${summary.stacksNotChecked.length} (${list(summary.stacksNotChecked.map(code))}): ` +
        "their plans were made with `--no-policy`, so the pack did not run on them; they are not compliant, they " +
        "are unverified. Re-run `npm run plan` without `--no-policy`.",
    );
  }
  lines.push(`- **Mandatory violations (not waived):** ${summary.mandatoryViolations}`);
  const { inForce, expired, invalid, evaluatedOn } = summary.waivers;
  lines.push(
    `- **Waivers** (judged on ${evaluatedOn}): ${inForce.length} in force, ${expired.length} expired, ` +
      `${invalid.length} invalid`,
  );
  lines.push(`- **Evidence:** ${evidenceSourceLine(report)}`);
  if (summary.policiesWithoutPassingTest !== undefined && summary.policiesWithoutPassingTest.length > 0) {
    const names = summary.policiesWithoutPassingTest.map(code).join(", ");
    lines.push(
      `- **❗ Policies with no passing test in this run:** ${summary.policiesWithoutPassingTest.length} (${names})`,
    );
  }
  return lines.join("\n");
}

function renderWaivers(report: AuditReport): string {
  const groups = [
    ["in force", "Waivers in force"],
    ["expired", "Expired waivers (they waive nothing; each is a violation)"],
    ["invalid", "Invalid waivers (they waive nothing; each is a violation)"],
  ] as const;
  const parts = [`## Waivers (evaluation date ${report.summary.waivers.evaluatedOn})`];
  for (const [group, title] of groups) {
    const rows = waiverRows(report.summary.waivers, group);
    parts.push(`### ${title}: ${rows.length}`);
    if (rows.length > 0) {
      parts.push(
        [row([...WAIVER_COLUMNS]), row(WAIVER_COLUMNS.map(() => "---")), ...rows.map((cells) => row(cells))].join("\n"),
      );
    }
  }
  return parts.join("\n\n");
}

function renderPolicy(policy: AuditPolicy): string {
  return [
    `### \`${policy.name}\``,
    "",
    `- **Group:** ${policy.group} · **Scope:** ${policy.scope} · **Severity:** ${policy.severity} · ` +
      `**Enforcement:** ${policy.enforcementLevel}`,
    `- **Why:** ${policy.description}`,
    `- **Controls:**${policy.controls.length === 0 ? " none" : ""}`,
    ...policy.controls.map(
      (control) => `  - ${control.frameworkName} ${control.frameworkVersion}: **${control.id}** ${control.title}`,
    ),
    `- **References:**${policy.references.length === 0 ? " none" : ""}`,
    ...policy.references.map((reference) => `  - ${link(reference)}`),
    `- **Resource types:** ${resourceTypes(policy.resourceTypes)}`,
    `- **Remediation:** ${policy.remediation}`,
    `- **Evidence (sources):** ${evidence(policy)}`,
    ...(policy.evidence.run === undefined ? [] : [`- **Evidence (run):** ${policyRunLine(policy)}`]),
  ].join("\n");
}

function resourceTypes(types: readonly string[]): string {
  if (types.length === 0) {
    return "none (reads the whole stack)";
  }
  const shown = types.slice(0, MAX_TYPES_LISTED).map(code).join(", ");
  return types.length <= MAX_TYPES_LISTED ? shown : `${types.length} types: ${shown}, … (all in \`--format json\`)`;
}

function evidence(policy: AuditPolicy): string {
  const { testFiles, caseTables, cases } = policy.evidence;
  if (testFiles.length === 0) {
    return "**no test file names this policy**";
  }
  const counts = cases === undefined ? "" : `; cases: ${cases.violating} violating, ${cases.compliant} compliant`;
  const tables = caseTables.length === 0 ? "" : ` (case tables: ${caseTables.map(code).join(", ")}${counts})`;
  return `${testFiles.map(code).join(", ")}${tables}`;
}

function renderMatrix(report: AuditReport): string {
  const legend = (Object.keys(STATUS_SYMBOLS) as CellStatus[])
    .map((status) => `${STATUS_SYMBOLS[status]} ${STATUS_LEGEND[status]}`)
    .join(" · ");
  if (report.stacks.length === 0) {
    return "## Cells × policies\n\nNo plan files: no stack was checked.";
  }
  const header = row(["Policy", ...report.stacks.map((stack) => stack.cell ?? stack.stack)]);
  const divider = row(["---", ...report.stacks.map(() => ":---:")]);
  const rows = report.matrix.map(({ policy, statuses }) =>
    row([code(policy), ...statuses.map((status) => STATUS_SYMBOLS[status])]),
  );
  return ["## Cells × policies", "", legend, "", header, divider, ...rows].join("\n");
}

function renderFindings(stacks: readonly AuditStack[]): string {
  const sections = stacks.map((stack) => {
    const title = `### \`${stack.stack}\`${stack.region === undefined ? "" : ` (${stack.region})`}`;
    if (!stack.checked) {
      return `${title}\n\nNot checked: the plan was made with \`--no-policy\`.`;
    }
    if (stack.findings.length === 0) {
      return `${title}\n\nNo findings.`;
    }
    const blocking = stack.findings.filter(isBlocking).length;
    return [
      title,
      "",
      `${stack.findings.length} finding(s), ${blocking} mandatory and not waived.`,
      "",
      "| Policy | Level | Resource | Message | Waiver |",
      "| --- | --- | --- | --- | --- |",
      ...stack.findings.map(findingRow),
    ].join("\n");
  });
  return ["## Findings by stack", ...sections].join("\n\n");
}

function findingRow(finding: AuditFinding): string {
  const waiver =
    finding.expiredWaiver !== undefined
      ? `❗ waiver by ${finding.expiredWaiver.owner} expired on ${finding.expiredWaiver.expires}: counts again`
      : finding.waived === undefined
        ? ""
        : `waived by ${finding.waived.owner} until ${finding.waived.expires}: ${finding.waived.reason}`;
  return row([
    code(finding.policy),
    finding.enforcementLevel,
    finding.resource === undefined ? "(stack)" : code(finding.resource),
    finding.message,
    waiver,
  ]);
}

function link(reference: string): string {
  return /^https?:\/\//.test(reference) ? `<${reference}>` : `[${reference}](${reference})`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(" | ")} |`;
}

function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function list(items: readonly string[]): string {
  return items.join(", ");
}
