/**
 * The two renderings of a {@link Runbook}: JSON (the model as is, versioned) and Markdown (per batch, every step in
 * order with each tenant's action and rollback). Both read the same model; the Markdown adds no fact of its own.
 */
import { code, plural } from "../diff/markdown";
import type { Runbook, StepGuide, StepStatus, TenantMigration } from "./runbook";

/** Version of `cells migrate plan --format json`; bump on a breaking change. */
export const RUNBOOK_JSON_VERSION = 1;

export function renderRunbookJson(runbook: Runbook): string {
  return `${JSON.stringify({ version: RUNBOOK_JSON_VERSION, ...runbook }, null, 2)}\n`;
}

const STATUS_MARK: Readonly<Record<StepStatus, string>> = { done: "[x]", next: "[ ] **next**", todo: "[ ]" };

export function renderRunbookMarkdown(runbook: Runbook): string {
  const lines = [
    `# Migration runbook: ${plural(runbook.moves.length, "tenant move")} against ${code(runbook.against)}`,
    "",
  ];
  if (runbook.moves.length === 0) {
    lines.push("No tenant changes cell: nothing to migrate.", "");
    return `${[...lines, ...newAndGone(runbook)].join("\n")}\n`;
  }
  lines.push(
    `Copy hook ${code(runbook.copyHook)} (\`migration.copyHook\` in fleet.yaml), run as ` +
      "`<hook> copy|sync|verify|discard --tenant <id> --from <cell> --to <cell>` from the project root. " +
      `${plural(runbook.batches.length, "batch", "batches")} of up to ${runbook.batchSize} tenants ` +
      "(`migration.batchSize`), lightest first; each batch is frozen and flipped with one " +
      "`pulumi up -s global`. Phases are recorded per tenant in tenants.yaml (`moving:`); " +
      "the global stack publishes exactly what they say (docs/migrations.md).",
    "",
    "## Target cells",
    "",
    "| cell | region | arriving | arriving load | load after | capacity | headroom |",
    "| --- | --- | --: | --: | --: | --: | --: |",
    ...runbook.targets.map(
      (target) =>
        `| ${code(target.cell)} | ${target.region} | ${target.arriving} | ${target.arrivingLoad} | ${target.load} | ` +
        `${target.capacity} | ${target.headroom} |`,
    ),
    "",
  );
  lines.push(
    "## Before the first deployment: every tenant",
    "",
    ...runbook.guides.flatMap((guide, stepIndex) =>
      guide.scope === "all" ? stepSection(`${stepIndex + 1}.`, guide, stepIndex, runbook.moves) : [],
    ),
  );
  for (const batch of runbook.batches) {
    const moves = runbook.moves.filter((move) => move.batch === batch.index);
    lines.push(...batchSection(runbook, batch.index, moves));
  }
  lines.push(...newAndGone(runbook));
  return `${lines.join("\n")}\n`;
}

function batchSection(runbook: Runbook, index: number, moves: readonly TenantMigration[]): string[] {
  const lines = [
    `## Batch ${index} of ${runbook.batches.length}: ${plural(moves.length, "tenant")}`,
    "",
    "| tenant | from | to | weight | phase |",
    "| --- | --- | --- | --: | --- |",
    ...moves.map(
      (move) =>
        `| ${code(move.tenant)} | ${code(move.from)} (${move.fromRegion}) | ${code(move.to)} (${move.toRegion})` +
        `${move.fromRegion === move.toRegion ? "" : " ⚠️ other region"} | ${move.weight} | ` +
        `${move.phase ?? "not started"} |`,
    ),
    "",
  ];
  runbook.guides.forEach((guide, stepIndex) => {
    if (guide.scope === "batch") {
      lines.push(...stepSection(`${index}.${stepIndex + 1}`, guide, stepIndex, moves));
    }
  });
  return lines;
}

/** One step for `moves`: why, each tenant's action (with its status), the deployment, each rollback. */
function stepSection(number: string, guide: StepGuide, stepIndex: number, moves: readonly TenantMigration[]): string[] {
  const lines = [`### ${number} ${guide.title}`, "", `${capitalised(guide.why)}.`, ""];
  for (const move of moves) {
    const step = move.steps[stepIndex];
    lines.push(`- ${STATUS_MARK[step.status]} ${code(move.tenant)}: ${code(step.action)}`);
  }
  if (guide.deploy !== undefined) {
    lines.push(`- then, once${guide.scope === "batch" ? " for the batch" : ""}: ${code(guide.deploy)}`);
  }
  const rollbacks = moves.map((move) => move.steps[stepIndex].rollback);
  lines.push("", "Roll back:", "");
  if (new Set(rollbacks).size === 1 && !/--tenant|tenants\.yaml/.test(rollbacks[0])) {
    lines.push(`- every tenant: ${code(rollbacks[0])}`);
  } else {
    moves.forEach((move, position) => lines.push(`- ${code(move.tenant)}: ${code(rollbacks[position])}`));
  }
  lines.push("");
  return lines;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function newAndGone(runbook: Runbook): string[] {
  const lines: string[] = [];
  if (runbook.newTenants.length > 0) {
    lines.push(`New tenants (no data to move): ${runbook.newTenants.map(code).join(", ")}.`, "");
  }
  if (runbook.goneTenants.length > 0) {
    lines.push(`Tenants no longer placed (off-board them): ${runbook.goneTenants.map(code).join(", ")}.`, "");
  }
  return lines;
}
