/** One stack's collapsible `<details>` section, at full detail or compact (one line per resource). */
import type { ChangeCounts, PolicyChange, PropertyChange, ResourceChange, RoutingChange, StackDiff } from "./model";
import { CHANGE_KINDS } from "./model";
import { code, formatNumber, html, plural, prose, proseWithCode } from "./markdown";
import { statefulType } from "./risk-rules";

export type DetailLevel = "full" | "compact";

const KIND_ICONS: Readonly<Record<ResourceChange["kind"], string>> = {
  create: "➕",
  update: "✏️",
  replace: "🔁",
  delete: "➖",
};

export function countsPhrase(counts: ChangeCounts): string {
  const parts = CHANGE_KINDS.filter((kind) => counts[kind] > 0).map(
    (kind) => `${formatNumber(counts[kind])} to ${kind}`,
  );
  return parts.length === 0 ? "no resource changes" : parts.join(", ");
}

function summaryLine(stack: StackDiff, hasRisk: boolean): string {
  const status = stack.status === "added" ? " (new stack)" : stack.status === "removed" ? " (stack removed)" : "";
  const policy = stack.policy.length > 0 ? `, ${plural(stack.policy.length, "policy change")}` : "";
  const secrets =
    (stack.secretConfig ?? []).length > 0 ? `, ${plural(stack.secretConfig?.length ?? 0, "secret config change")}` : "";
  const risk = hasRisk ? " ⚠️" : "";
  const moves = stack.routing === undefined ? "" : `, ${plural(stack.routing.moves.length, "tenant move")}`;
  const text = `${countsPhrase(stack.counts)}${policy}${secrets}${moves}`;
  return `<summary><code>${html(stack.stack)}</code>${html(status)} — ${html(text)}${risk}</summary>`;
}

export function resourceLine(resource: ResourceChange): string {
  const certainty = resource.kind === "replace" && !resource.replaceConfirmed ? " (likely)" : "";
  const stateful = statefulType(resource.type) === undefined ? "" : " · stateful";
  const what = `${code(resource.name)} ${code(resource.type)}${stateful}`;
  return `- ${KIND_ICONS[resource.kind]} **${resource.kind}**${certainty} ${what}`;
}

export function propertyLine(property: PropertyChange): string {
  const forces = property.forcesReplacement ? " — **forces replacement**" : "";
  if (property.secret) {
    const what = property.kind === "add" ? "added" : property.kind === "delete" ? "removed" : "changed";
    return `  - ${code(property.path)}: secret ${what} (value not shown)${forces}`;
  }
  if (property.kind === "add") {
    return `  - ${code(property.path)}: added ${code(property.after ?? "")}${forces}`;
  }
  if (property.kind === "delete") {
    return `  - ${code(property.path)}: removed (was ${code(property.before ?? "")})${forces}`;
  }
  return `  - ${code(property.path)}: ${code(property.before ?? "")} → ${code(property.after ?? "")}${forces}`;
}

function resourceLines(resource: ResourceChange, level: DetailLevel): string[] {
  const lines = [resourceLine(resource)];
  const properties = level === "full" ? resource.properties : resource.properties.filter((p) => p.forcesReplacement);
  lines.push(...properties.map(propertyLine));
  if (resource.protect !== undefined && resource.kind !== "delete") {
    lines.push(
      `  - ${code("protect")} (resource option): ` +
        `${code(String(resource.protect.before))} → ${code(String(resource.protect.after))}`,
    );
  }
  lines.push(...resource.notes.map((note) => `  - _${proseWithCode(note)}_`));
  return lines;
}

function policyLine(change: PolicyChange): string {
  const icon = change.status === "new" ? "🆕" : "✅";
  const label = change.status === "new" ? "new" : "fixed";
  const waived = change.waived ? " (waived)" : "";
  const target = change.urn === undefined ? "" : ` on ${code(change.urn.split("::").pop() ?? change.urn)}`;
  const policy = `${code(change.policy)} (${change.enforcementLevel})${waived}${target}`;
  return `- ${icon} ${label} ${policy}: ${prose(change.message)}`;
}

