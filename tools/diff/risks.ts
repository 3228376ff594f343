/**
 * Classifies a stack diff's changes into the risks a reviewer must see first: tenants cut off from a cell that
 * stops serving, destroyed or replaced stateful resources, tenants that move, rotated secrets, removed guards
 * against deletion, new blocking policy violations, and (as a notice) stacks removed from the code.
 */
import type {
  PropertyChange,
  ResourceChange,
  Risk,
  RiskKind,
  RiskSeverity,
  RoutingChange,
  SecretRotation,
  StackDiff,
} from "./model";
import { compareStrings } from "./model";
import { GUARD_PROPERTIES, statefulType, type GuardRule } from "./risk-rules";
import { gainsAndLosses } from "./routing-moves";

export function risksForStack(stack: StackDiff): Risk[] {
  const risks: Risk[] = [];
  if (stack.status === "removed") {
    const count = stack.orphaned ?? stack.counts.delete;
    risks.push({
      severity: "notice",
      kind: "stack-removed",
      stack: stack.stack,
      message:
        `removed from the code, not destroyed: its ${count} resources are orphaned until ` +
        `\`pulumi destroy -s ${stack.stack}\``,
    });
  }
  if (stack.routing !== undefined) {
    risks.push(...routingRisks(stack.stack, stack.routing));
  }
  for (const rotation of stack.secretRotations ?? []) {
    risks.push(rotationRisk(stack.stack, rotation));
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

function routingRisks(stack: string, routing: RoutingChange): Risk[] {
  const risks: Risk[] = routing.unserved.map((cell) => ({
    severity: "danger",
    kind: "cell-unserved",
    stack,
    message:
      `cell \`${cell.cell}\` ${cell.removed ? "removed" : "evacuated"} while it still hosts ${cell.tenants} ` +
      "tenants: they are cut over in one step, without draining (set its `state: draining` and deploy first)",
  }));
  const moving = routing.moved + routing.added + routing.removed;
  if (routing.moved > 0) {
    const extra = [
      routing.added > 0 ? `${routing.added} new` : "",
      routing.removed > 0 ? `${routing.removed} no longer routed` : "",
    ].filter((part) => part !== "");
    risks.push({
      severity: "warning",
      kind: "tenants-move",
      stack,
      message:
        `${routing.moved} tenant${routing.moved === 1 ? "" : "s"} move to another cell` +
        `${extra.length > 0 ? ` (and ${extra.join(", ")})` : ""}: ${gainsAndLosses(routing)}`,
    });
  } else if (moving > 0 && routing.removed > 0) {
    risks.push({
      severity: "warning",
      kind: "tenants-move",
      stack,
      message: `${routing.removed} tenant(s) no longer routed to any cell`,
    });
  }
  return risks;
}

function rotationRisk(stack: string, rotation: SecretRotation): Risk {
  const consumers = rotation.consumers.map(
    (consumer) =>
      `\`${consumer.name}\`${
        consumer.properties.length > 0 ? ` (${consumer.properties.map((p) => `\`${p}\``).join(", ")})` : ""
      }`,
  );
  const reach = consumers.length > 0 ? `new value for ${consumers.join(", ")}` : "no planned resource consumes it";
  return {
    severity: "warning",
    kind: "secret-rotated",
    stack,
    urn: rotation.urn,
    type: rotation.type,
    name: rotation.name,
    message: `${reach}; the value is never shown`,
  };
}

function risksForResource(stack: string, resource: ResourceChange): Risk[] {
  const risks: Risk[] = [];
  const stateful = statefulType(resource.type);
  const base = { stack, urn: resource.urn, type: resource.type, name: resource.name };
  if (stateful !== undefined && resource.kind === "delete" && resource.renamedTo !== undefined) {
    const message =
      `${stateful.label} renamed to \`${resource.renamedTo}\`: without an alias Pulumi deletes it and creates a ` +
      `new one, so it is replaced and loses ${stateful.loses}`;
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

const SEVERITY_ORDER: Readonly<Record<RiskSeverity, number>> = { danger: 0, warning: 1, notice: 2 };
/** Worst first: tenants cut off, deletions, replacements; then moves, rotations, removed guards, policy, notices. */
const KIND_ORDER: Readonly<Record<RiskKind, number>> = {
  "cell-unserved": 0,
  delete: 1,
  replace: 2,
  "tenants-move": 3,
  "secret-rotated": 4,
  "protect-removed": 5,
  "deletion-protection-off": 6,
  "final-snapshot-skipped": 7,
  "policy-violation": 8,
  "stack-removed": 9,
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
