/**
 * The shape of a stack diff, shared by the plan differ, the preview reader, the risk rules and the renderers.
 * Values in here are already display strings with every secret masked, so nothing downstream can leak one.
 */

export type ChangeKind = "create" | "update" | "replace" | "delete";
export const CHANGE_KINDS: readonly ChangeKind[] = ["create", "update", "replace", "delete"];

import type { CellMoveCounts, TenantMove } from "../../fleet/placement";
import type { CellState } from "../../fleet/schema";
import type { FleetMap } from "../map/model";

export type PropertyChangeKind = "add" | "update" | "delete";

export interface PropertyChange {
  /** Property path, e.g. `tags.Environment`, `ingress[0].cidrBlocks`, `protect` for the resource option. */
  path: string;
  kind: PropertyChangeKind;
  /** Display string of the old value (absent for `add`); secrets are `[secret]`. */
  before?: string;
  /** Display string of the new value (absent for `delete`); secrets are `[secret]`. */
  after?: string;
  /** True when the value is (or was) secret: renderers say "changed" and show no value. */
  secret: boolean;
  /** True when this change forces the resource to be replaced (known rule or the engine's word). */
  forcesReplacement: boolean;
}

export interface ResourceChange {
  urn: string;
  type: string;
  name: string;
  kind: ChangeKind;
  /** Changed properties, sorted by path (empty for creates and deletes). */
  properties: PropertyChange[];
  /** Top-level properties that force the replacement. */
  replaceReasons: string[];
  /** True when the replacement is the engine's decision, false when inferred offline from known rules. */
  replaceConfirmed: boolean;
  /** Pulumi's `protect` option when it changed (or, for a delete, when the old resource was protected). */
  protect?: { before: boolean; after: boolean };
  /** For a delete paired with a create of the same type under the same parent: the new logical name. */
  renamedTo?: string;
  /** Short remarks for reviewers, e.g. a probable rename. */
  notes: string[];
}

export type PolicyChangeStatus = "new" | "fixed";

export interface PolicyChange {
  status: PolicyChangeStatus;
  policy: string;
  packName: string;
  enforcementLevel: string;
  message: string;
  urn?: string;
  waived: boolean;
}

export type StackStatus = "added" | "removed" | "changed" | "unchanged";

export interface ChangeCounts {
  create: number;
  update: number;
  replace: number;
  delete: number;
  /** Resources with no change (plan diffs count them; previews take the engine's `changeSummary`). */
  same: number;
}

export interface Diagnostic {
  severity: string;
  message: string;
  urn?: string;
}

/** A change to a secret (`secure:`) stack config value: only that it changed, never the value. */
export interface ConfigChange {
  key: string;
  kind: PropertyChangeKind;
}

export interface StackDiff {
  stack: string;
  status: StackStatus;
  /** Changed resources only, sorted by URN. */
  resources: ResourceChange[];
  counts: ChangeCounts;
  policy: PolicyChange[];
  /** Engine diagnostics (previews only): warnings and errors. */
  diagnostics: Diagnostic[];
  /** Secret stack config that changed (offline `--base` diffs only). */
  secretConfig?: ConfigChange[];
  /** The routing map read as tenant moves (the stack that publishes it, offline diffs). */
  routing?: RoutingChange;
  /** Generated secrets replaced or secret values changed, with the resources that consume them. */
  secretRotations?: SecretRotation[];
  /** For a removed stack: how many resources it holds (listed no further; they stay until destroyed). */
  orphaned?: number;
}

/** 🔴 danger, 🟠 warning, ⚪ notice (nothing is lost, but someone must act). */
export type RiskSeverity = "danger" | "warning" | "notice";

export type RiskKind =
  | "cell-unserved"
  | "tenants-move"
  | "secret-rotated"
  | "stack-removed"
  | "delete"
  | "replace"
  | "protect-removed"
  | "deletion-protection-off"
  | "final-snapshot-skipped"
  | "policy-violation";

export interface Risk {
  severity: RiskSeverity;
  kind: RiskKind;
  stack: string;
  urn?: string;
  type?: string;
  name?: string;
  /** One sentence for the reviewer; never contains a secret value. */
  message: string;
}

export type DiffSource = "plans" | "preview";

/** Where a diff's two sides come from, and with what (printed on every output). */
export interface DiffProvenance {
  /** Commit of the base side, when known. */
  baseCommit?: string;
  /** Commit of the head side, when known. */
  headCommit?: string;
  /** True only when the head side holds changes not committed yet. */
  headUncommitted?: boolean;
  /** The evaluation date (YYYY-MM-DD, UTC). */
  evaluatedOn: string;
  toolVersion: string;
  packVersion?: string;
}

