/**
 * The audit report model, pure: the pack's catalog, the plan files of a fleet and the test evidence in, one
 * document out (every policy, its controls and evidence, how every stack fares). Rendering is in render.ts; the
 * report never carries resource inputs, so no value from a plan (secret or not) reaches it.
 */
import type { PolicyCatalog, PolicyCatalogEntry } from "../../policies/catalog";
import type { PlanFile, PolicyViolationRecord } from "../lib/plan-file";

/** What the test suite shows for one policy (see evidence.ts). */
export interface PolicyEvidence {
  /** Test files (`test/**\/*.test.ts`, relative, sorted) that exercise the policy, directly or through a case table. */
  testFiles: string[];
  /** Case-table files with an entry for the policy. */
  caseTables: string[];
  /** Case counts, only when every case-table entry for the policy lists its cases as plain arrays. */
  cases?: { violating: number; compliant: number };
}

/** How one stack fares against one policy. `not-checked`: the plan was made with `--no-policy`. */
export type CellStatus = "pass" | "violation" | "waived" | "not-applicable" | "not-checked";

export interface AuditFinding {
  policy: string;
  packName: string;
  enforcementLevel: PolicyViolationRecord["enforcementLevel"];
  /** The resource's logical name (the last URN segment), when the finding names a resource. */
  resource?: string;
  urn?: string;
  message: string;
  waived?: { reason: string; owner: string; expires: string };
}

export interface AuditStack {
  stack: string;
  cell?: string;
  region?: string;
  /** False when the plan has no policy results (the pack was skipped): never reported as compliant. */
  checked: boolean;
  findings: AuditFinding[];
}

export interface WaiverInForce {
  stack: string;
  policy: string;
  resources: string[];
  reason: string;
  owner: string;
  expires: string;
}

export interface AuditPolicy extends PolicyCatalogEntry {
  evidence: PolicyEvidence;
}

export interface AuditReport {
  pack: { name: string; version: string };
  summary: {
    policies: number;
    byGroup: { group: string; count: number }[];
    byEnforcement: { enforcementLevel: string; count: number }[];
    stacksChecked: string[];
    stacksNotChecked: string[];
    /** Unwaived mandatory findings over all stacks. */
    mandatoryViolations: number;
    waivers: WaiverInForce[];
  };
  policies: AuditPolicy[];
  stacks: AuditStack[];
  /** One row per catalog policy (catalog order), one status per stack (in `stacks` order). */
  matrix: { policy: string; statuses: CellStatus[] }[];
}

const NO_EVIDENCE: PolicyEvidence = { testFiles: [], caseTables: [] };

export function buildAuditReport(
  catalog: PolicyCatalog,
  plans: readonly PlanFile[],
  evidence: ReadonlyMap<string, PolicyEvidence>,
): AuditReport {
  const sortedPlans = [...plans].sort((a, b) => compare(a.stack, b.stack));
  const stacks = sortedPlans.map(auditStack);
  return {
    pack: { name: catalog.pack, version: catalog.version },
    summary: summarize(catalog.policies, sortedPlans, stacks),
    policies: catalog.policies.map((policy) => ({ ...policy, evidence: evidence.get(policy.name) ?? NO_EVIDENCE })),
    stacks,
    matrix: catalog.policies.map((policy) => ({
      policy: policy.name,
      statuses: sortedPlans.map((plan, index) => cellStatus(policy, plan, stacks[index])),
    })),
  };
}

/** The status of one policy in one stack: findings decide first, then whether the stack holds anything it reads. */
export function cellStatus(policy: PolicyCatalogEntry, plan: PlanFile, stack: AuditStack): CellStatus {
  if (!stack.checked) {
    return "not-checked";
  }
  const findings = stack.findings.filter((finding) => finding.policy === policy.name);
  if (findings.some((finding) => finding.waived === undefined)) {
    return "violation";
  }
  if (findings.length > 0) {
    return "waived";
  }
  return appliesTo(policy, plan) ? "pass" : "not-applicable";
}

/** A policy that names resource types applies to a stack holding at least one of them; one naming none, to every stack. */
export function appliesTo(policy: PolicyCatalogEntry, plan: PlanFile): boolean {
  if (policy.resourceTypes.length === 0) {
    return true;
  }
  const types = new Set(policy.resourceTypes);
  return plan.resources.some((resource) => types.has(resource.type));
}

function auditStack(plan: PlanFile): AuditStack {
  const findings = (plan.policy?.violations ?? []).map(auditFinding).sort(compareFindings);
  return { stack: plan.stack, cell: plan.cell, region: plan.region, checked: plan.policy !== undefined, findings };
}

function auditFinding(violation: PolicyViolationRecord): AuditFinding {
  const { policy, packName, enforcementLevel, message, urn, waived } = violation;
  return {
    policy,
    packName,
    enforcementLevel,
    ...(urn === undefined ? {} : { resource: resourceName(urn), urn }),
    message,
    ...(waived === undefined
      ? {}
      : { waived: { reason: waived.reason, owner: waived.owner, expires: waived.expires } }),
  };
}

/** `urn:pulumi:stack::project::type$type::name` → `name`. */
function resourceName(urn: string): string {
  return urn.split("::").at(-1) ?? urn;
}

function summarize(
  policies: readonly PolicyCatalogEntry[],
  plans: readonly PlanFile[],
  stacks: readonly AuditStack[],
): AuditReport["summary"] {
  return {
    policies: policies.length,
    byGroup: countBy(policies, (policy) => policy.group).map(([group, count]) => ({ group, count })),
    byEnforcement: countBy(policies, (policy) => policy.enforcementLevel).map(([enforcementLevel, count]) => ({
      enforcementLevel,
      count,
    })),
    stacksChecked: stacks.filter((stack) => stack.checked).map((stack) => stack.stack),
    stacksNotChecked: stacks.filter((stack) => !stack.checked).map((stack) => stack.stack),
    mandatoryViolations: stacks.flatMap((stack) => stack.findings).filter(isBlocking).length,
    waivers: plans
      .flatMap(waiversOf)
      .sort((a, b) => compare(a.expires, b.expires) || compare(a.stack, b.stack) || compare(a.policy, b.policy)),
  };
}

export function isBlocking(finding: AuditFinding): boolean {
  return finding.enforcementLevel === "mandatory" && finding.waived === undefined;
}

function waiversOf(plan: PlanFile): WaiverInForce[] {
  return (plan.policy?.waivers ?? []).map(({ policy, resources, reason, owner, expires }) => ({
    stack: plan.stack,
    policy,
    resources: [...resources].sort(compare),
    reason,
    owner,
    expires,
  }));
}

/** Counts in first-seen order (the catalog's order is the pack's). */
function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) {
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  }
  return [...counts.entries()];
}

function compareFindings(a: AuditFinding, b: AuditFinding): number {
  return compare(a.policy, b.policy) || compare(a.urn ?? "", b.urn ?? "") || compare(a.message, b.message);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