/** Lines of the section body, in reading order; the caller decides how many fit. */
export function stackBodyLines(stack: StackDiff, level: DetailLevel): string[] {
  const lines: string[] = stack.routing === undefined ? [] : tenantMoveLines(stack.routing);
  for (const resource of stack.resources) {
    lines.push(...resourceLines(resource, level));
  }
  if (stack.secretConfig !== undefined && stack.secretConfig.length > 0) {
    lines.push("", "**Secret stack config** (encrypted; values never shown)", "");
    lines.push(
      ...stack.secretConfig.map(
        (change) =>
          `- ${code(change.key)}: secret ${
            change.kind === "add" ? "added" : change.kind === "delete" ? "removed" : "changed"
          }`,
      ),
    );
  }
  if (stack.policy.length > 0) {
    lines.push("", "**Policy**", "", ...stack.policy.map(policyLine));
  }
  if (stack.diagnostics.length > 0) {
    lines.push("", "**Engine diagnostics**", "");
    lines.push(...stack.diagnostics.map((d) => `- ${d.severity}: ${prose(d.message)}`));
  }
  if (level === "compact" && stack.resources.some((resource) => resource.properties.length > 0)) {
    lines.push("", "_Property details left out to fit the comment limit._");
  }
  return lines;
}

/**
 * The routing map as tenant moves, grouped by (from, to) with counts, every tenant named: `tenant  from → to`.
 * They come first in the section so that shortening keeps them.
 */
export function tenantMoveLines(routing: RoutingChange): string[] {
  const lines = [
    `**Tenant moves** (routing map): ${plural(routing.moved, "tenant")} change cell, ` +
      `${formatNumber(routing.added)} new, ` +
      `${formatNumber(routing.removed)} no longer routed`,
    "",
  ];
  for (const cell of routing.unserved) {
    lines.push(
      `- 🔴 ${code(cell.cell)} ${cell.removed ? "removed" : "evacuated"} while hosting ${cell.tenants} tenants`,
    );
  }
  if (routing.frozen !== undefined) {
    lines.push(`- ⏸️ frozen (the edge answers 503 + retry-after): ${routing.frozen.map(code).join(", ")}`);
  }
  if (routing.unfrozen !== undefined) {
    lines.push(`- ▶️ no longer frozen: ${routing.unfrozen.map(code).join(", ")}`);
  }
  for (const group of routing.groups) {
    const from = group.from ?? "(new)";
    const to = group.to ?? "(not routed)";
    lines.push(`- **${code(from)} → ${code(to)}**: ${plural(group.tenants.length, "tenant")}`);
    lines.push(...group.tenants.map((tenant) => `  - ${code(tenant)}  ${from} → ${to}`));
  }
  lines.push("");
  return lines;
}

/** A removed stack in one line: it keeps its resources until someone destroys it. */
export function removedStackLine(stack: StackDiff): string {
  const count = stack.orphaned ?? stack.counts.delete;
  return (
    `- ⚪ ${code(stack.stack)} removed from the code: ${plural(count, "resource")} orphaned until ` +
    `${code(`pulumi destroy -s ${stack.stack}`)}\n`
  );
}

/**
 * The `<details>` section. With `maxSize`, body lines that do not fit are dropped (whole lines only) and a
 * closing line says how many; returns undefined when not even the frame fits.
 */
export function renderStackSection(
  stack: StackDiff,
  level: DetailLevel,
  hasRisk: boolean,
  maxSize = Infinity,
  sizeOf: (text: string) => number = (text) => text.length,
): string | undefined {
  if (stack.status === "removed") {
    const line = removedStackLine(stack);
    return sizeOf(line) <= maxSize ? line : undefined;
  }
  const open = `<details>${summaryLine(stack, hasRisk)}\n\n`;
  const close = "\n\n</details>\n";
  const body = stackBodyLines(stack, level);
  const full = `${open}${body.join("\n")}${close}`;
  if (sizeOf(full) <= maxSize) {
    return full;
  }
  const cutNote = (left: number): string => `\n- _…${plural(left, "more line")} left out to fit the comment limit._`;
  let budget = maxSize - sizeOf(open) - sizeOf(close) - sizeOf(cutNote(body.length));
  if (budget < 0) {
    return undefined;
  }
  const kept: string[] = [];
  for (const line of body) {
    if (sizeOf(line) + 1 > budget) {
      break;
    }
    kept.push(line);
    budget -= sizeOf(line) + 1;
  }
  return `${open}${kept.join("\n")}${cutNote(body.length - kept.length)}${close}`;
}
