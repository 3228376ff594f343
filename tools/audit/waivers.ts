/**
 * Waivers as the audit judges them on its evaluation date: in force, expired (they waive nothing any more), or
 * invalid (malformed, naming no policy of the pack, or trying to waive the waiver policy itself).
 */
import type { PlanFile } from "../lib/plan-file";

export interface WaiverEntry {
  stack: string;
  policy: string;
  resources: string[];
  reason: string;
  owner: string;
  expires: string;
}

export interface InvalidWaiver extends Partial<WaiverEntry> {
  /** What is wrong, naming the file and entry when the waiver file itself is malformed. */
  problem: string;
}

/** A malformed entry of the waiver file (policies/lib/waivers.ts `WaiverProblem`). */
export interface WaiverFileProblem {
  stack?: string;
  message: string;
}

export interface WaiverSummary {
  /** The date expiry is judged against (YYYY-MM-DD, UTC). */
  evaluatedOn: string;
  inForce: WaiverEntry[];
  expired: WaiverEntry[];
  invalid: InvalidWaiver[];
}

/** The waiver policy's own name: it cannot be waived (policies/governance/waiver-valid.ts). */
export const WAIVER_POLICY = "cellplane-waiver-valid";

export function splitWaivers(
  plans: readonly PlanFile[],
  options: { evaluatedOn: string; policyNames: ReadonlySet<string>; fileProblems: readonly WaiverFileProblem[] },
): WaiverSummary {
  const summary: WaiverSummary = { evaluatedOn: options.evaluatedOn, inForce: [], expired: [], invalid: [] };
  for (const plan of plans) {
    for (const waiver of plan.policy?.waivers ?? []) {
      const entry: WaiverEntry = {
        stack: plan.stack,
        policy: waiver.policy,
        resources: [...waiver.resources].sort(),
        reason: waiver.reason,
        owner: waiver.owner,
        expires: waiver.expires,
      };
      if (waiver.policy === WAIVER_POLICY) {
        summary.invalid.push({ ...entry, problem: `${WAIVER_POLICY} cannot be waived` });
      } else if (!options.policyNames.has(waiver.policy)) {
        summary.invalid.push({ ...entry, problem: `names no policy of the pack (${waiver.policy})` });
      } else if (waiver.expires < options.evaluatedOn) {
        summary.expired.push(entry);
      } else {
        summary.inForce.push(entry);
      }
    }
  }
  for (const problem of options.fileProblems) {
    summary.invalid.push({
      ...(problem.stack === undefined ? {} : { stack: problem.stack }),
      problem: problem.message,
    });
  }
  const byExpiry = (a: WaiverEntry, b: WaiverEntry): number =>
    cmp(a.expires, b.expires) || cmp(a.stack, b.stack) || cmp(a.policy, b.policy);
  summary.inForce.sort(byExpiry);
  summary.expired.sort(byExpiry);
  summary.invalid.sort((a, b) => cmp(a.stack ?? "", b.stack ?? "") || cmp(a.problem, b.problem));
  return summary;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
