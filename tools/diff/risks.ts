/**
 * Classifies a stack diff's changes into the risks a reviewer must see first: destroyed or replaced stateful
 * resources, removed guards against deletion, and new blocking policy violations.
 */
import type { PropertyChange, ResourceChange, Risk, RiskKind, RiskSeverity, StackDiff } from "./model";
import { compareStrings } from "./model";
import { GUARD_PROPERTIES, statefulType, type GuardRule } from "./risk-rules";

export function risksForStack(stack: StackDiff): Risk[] {
  const risks: Risk[] = [];
  if (stack.status === "removed") {
    const destroyed = stack.counts.delete;
    risks.push({
      severity: "danger",
      kind: "stack-removed",
      stack: stack.stack,
      message: `all ${destroyed} of its resources would be destroyed`,
    });
  }
  for (const resource of stack.resources) {
    risks.push(...risksForResource(stack.stack, resource));
  }
  for (const violation of stack.policy) {
    if (violation.status === "new" && !violation.waived && violation.enforcementLevel === "mandatory") {
      risks.push({
        severity: "warning",
        kind: "policy-violation",
        stack: stack.stack,
        ...(violation.urn === undefined ? {} : { urn: violation.urn }),
        message: `new mandatory policy violation \`${violation.policy}\`: ${violation.message}`,
      });
    }
  }
  return risks;
}

function risksForResource(stack: string, resource: ResourceChange): Risk[] {
  const risks: Risk[] = [];
  const stateful = statefulType(resource.type);
  const base = { stack, urn: resource.urn, type: resource.type, name: resource.name };
  if (stateful !== undefined && resource.kind === "delete" && resource.renamedTo !== undefined) {
    const message = `${stateful.label} renamed to \`${resource.renamedTo}\`: without an alias Pulumi deletes it and creates a new one, so it is replaced and loses ${stateful.loses}`;
    risks.push({ ...base, severity: "danger", kind: "replace", message });
  } else if (stateful !== undefined && resource.kind === "delete") {
    risks.push({
      ...base,
      severity: "danger",
      kind: "delete",
      message: `${stateful.label} deleted: loses ${stateful.loses}`,
    });
  }
  if (stateful !== undefined && resource.kind === "replace") {
    const certainty = resource.replaceConfirmed ? "replaced" : "likely replaced";
    const because = resource.replaceReasons.length > 0 ? ` because ${replaceCauses(resource)} changed` : "";
    risks.push({
      ...base,
      severity: "danger",
      kind: "replace",
      message: `${stateful.label} ${certainty}${because}: loses ${stateful.loses}`,
    });
  }
  if (
    resource.protect !== undefined &&
    resource.protect.before &&
    !resource.protect.after &&
    resource.kind !== "delete"
  ) {
    risks.push({
      ...base,
      severity: "warning",
      kind: "protect-removed",
      message: "`protect` removed: Pulumi will no longer refuse to delete it",
    });
  }
  for (const rule of GUARD_PROPERTIES[resource.type] ?? []) {
    const change = resource.properties.find((property) => property.path === rule.property);
    if (change !== undefined && guardRemoved(rule, change)) {
      risks.push({ ...base, severity: "warning", kind: rule.kind, message: guardMessage(rule) });
    }
  }
  return risks;
}

/** `name` ("a" → "b"), `engine` — values only for non-secret, short top-level changes. */
function replaceCauses(resource: ResourceChange): string {
  return resource.replaceReasons
    .map((reason) => {
      const change = resource.properties.find((property) => property.path === reason);
      const showValues =
        change !== undefined && !change.secret && (change.before ?? "").length + (change.after ?? "").length <= 80;
      return showValues ? `\`${reason}\` (${unquoted(change.before)} → ${unquoted(change.after)})` : `\`${reason}\``;
    })
    .join(", ");
}

function guardRemoved(rule: GuardRule, change: PropertyChange): boolean {
  const before = parseBoolean(change.before) ?? rule.defaultValue;
  const after = parseBoolean(change.after) ?? rule.defaultValue;
  return before === rule.guardedValue && after !== rule.guardedValue;
}

function parseBoolean(display: string | undefined): boolean | undefined {
  return display === "true" ? true : display === "false" ? false : undefined;
}

function guardMessage(rule: GuardRule): string {
  return rule.kind === "final-snapshot-skipped"
    ? `\`${rule.property}\` turned on: deleting it will no longer keep a final snapshot`
    : `deletion protection turned off (\`${rule.property}\`)`;
}

const SEVERITY_ORDER: Readonly<Record<RiskSeverity, number>> = { danger: 0, warning: 1 };
/** Worst first: whole stacks, then deletions, then replacements; then removed guards and policy. */
const KIND_ORDER: Readonly<Record<RiskKind, number>> = {
  "stack-removed": 0,
  delete: 1,
  replace: 2,
  "protect-removed": 3,
  "deletion-protection-off": 4,
  "final-snapshot-skipped": 5,
  "policy-violation": 6,
};

export function sortRisks(risks: readonly Risk[]): Risk[] {
  return [...risks].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      compareStrings(a.stack, b.stack) ||
      compareStrings(a.urn ?? "", b.urn ?? ""),
  );
}

function unquoted(display: string | undefined): string {
  return display === undefined ? "unset" : display.replace(/`/g, "'");
}
