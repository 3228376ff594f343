/**
 * The audit report model, pure: the pack's catalog, the plan files of a fleet and the test evidence in, one
 * document out (every policy, its controls and evidence, how every stack fares). Rendering is in render.ts; the
 * report never carries resource inputs, so no value from a plan (secret or not) reaches it.
 */
import type { PolicyCatalog, PolicyCatalogEntry } from "../../policies/catalog";
import { todayIso } from "../../policies/lib/settings";
import type { PlanFile, PolicyViolationRecord } from "../lib/plan-file";
import type { StaleStack } from "./freshness";
import type { PolicyRunEvidence, TestRun } from "./test-results";
import { splitWaivers, type WaiverFileProblem, type WaiverSummary } from "./waivers";

/** What the test suite shows for one policy (see evidence.ts). */
export interface PolicyEvidence {
  /** Test files (`test/**\/*.test.ts`, relative, sorted) that exercise the policy, directly or through a case table. */
  testFiles: string[];
  /** Case-table files with an entry for the policy. */
  caseTables: string[];
  /** Case counts, only when every case-table entry for the policy lists its cases as plain arrays. */
  cases?: { violating: number; compliant: number };
  /** The tests of a run (`--test-results`) that name the policy, by outcome. */
  run?: PolicyRunEvidence;
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
  /** The waiver the plan applied, expired on the evaluation date: the finding counts again. */
  expiredWaiver?: { reason: string; owner: string; expires: string };
}

export interface AuditStack {
  stack: string;
  cell?: string;
  region?: string;
  /** False when the plan has no policy results (the pack was skipped): never reported as compliant. */
  checked: boolean;
  findings: AuditFinding[];
}

/** Where the report comes from: printed at its top. */
export interface AuditProvenance {
  /** The commit the audit ran at, and whether the working tree differed from it. */
  commit?: string;
  uncommitted: boolean;
  /** The date waivers are judged against (YYYY-MM-DD, UTC), and whether CELLPLANE_TODAY set it. */
  evaluatedOn: string;
  dateSource: string;
  toolVersion: string;
  packVersion: string;
  /** The plan folder read. */
  plans: string;
  /** Plans whose inputs changed since planning, audited anyway with --allow-stale (empty when all are fresh). */
  stale: StaleStack[];
}

export interface AuditContext {
  /** The date waivers are judged against; default $CELLPLANE_TODAY or today. */
  evaluatedOn?: string;
  /** Problems of the waiver file itself (malformed entries): invalid waivers. */
  waiverProblems?: readonly WaiverFileProblem[];
  testRun?: TestRun;
  provenance?: AuditProvenance;
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
    waivers: WaiverSummary;
    /** With a test run: policies no passing test of the run names. */
    policiesWithoutPassingTest?: string[];
  };
  provenance?: AuditProvenance;
  /** The test run the evidence comes from; absent: evidence from sources only (read, not run). */
  testRun?: TestRun;
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
  context: AuditContext = {},
): AuditReport {
  const evaluatedOn = context.evaluatedOn ?? todayIso();
  const sortedPlans = [...plans].sort((a, b) => compare(a.stack, b.stack));
  const levels = new Map(catalog.policies.map((policy) => [policy.name, policy.enforcementLevel]));
  const stacks = sortedPlans.map((plan) => auditStack(plan, evaluatedOn, levels));
  const policies = catalog.policies.map((policy) => ({
    ...policy,
    evidence: evidence.get(policy.name) ?? NO_EVIDENCE,
  }));
  const summary = summarize(catalog.policies, stacks);
  summary.waivers = splitWaivers(sortedPlans, {
    evaluatedOn,
    policyNames: new Set(levels.keys()),
    fileProblems: context.waiverProblems ?? [],
  });
  if (context.testRun !== undefined) {
    summary.policiesWithoutPassingTest = policies
      .filter((policy) => (policy.evidence.run?.passed.length ?? 0) === 0)
      .map((policy) => policy.name);
  }
  return {
    pack: { name: catalog.pack, version: catalog.version },
    ...(context.provenance === undefined ? {} : { provenance: context.provenance }),
    ...(context.testRun === undefined ? {} : { testRun: context.testRun }),
    summary,
    policies,
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

/**
 * A policy that names resource types applies to a stack holding at least one of them; one naming none, to every
 * stack.
 */
export function appliesTo(policy: PolicyCatalogEntry, plan: PlanFile): boolean {
  if (policy.resourceTypes.length === 0) {
    return true;
  }
  const types = new Set(policy.resourceTypes);
  return plan.resources.some((resource) => types.has(resource.type));
}

function auditStack(plan: PlanFile, evaluatedOn: string, levels: ReadonlyMap<string, string>): AuditStack {
  const findings = (plan.policy?.violations ?? [])
    .map((violation) => auditFinding(violation, evaluatedOn, levels))
    .sort(compareFindings);
  return { stack: plan.stack, cell: plan.cell, region: plan.region, checked: plan.policy !== undefined, findings };
}

/** A finding as the audit judges it: a waiver that has expired by the evaluation date no longer applies. */
function auditFinding(
  violation: PolicyViolationRecord,
  evaluatedOn: string,
  levels: ReadonlyMap<string, string>,
): AuditFinding {
  const { policy, packName, message, urn, waived } = violation;
  const expired = waived !== undefined && waived.expires < evaluatedOn;
  const level = expired ? (levels.get(policy) ?? violation.enforcementLevel) : violation.enforcementLevel;
  const waiver =
    waived === undefined ? undefined : { reason: waived.reason, owner: waived.owner, expires: waived.expires };
  return {
    policy,
    packName,
    enforcementLevel: level as PolicyViolationRecord["enforcementLevel"],
    ...(urn === undefined ? {} : { resource: resourceName(urn), urn }),
    message,
    ...(waiver === undefined ? {} : expired ? { expiredWaiver: waiver } : { waived: waiver }),
  };
}

/** `urn:pulumi:stack::project::type$type::name` → `name`. */
function resourceName(urn: string): string {
  return urn.split("::").at(-1) ?? urn;
}

function summarize(policies: readonly PolicyCatalogEntry[], stacks: readonly AuditStack[]): AuditReport["summary"] {
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
    waivers: { evaluatedOn: "", inForce: [], expired: [], invalid: [] },
  };
}

export function isBlocking(finding: AuditFinding): boolean {
  return finding.enforcementLevel === "mandatory" && finding.waived === undefined;
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

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
