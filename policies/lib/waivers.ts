/**
 * Waivers: a stack may skip one policy for named resources, for a stated reason, with an owner, until a date.
 * They live in one reviewed file (`policies/waivers.yaml`), keyed by stack name, which the pack reads itself, so
 * `pulumi preview --policy-pack policies` and `npm run plan` apply exactly the same waivers:
 *
 * ```yaml
 * stacks:
 *   cell-use1-a:
 *     - policy: security-group-no-public-ingress
 *       resources: [use1-a-bastion-sg]        # logical names or full URNs
 *       reason: Break-glass SSH until the SSM migration lands (TICKET-123)
 *       owner: team-network
 *       expires: 2026-03-31                   # last day the waiver applies (UTC)
 * ```
 *
 * A malformed or expired waiver waives nothing and is itself a violation of `cellplane-waiver-valid`.
 */
import { existsSync, readFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { nameOfUrn } from "./urn";

export interface Waiver {
  stack: string;
  policy: string;
  /** Logical names or full URNs of the resources the waiver covers. */
  resources: readonly string[];
  reason: string;
  owner: string;
  /** ISO date (YYYY-MM-DD): the last day the waiver applies. */
  expires: string;
}

export interface WaiverProblem {
  /** The stack whose entry is wrong; undefined when the whole file is. */
  stack?: string;
  message: string;
}

export interface WaiverSet {
  file: string;
  waivers: readonly Waiver[];
  problems: readonly WaiverProblem[];
}

const ENTRY_FIELDS = ["policy", "resources", "reason", "owner", "expires"] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Reads the waiver file; a missing file means no waivers. */
export function readWaiverFile(file: string): WaiverSet {
  if (!existsSync(file)) {
    return { file, waivers: [], problems: [] };
  }
  return parseWaivers(readFileSync(file, "utf8"), file);
}

export function parseWaivers(text: string, file: string): WaiverSet {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      file,
      waivers: [],
      problems: [{ message: `${file} is not valid YAML: ${document.errors[0].message.split("\n")[0]}` }],
    };
  }
  const root: unknown = document.toJS();
  if (root === null || root === undefined) {
    return { file, waivers: [], problems: [] };
  }
  const stacks = isRecord(root) ? root.stacks : undefined;
  if (!isRecord(root) || (stacks !== undefined && stacks !== null && !isRecord(stacks))) {
    return {
      file,
      waivers: [],
      problems: [{ message: `${file} must be a mapping with \`stacks: { <stack>: [waiver, ...] }\`` }],
    };
  }
  const waivers: Waiver[] = [];
  const problems: WaiverProblem[] = [];
  for (const [stack, entries] of Object.entries(stacks ?? {})) {
    const list: unknown[] = Array.isArray(entries) ? entries : [entries];
    list.forEach((entry, index) => {
      const parsed = parseEntry(stack, entry, `${file}: stacks.${stack}[${index}]`);
      if ("problem" in parsed) {
        problems.push({ stack, message: parsed.problem });
      } else {
        waivers.push(parsed.waiver);
      }
    });
  }
  return { file, waivers, problems };
}

function parseEntry(stack: string, entry: unknown, where: string): { waiver: Waiver } | { problem: string } {
  if (!isRecord(entry)) {
    return { problem: `${where} must be a mapping with ${ENTRY_FIELDS.join(", ")}` };
  }
  const unexpected = Object.keys(entry).filter((key) => !(ENTRY_FIELDS as readonly string[]).includes(key));
  const resources = typeof entry.resources === "string" ? [entry.resources] : entry.resources;
  const missing = [
    ...(["policy", "reason", "owner"] as const).filter((field) => !isFilledString(entry[field])),
    ...(Array.isArray(resources) && resources.length > 0 && resources.every(isFilledString) ? [] : ["resources"]),
    ...(isIsoDate(entry.expires) ? [] : ["expires"]),
  ];
  if (unexpected.length > 0 || missing.length > 0) {
    const parts = [
      missing.length > 0 ? `needs ${missing.join(", ")} (expires as YYYY-MM-DD, resources as a non-empty list)` : "",
      unexpected.length > 0 ? `has unknown field(s) ${unexpected.join(", ")}` : "",
    ].filter((part) => part.length > 0);
    return { problem: `${where} ${parts.join(" and ")}` };
  }
  return {
    waiver: {
      stack,
      policy: String(entry.policy),
      resources: (resources as string[]).map((resource) => resource.trim()),
      reason: String(entry.reason).trim(),
      owner: String(entry.owner).trim(),
      expires: String(entry.expires),
    },
  };
}

export function waiversOfStack(set: WaiverSet, stack: string): Waiver[] {
  return set.waivers.filter((waiver) => waiver.stack === stack);
}

/** A waiver applies through the whole day it expires on (UTC). */
export function isExpired(waiver: Waiver, today: string): boolean {
  return waiver.expires < today;
}

export function coversResource(waiver: Waiver, urn: string): boolean {
  const name = nameOfUrn(urn);
  return waiver.resources.some((resource) => resource === urn || resource === name);
}

export interface WaiverQuery {
  stack: string;
  policy: string;
  urn: string;
  today: string;
}

/** The unexpired waiver that covers this finding, if any. */
export function findActiveWaiver(set: WaiverSet, query: WaiverQuery): Waiver | undefined {
  return set.waivers.find(
    (waiver) =>
      waiver.stack === query.stack &&
      waiver.policy === query.policy &&
      !isExpired(waiver, query.today) &&
      coversResource(waiver, query.urn),
  );
}

/** Everything wrong with the waivers that concern `stack`: malformed entries, unknown policies, expiry. */
export function waiverProblems(
  set: WaiverSet,
  stack: string,
  policyNames: ReadonlySet<string>,
  today: string,
  selfName: string,
): string[] {
  const shapeProblems = set.problems
    .filter((problem) => problem.stack === undefined || problem.stack === stack)
    .map((problem) => problem.message);
  const entryProblems = waiversOfStack(set, stack).flatMap((waiver) => {
    const label = `waiver of ${waiver.policy} for ${waiver.resources.join(", ")} (owner ${waiver.owner})`;
    if (waiver.policy === selfName) {
      return [`${label} tries to waive ${selfName}, which cannot be waived`];
    }
    if (!policyNames.has(waiver.policy)) {
      return [`${label} names no policy of this pack; known policies are listed in docs/policies.md`];
    }
    return isExpired(waiver, today)
      ? [`${label} expired on ${waiver.expires}: renew it with a new date and reason, or fix the resources`]
      : [];
  });
  return [...shapeProblems, ...entryProblems];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFilledString(value: unknown): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !ISO_DATE.test(value)) {
    return false;
  }
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
