/**
 * The audit report as one self-contained HTML document: no external asset (no stylesheet, script, font or image
 * is fetched), readable in print, in greyscale and by colour-blind readers (every status is a symbol and a word;
 * colour only repeats it), with an anchor per policy (`#policy-<name>`) and per control (`#control-<framework>-<id>`)
 * and the cell × policy matrix as a real table with row and column headers.
 */
import type { CatalogControl } from "../../policies/catalog";
import type { AuditFinding, AuditPolicy, AuditReport, AuditStack, CellStatus } from "./report";
import { isBlocking } from "./report";
import { HTML_STYLE } from "./html-style";
import { evidenceSourceLine, policyRunLine, provenanceLines, waiverRows, WAIVER_COLUMNS } from "./render-text";

/** Symbol and word per status: the word carries the meaning, the symbol and the colour only repeat it. */
export const HTML_STATUS: Readonly<Record<CellStatus, { symbol: string; word: string }>> = {
  pass: { symbol: "✓", word: "pass" },
  violation: { symbol: "✗", word: "FAIL" },
  waived: { symbol: "⚠", word: "waived" },
  "not-applicable": { symbol: "–", word: "n/a" },
  "not-checked": { symbol: "?", word: "unchecked" },
};

const STATUS_MEANING: Readonly<Record<CellStatus, string>> = {
  pass: "the policy ran and found nothing",
  violation: "at least one finding without a waiver",
  waived: "every finding covered by a waiver in force",
  "not-applicable": "the stack holds none of the resource types the policy reads",
  "not-checked": "the plan was made with --no-policy: unverified, not compliant",
};

