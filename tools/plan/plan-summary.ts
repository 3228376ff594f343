/** The table `cells plan` prints: one row per stack with its region, state and resources by kind. */
import type { Fleet } from "../../fleet/schema";
import type { PlanFile, PlannedResource } from "../lib/plan-file";

export interface StackSummary {
  stack: string;
  region: string;
  state: string;
  resources: number;
  /** Cloud resources by provider module (`ec2`, `rds`, `sqs`, …), most numerous first. */
  byKind: [string, number][];
  violations: number;
}

/** A cloud resource, as opposed to the stack, a component or a provider. */
export function isCloudResource(resource: PlannedResource): boolean {
  return !resource.component && !resource.type.startsWith("pulumi:");
}

/** `aws:sqs/queue:Queue` → `sqs`; `random:index/randomPassword:RandomPassword` → `random`. */
export function resourceKind(type: string): string {
  const [pkg, module] = type.split(":");
  const service = module?.split("/")[0];
  return !service || service === "index" ? (pkg ?? type) : service;
}

export function summarizePlan(plan: PlanFile, fleet: Fleet): StackSummary {
  const cell = fleet.cells.find((candidate) => candidate.id === plan.cell);
  const counts = new Map<string, number>();
  const cloud = plan.resources.filter(isCloudResource);
  for (const resource of cloud) {
    const kind = resourceKind(resource.type);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return {
    stack: plan.stack,
    region: plan.region ?? "global",
    state: cell?.state ?? "-",
    resources: cloud.length,
    byKind: [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    violations:
      plan.policy?.violations.filter((violation) => !violation.waived && violation.enforcementLevel === "mandatory")
        .length ?? 0,
  };
}

export function renderPlanTable(summaries: StackSummary[], options: { showPolicy: boolean }): string {
  const header = ["STACK", "REGION", "STATE", "RESOURCES", ...(options.showPolicy ? ["VIOLATIONS"] : []), "BY KIND"];
  const rows = summaries.map((summary) => [
    summary.stack,
    summary.region,
    summary.state,
    String(summary.resources),
    ...(options.showPolicy ? [String(summary.violations)] : []),
    summary.byKind.map(([kind, count]) => `${kind} ${count}`).join(", "),
  ]);
  const total = summaries.reduce((sum, summary) => sum + summary.resources, 0);
  const footer = [
    "TOTAL",
    "",
    "",
    String(total),
    ...(options.showPolicy ? [String(summaries.reduce((sum, summary) => sum + summary.violations, 0))] : []),
    `${summaries.length} stacks`,
  ];
  return formatColumns([header, ...rows, footer]);
}

function formatColumns(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
