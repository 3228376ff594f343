/**
 * Offline diff: compares two sets of plan files (base and head) stack by stack. Resources match by URN; a changed
 * property that AWS cannot change in place makes the change a (likely) replacement.
 */
import type { PlanFile, PlannedResource, PolicyViolationRecord } from "../lib/plan-file";
import type { DiffReport, PolicyChange, ResourceChange, StackDiff, StackStatus } from "./model";
import { changedTotal, compareStrings, countChanges } from "./model";
import { newResourceChange, toPropertyChange } from "./property-change";
import { diffProperties, topLevelKey } from "./property-diff";
import { buildReport } from "./report";
import { forceNewRule } from "./risk-rules";
import { isTenantPairPath, routingChange } from "./routing-moves";
import { applySecretRotations } from "./secret-rotation";
import { topologyChange } from "./topology";

export interface PlanDiffLabels {
  baseLabel?: string;
  headLabel?: string;
}

/** Diffs every stack either side has; a stack only in `base` was removed, one only in `head` was added. */
export function diffPlanSets(
  base: readonly PlanFile[],
  head: readonly PlanFile[],
  labels: PlanDiffLabels = {},
): DiffReport {
  const baseByStack = new Map(base.map((plan) => [plan.stack, plan]));
  const headByStack = new Map(head.map((plan) => [plan.stack, plan]));
  const stackNames = [...new Set([...baseByStack.keys(), ...headByStack.keys()])].sort(compareStrings);
  const headStacks = new Set(headByStack.keys());
  const stacks = stackNames.map((stack) =>
    diffStackPlans(stack, baseByStack.get(stack), headByStack.get(stack), headStacks),
  );
  const report = buildReport("plans", stacks, labels);
  const topology = topologyChange(base, head);
  return topology === undefined ? report : { ...report, topology };
}

/**
 * One stack's diff. A removed stack lists no resources (it keeps them until destroyed: see `orphaned`); the
 * routing map becomes tenant moves; rotated secrets name their consumers. `headStacks` (every stack of the head)
 * tells a removed cell from an evacuated one.
 */
export function diffStackPlans(
  stack: string,
  base: PlanFile | undefined,
  head: PlanFile | undefined,
  headStacks: ReadonlySet<string> = new Set(head === undefined ? [] : [stack]),
): StackDiff {
  if (head === undefined && base !== undefined) {
    return removedStack(stack, base);
  }
  const baseResources = new Map((base?.resources ?? []).map((resource) => [resource.urn, resource]));
  const headResources = new Map((head?.resources ?? []).map((resource) => [resource.urn, resource]));
  const urns = [...new Set([...baseResources.keys(), ...headResources.keys()])].sort(compareStrings);

  const changes: ResourceChange[] = [];
  let same = 0;
  for (const urn of urns) {
    const change = diffResource(baseResources.get(urn), headResources.get(urn));
    if (change === undefined) {
      same += 1;
    } else {
      changes.push(change);
    }
  }
  noteProbableRenames(changes);
  const routing = routingChange(base, head, headStacks);
  if (routing !== undefined) {
    showTenantPairsAsMoves(changes, routing.urn);
  }
  const listed = changes.length;
  const secretRotations = applySecretRotations(changes, head);
  same -= changes.length - listed; // consumers of a rotated secret were counted as unchanged

  const policy = diffPolicy(base?.policy?.violations ?? [], head?.policy?.violations ?? []);
  const counts = countChanges(changes, same);
  const moves =
    routing === undefined
      ? 0
      : routing.moves.length +
        routing.unserved.length +
        (routing.frozen?.length ?? 0) +
        (routing.unfrozen?.length ?? 0);
  return {
    stack,
    status: stackStatus(base, head, changedTotal(counts) + policy.length + moves),
    resources: changes,
    counts,
    policy,
    diagnostics: [],
    ...(routing === undefined ? {} : { routing }),
    ...(secretRotations.length === 0 ? {} : { secretRotations }),
  };
}

function removedStack(stack: string, base: PlanFile): StackDiff {
  const resources = base.resources.filter((resource) => resource.component !== true);
  const counts = countChanges([], 0);
  counts.delete = resources.length;
  return {
    stack,
    status: "removed",
    resources: [],
    counts,
    policy: diffPolicy(base.policy?.violations ?? [], []),
    diagnostics: [],
    orphaned: resources.length,
  };
}

/** The tenant pairs of the routing map are shown as moves: their property lines would repeat them one by one. */
function showTenantPairsAsMoves(changes: ResourceChange[], urn: string): void {
  const change = changes.find((candidate) => candidate.urn === urn);
  if (change !== undefined) {
    change.properties = change.properties.filter((property) => !isTenantPairPath(property.path));
    change.notes.push("tenant entries of the routing map are shown as tenant moves above");
  }
}

function stackStatus(base: PlanFile | undefined, head: PlanFile | undefined, changeCount: number): StackStatus {
  if (base === undefined) {
    return "added";
  }
  if (head === undefined) {
    return "removed";
  }
  return changeCount > 0 ? "changed" : "unchanged";
}