export function renderHtml(report: AuditReport): string {
  const title = `Policy audit: ${report.pack.name} ${report.pack.version}`;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    "</head>",
    "<body>",
    `<h1>${esc(title)}</h1>`,
    `<ul class="provenance" id="provenance">${provenanceLines(report)
      .map((line) => `<li>${prose(line)}</li>`)
      .join("")}</ul>`,
    contents(report),
    summary(report),
    matrix(report),
    waivers(report),
    controls(report),
    policies(report),
    findings(report.stacks),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function contents(report: AuditReport): string {
  const links = [
    ["summary", "Summary"],
    ["matrix", "Cells × policies"],
    ["waivers", "Waivers"],
    ["controls", "Controls"],
    ["policies", "Policies"],
    ["findings", "Findings by stack"],
  ];
  const items = links.map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`);
  const perPolicy = report.policies.map(
    (p) => `<li><a href="#${policyId(p.name)}"><code>${esc(p.name)}</code></a></li>`,
  );
  return `<nav aria-label="Contents"><ul>${items.join("")}</ul><ul>${perPolicy.join("")}</ul></nav>`;
}

function summary(report: AuditReport): string {
  const s = report.summary;
  const groups = s.byGroup.map(({ group, count }) => `${group} ${count}`).join(", ");
  const without = s.policiesWithoutPassingTest ?? [];
  const rows: [string, string][] = [
    ["Policies", `${s.policies} (${esc(groups)})`],
    ["Stacks checked", `${s.stacksChecked.length}`],
    [
      "Stacks NOT checked",
      s.stacksNotChecked.length === 0
        ? "0"
        : flag(`${s.stacksNotChecked.length}: ${s.stacksNotChecked.map(codeOf).join(", ")} (unverified)`),
    ],
    ["Mandatory violations (not waived)", flagIf(s.mandatoryViolations)],
    ["Waivers in force", `${s.waivers.inForce.length}`],
    ["Waivers expired", flagIf(s.waivers.expired.length)],
    ["Waivers invalid", flagIf(s.waivers.invalid.length)],
    ["Evidence", prose(evidenceSourceLine(report))],
  ];
  if (report.testRun !== undefined) {
    rows.push([
      "Policies with no passing test",
      without.length === 0 ? "0" : `<span class="flag">! ${without.length}: ${without.map(codeOf).join(", ")}</span>`,
    ]);
  }
  const body = rows.map(([label, value]) => `<dt>${esc(label)}</dt><dd>${value}</dd>`).join("");
  return `<section id="summary"><h2>Summary</h2><dl class="meta">${body}</dl></section>`;
}

function matrix(report: AuditReport): string {
  const legend = (Object.keys(HTML_STATUS) as CellStatus[])
    .map((status) => `<li><span class="s-${status}">${statusText(status)}</span>: ${esc(STATUS_MEANING[status])}</li>`)
    .join("");
  if (report.stacks.length === 0) {
    return '<section id="matrix"><h2>Cells × policies</h2><p>No plan files: no stack was checked.</p></section>';
  }
  const head = report.stacks.map((stack) => `<th scope="col">${esc(stack.cell ?? stack.stack)}</th>`).join("");
  const rows = report.matrix.map(({ policy, statuses }) => {
    const cells = statuses.map(
      (status) => `<td class="s-${status}">${HTML_STATUS[status].symbol} ${HTML_STATUS[status].word}</td>`,
    );
    return `<tr><th scope="row">${policyLink(policy)}</th>${cells.join("")}</tr>`;
  });
  return [
    '<section id="matrix"><h2>Cells × policies</h2>',
    `<ul class="legend">${legend}</ul>`,
    '<table class="matrix"><caption>Every policy of the pack (rows) in every planned stack (columns)</caption>',
    `<thead><tr><th scope="col">Policy</th>${head}</tr></thead>`,
    `<tbody>${rows.join("\n")}</tbody></table></section>`,
  ].join("\n");
}

function waivers(report: AuditReport): string {
  const groups = [
    ["in force", "Waivers in force"],
    ["expired", "Expired waivers: they waive nothing, each is a violation"],
    ["invalid", "Invalid waivers: they waive nothing, each is a violation"],
  ] as const;
  const parts = [`<section id="waivers"><h2>Waivers (evaluation date ${esc(report.summary.waivers.evaluatedOn)})</h2>`];
  for (const [group, title] of groups) {
    const rows = waiverRows(report.summary.waivers, group);
    parts.push(`<h3 id="waivers-${group.replace(" ", "-")}">${esc(title)}: ${rows.length}</h3>`);
    if (rows.length > 0) {
      parts.push(
        table(
          WAIVER_COLUMNS,
          rows.map((cells) => cells.map(esc)),
          `waivers-${group.replace(" ", "-")}-table`,
        ),
      );
    }
  }
  parts.push("</section>");
  return parts.join("\n");
}

/** Every control the pack maps to, with the policies that enforce it: one anchor per control. */
function controls(report: AuditReport): string {
  const byControl = new Map<string, { control: CatalogControl; policies: string[] }>();
  for (const policy of report.policies) {
    for (const control of policy.controls) {
      const id = controlId(control);
      const entry = byControl.get(id) ?? { control, policies: [] };
      entry.policies.push(policy.name);
      byControl.set(id, entry);
    }
  }
  const rows = [...byControl.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, { control, policies: names }]) => {
      const links = names.map((name) => `<a href="#${policyId(name)}"><code>${esc(name)}</code></a>`).join(", ");
      const name = `${esc(control.frameworkName)} ${esc(control.frameworkVersion)}: ${esc(control.id)}`;
      return `<tr id="${id}"><th scope="row">${name}</th><td>${esc(control.title)}</td><td>${links}</td></tr>`;
    });
  return [
    '<section id="controls"><h2>Controls</h2>',
    '<table class="controls"><caption>Each control and the policies that enforce it</caption>',
    '<thead><tr><th scope="col">Control</th><th scope="col">Title</th><th scope="col">Policies</th></tr></thead>',
    `<tbody>${rows.join("\n")}</tbody></table></section>`,
  ].join("\n");
}

function policies(report: AuditReport): string {
  return `<section id="policies"><h2>Policies</h2>\n${report.policies.map(policy).join("\n")}</section>`;
}

function policy(entry: AuditPolicy): string {
  const controlsList = entry.controls
    .map(
      (control) =>
        `<li><a href="#${controlId(control)}">${esc(control.frameworkName)} ${esc(control.frameworkVersion)}: ` +
        `<strong>${esc(control.id)}</strong></a> ${esc(control.title)}</li>`,
    )
    .join("");
  const references = entry.references
    .map((ref) => `<li>${/^https?:\/\//.test(ref) ? `<a href="${esc(ref)}">${esc(ref)}</a>` : esc(ref)}</li>`)
    .join("");
  const { testFiles, caseTables, cases } = entry.evidence;
  const sources =
    testFiles.length === 0
      ? '<span class="flag">! no test file names this policy</span>'
      : [
          testFiles.map(codeOf).join(", "),
          caseTables.length === 0 ? "" : `; case tables ${caseTables.map(codeOf).join(", ")}`,
          cases === undefined ? "" : ` (${cases.violating} violating, ${cases.compliant} compliant cases)`,
        ].join("");
  const types =
    entry.resourceTypes.length === 0 ? "none (reads the whole stack)" : entry.resourceTypes.map(codeOf).join(", ");
  const run = entry.evidence.run === undefined ? "" : `<dt>Evidence (run)</dt><dd>${prose(policyRunLine(entry))}</dd>`;
  return [
    `<article class="policy" id="${policyId(entry.name)}">`,
    `<h3><code>${esc(entry.name)}</code></h3>`,
    '<dl class="meta">',
    `<dt>Group</dt><dd>${esc(entry.group)}</dd><dt>Scope</dt><dd>${esc(entry.scope)}</dd>`,
    `<dt>Severity</dt><dd>${esc(entry.severity)}</dd><dt>Enforcement</dt><dd>${esc(entry.enforcementLevel)}</dd>`,
    `<dt>Why</dt><dd>${prose(entry.description)}</dd>`,
    `<dt>Controls</dt><dd>${controlsList === "" ? "none" : `<ul>${controlsList}</ul>`}</dd>`,
    `<dt>References</dt><dd>${references === "" ? "none" : `<ul>${references}</ul>`}</dd>`,
    `<dt>Resource types</dt><dd>${types}</dd>`,
    `<dt>Remediation</dt><dd>${prose(entry.remediation)}</dd>`,
    `<dt>Evidence (sources)</dt><dd>${sources}</dd>${run}`,
    "</dl></article>",
  ].join("\n");
}

function findings(stacks: readonly AuditStack[]): string {
  const sections = stacks.map((stack) => {
    const region = stack.region === undefined ? "" : ` (${esc(stack.region)})`;
    const title = `<h3 id="stack-${anchor(stack.stack)}"><code>${esc(stack.stack)}</code>${region}</h3>`;
    if (!stack.checked) {
      return `${title}<p class="flag">? Not checked: the plan was made with --no-policy.</p>`;
    }
    if (stack.findings.length === 0) {
      return `${title}<p>No findings.</p>`;
    }
    const blocking = stack.findings.filter(isBlocking).length;
    const rows = stack.findings.map(findingCells);
    const count = `<p>${stack.findings.length} finding(s), ${blocking} mandatory and not waived.</p>`;
    return `${title}${count}${table(["Policy", "Level", "Resource", "Message", "Waiver"], rows)}`;
  });
  return `<section id="findings"><h2>Findings by stack</h2>\n${sections.join("\n")}</section>`;
}

function findingCells(finding: AuditFinding): string[] {
  const waiver =
    finding.expiredWaiver !== undefined
      ? flag(
          `! waiver by ${esc(finding.expiredWaiver.owner)} expired on ${esc(finding.expiredWaiver.expires)}: ` +
            "counts again",
        )
      : finding.waived === undefined
        ? ""
        : `waived by ${esc(finding.waived.owner)} until ${esc(finding.waived.expires)}: ${esc(finding.waived.reason)}`;
  return [
    `<a href="#${policyId(finding.policy)}"><code>${esc(finding.policy)}</code></a>`,
    isBlocking(finding) ? `<strong>✗ ${esc(finding.enforcementLevel)}</strong>` : esc(finding.enforcementLevel),
    finding.resource === undefined ? "(stack)" : codeOf(finding.resource),
    esc(finding.message),
    waiver,
  ];
}

function table(columns: readonly string[], rows: readonly (readonly string[])[], id?: string): string {
  const head = columns.map((column) => `<th scope="col">${esc(column)}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("\n");
  return `<table${id === undefined ? "" : ` id="${id}"`}><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function policyId(name: string): string {
  return `policy-${anchor(name)}`;
}

export function controlId(control: Pick<CatalogControl, "framework" | "id">): string {
  return `control-${anchor(control.framework)}-${anchor(control.id)}`;
}

function anchor(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function flag(html: string): string {
  return `<span class="flag">${html}</span>`;
}

function statusText(status: CellStatus): string {
  return `${HTML_STATUS[status].symbol} ${HTML_STATUS[status].word}`;
}

function policyLink(name: string): string {
  return `<a href="#${policyId(name)}"><code>${esc(name)}</code></a>`;
}

function flagIf(count: number): string {
  return count === 0 ? "0" : `<span class="flag">! ${count}</span>`;
}

function codeOf(text: string): string {
  return `<code>${esc(text)}</code>`;
}

/** Plain text with `backquoted` names as code. */
function prose(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

export function esc(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
