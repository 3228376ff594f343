/**
 * The plan file contract: one JSON document per stack, written by `cells plan`, read by `cells diff`,
 * `cells audit` and the policy runner. Every secret input is replaced by {@link SECRET_MARKER};
 * resources are sorted by URN so two plans of the same fleet diff cleanly.
 */

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Stands in for every secret value in a plan, diff, report or log. */
export const SECRET_MARKER = "[secret]";
/** Stands in for a value the engine only learns during the update (none under the offline plan). */
export const UNKNOWN_MARKER = "[unknown]";

export interface PlannedResource {
  /** Pulumi URN, as the engine would compute it. */
  urn: string;
  /** Resource type token, e.g. `aws:sqs/queue:Queue` or `cellplane:cell:CellQueue`. */
  type: string;
  /** Logical name. */
  name: string;
  /** URN of the parent resource, absent for the stack itself. */
  parent?: string;
  /** True for ComponentResources (they hold no cloud state of their own). */
  component?: boolean;
  /** Inputs as the program passed them, with every secret masked. */
  inputs: JsonObject;
  /** URNs this resource depends on, sorted. */
  dependencies: string[];
  /** Pulumi's `protect` resource option. */
  protect?: boolean;
  /** URN of the explicit provider, when one was passed. */
  provider?: string;
}

export interface PolicyViolationRecord {
  policy: string;
  packName: string;
  enforcementLevel: "advisory" | "mandatory" | "remediate" | "disabled";
  message: string;
  urn?: string;
  /** Set when a waiver in the stack's configuration covers this finding. */
  waived?: { reason: string; owner: string; expires: string };
}

export interface PlanPolicyResult {
  violations: PolicyViolationRecord[];
  /** Waivers configured for the stack (visible in the plan so reviewers see them). */
  waivers?: { policy: string; resources: string[]; reason: string; owner: string; expires: string }[];
}

/**
 * What a plan was made from, so a reader can tell whether it still describes the working tree (tools/lib/
 * fingerprint.ts computes it; `cells audit` refuses plans whose inputs changed since).
 */
export interface PlanInputs {
  /** Format of this record. */
  version: 1;
  /** Version of the cellplane tool that planned. */
  tool: string;
  /** Folders the inputs were selected from, relative to the project root (forward slashes). */
  dirs: { cells: string; stacks: string; pack: string };
  /** One hash over every entry of `files`. */
  digest: string;
  /** Project-relative path → content hash (sha256, 16 hex digits), for every input file of this stack. */
  files: Record<string, string>;
}

export interface PlanFile {
  stack: string;
  cell?: string;
  region?: string;
  resources: PlannedResource[];
  outputs: JsonObject;
  policy?: PlanPolicyResult;
  /** The fingerprint of the inputs (absent in plans made before it existed: treated as stale). */
  inputs?: PlanInputs;
}

export function planFileName(stack: string): string {
  return `${stack}.json`;
}