export interface DiffReport {
  source: DiffSource;
  /** Free-form labels of what was compared, e.g. `origin/main (abc1234)` and `working tree`. */
  baseLabel?: string;
  headLabel?: string;
  provenance?: DiffProvenance;
  /** Every stack either side knows about, sorted by name. */
  stacks: StackDiff[];
  /** Sorted: dangers first, then by stack, then by URN. */
  risks: Risk[];
  totals: ChangeCounts;
  /** Cells added, removed or changing state (offline diffs; tools/diff/topology.ts), with the fleet map after. */
  topology?: TopologyChange;
  /** Offline `--base` diffs: the stacks not planned at all, because their inputs are the same in both revisions. */
  skipped?: SkippedStacks;
}

/** Stacks a diff did not plan (listed in `stacks` as unchanged, with no resources counted). */
export interface SkippedStacks {
  /** The stacks skipped, sorted. */
  stacks: string[];
  /** Every stack of either revision. */
  total: number;
  /** Why, e.g. `inputs unchanged (fingerprint)`. */
  reason: string;
  /** Unchanged stacks planned anyway because a stack planned reads their outputs (no diff either). */
  readOnly: string[];
}

export function emptyCounts(): ChangeCounts {
  return { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
}

export function addCounts(into: ChangeCounts, from: ChangeCounts): ChangeCounts {
  return {
    create: into.create + from.create,
    update: into.update + from.update,
    replace: into.replace + from.replace,
    delete: into.delete + from.delete,
    same: into.same + from.same,
  };
}

export function countChanges(resources: readonly ResourceChange[], same: number): ChangeCounts {
  const counts = emptyCounts();
  for (const resource of resources) {
    counts[resource.kind] += 1;
  }
  counts.same = same;
  return counts;
}

export function changedTotal(counts: ChangeCounts): number {
  return counts.create + counts.update + counts.replace + counts.delete;
}

/** The resource's logical name and type from its URN (`urn:pulumi:stack::project::parent$type::name`). */
export function parseUrn(urn: string): { stack: string; type: string; name: string } {
  const parts = urn.split("::");
  const stack = (parts[0] ?? "").replace(/^urn:pulumi:/, "");
  const qualifiedType = parts[2] ?? "";
  const type = qualifiedType.split("$").pop() ?? qualifiedType;
  const name = parts.slice(3).join("::");
  return { stack, type, name };
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- what routing-moves.ts and secret-rotation.ts find (declared here: the report holds them) ----

/** Tenants that take the same path, e.g. every tenant leaving `use1-b` for `use1-a`. */
export interface TenantMoveGroup {
  /** Absent for new tenants. */
  from?: string;
  /** Absent for tenants no longer routed. */
  to?: string;
  tenants: string[];
}

/** A cell that hosted tenants in the base and no longer serves in the head. */
export interface UnservedCell {
  cell: string;
  /** Tenants it hosted in the base. */
  tenants: number;
  /** True when its stack is gone from the head; false when it is still there (evacuated). */
  removed: boolean;
}

export interface RoutingChange {
  urn: string;
  /** Tenants on another cell in the head than in the base. */
  moved: number;
  added: number;
  removed: number;
  moves: TenantMove[];
  /** Moves grouped by (from, to), largest group first. */
  groups: TenantMoveGroup[];
  /** Per cell: tenants before and after, arriving and leaving. */
  cells: CellMoveCounts[];
  unserved: UnservedCell[];
  /** Tenants the head publishes frozen (a move's final sync: the edge answers 503) and the base did not. */
  frozen?: string[];
  /** Tenants frozen in the base and no longer in the head. */
  unfrozen?: string[];
}

export interface SecretConsumer {
  urn: string;
  name: string;
  type: string;
  /** Top-level inputs of the consumer that hold a secret (where the new value lands). */
  properties: string[];
}

export interface SecretRotation {
  urn: string;
  name: string;
  type: string;
  /** Resources whose inputs are built from the rotated secret, by URN. */
  consumers: SecretConsumer[];
}

/** A cell added, removed or changing state (found by topology.ts). */
export interface CellTopologyChange {
  cell: string;
  region: string;
  /** Absent for a cell added by the change. */
  before?: CellState;
  /** Absent for a cell removed by the change. */
  after?: CellState;
}

export interface TopologyChange {
  /** By cell id. */
  changes: CellTopologyChange[];
  /** The fleet after the change. */
  map: FleetMap;
}