function diffResource(
  base: PlannedResource | undefined,
  head: PlannedResource | undefined,
): ResourceChange | undefined {
  if (base === undefined && head !== undefined) {
    return newChange(head, "create");
  }
  if (head === undefined && base !== undefined) {
    const change = newChange(base, "delete");
    if (base.protect === true) {
      change.protect = { before: true, after: false };
      change.notes.push("protected: Pulumi refuses to delete it until `protect` is removed in an earlier update");
    }
    return change;
  }
  if (base === undefined || head === undefined || head.component === true) {
    return undefined;
  }
  return diffMatchedResource(base, head);
}

function diffMatchedResource(base: PlannedResource, head: PlannedResource): ResourceChange | undefined {
  const properties = diffProperties(base.inputs, head.inputs).map((raw) => toPropertyChange(head.type, raw));
  const protectBefore = base.protect === true;
  const protectAfter = head.protect === true;
  if (properties.length === 0 && protectBefore === protectAfter) {
    return undefined;
  }
  const replaceReasons = [...new Set(properties.filter((p) => p.forcesReplacement).map((p) => topLevelKey(p.path)))];
  const change = newChange(head, replaceReasons.length > 0 ? "replace" : "update");
  change.properties = properties;
  change.replaceReasons = replaceReasons;
  if (protectBefore !== protectAfter) {
    change.protect = { before: protectBefore, after: protectAfter };
  }
  for (const reason of replaceReasons) {
    const condition = forceNewRule(head.type, reason)?.condition;
    if (condition !== undefined) {
      change.notes.push(`\`${reason}\` forces replacement ${condition}`);
    }
  }
  if (change.kind === "replace" && head.type === "random:index/randomPassword:RandomPassword") {
    change.notes.push("a new password is generated: every resource using it gets a new secret");
  }
  return change;
}

function newChange(resource: PlannedResource, kind: ResourceChange["kind"]): ResourceChange {
  return newResourceChange(resource.urn, resource.type, resource.name, kind);
}

/**
 * A delete and a create of the same type at the same place in the component tree is most likely a rename (the
 * parent component may be renamed too, as when a cell's queue is renamed). Each deleted resource pairs with the
 * created one whose logical name shares the longest start and end with its own, when that best match is unique.
 */
function noteProbableRenames(changes: ResourceChange[]): void {
  const unpaired = new Set(changes.filter((change) => change.kind === "create"));
  for (const deleted of changes.filter((change) => change.kind === "delete")) {
    const candidates = [...unpaired].filter((created) => typeChain(created.urn) === typeChain(deleted.urn));
    const scored = candidates.map((created) => ({ created, score: sharedEnds(deleted.name, created.name) }));
    const best = Math.max(0, ...scored.map((entry) => entry.score));
    const winners = scored.filter((entry) => entry.score === best);
    const renamed = winners[0]?.created;
    if (winners.length === 1 && renamed !== undefined && best > 0) {
      unpaired.delete(renamed);
      deleted.renamedTo = renamed.name;
      deleted.notes.push(
        `probably renamed to \`${renamed.name}\`: without an alias Pulumi deletes this one and creates a new one`,
      );
      renamed.notes.push(`probably renamed from \`${deleted.name}\``);
    }
  }
}

/** The URN's type part: the resource's type with its ancestors' types (`cellplane:cell:Cell$aws:sqs/queue:Queue`). */
function typeChain(urn: string): string {
  return urn.split("::")[2] ?? "";
}

function sharedEnds(a: string, b: string): number {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) {
    prefix += 1;
  }
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  return prefix + suffix;
}

function violationKey(violation: PolicyViolationRecord): string {
  return `${violation.packName}\u0000${violation.policy}\u0000${violation.urn ?? ""}`;
}

export function diffPolicy(
  base: readonly PolicyViolationRecord[],
  head: readonly PolicyViolationRecord[],
): PolicyChange[] {
  const baseKeys = new Set(base.map(violationKey));
  const headKeys = new Set(head.map(violationKey));
  const added = head.filter((violation) => !baseKeys.has(violationKey(violation))).map((v) => toPolicyChange(v, "new"));
  const fixed = base
    .filter((violation) => !headKeys.has(violationKey(violation)))
    .map((v) => toPolicyChange(v, "fixed"));
  return [...added, ...fixed].sort(
    (a, b) =>
      compareStrings(a.status, b.status) ||
      compareStrings(a.policy, b.policy) ||
      compareStrings(a.urn ?? "", b.urn ?? ""),
  );
}

function toPolicyChange(violation: PolicyViolationRecord, status: PolicyChange["status"]): PolicyChange {
  const change: PolicyChange = {
    status,
    policy: violation.policy,
    packName: violation.packName,
    enforcementLevel: violation.enforcementLevel,
    message: violation.message,
    waived: violation.waived !== undefined,
  };
  if (violation.urn !== undefined) {
    change.urn = violation.urn;
  }
  return change;
}
