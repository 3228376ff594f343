/**
 * Migration runbooks as data: the tenant moves between two placements (fleet/placement.ts `placementMoves`) turned
 * into ordered steps per tenant — check the target's capacity, record the move, copy, freeze, final sync, flip,
 * verify, clean up — each with its command and how to roll it back, grouped in batches that are frozen and flipped
 * together (one `pulumi up -s global` each). Pure: `cells migrate plan` renders this one model as Markdown or
 * JSON, so the two never disagree. The phases and their routing are fleet/moving.ts.
 */
import type { MovePhase, TenantMoving } from "../../fleet/moving";
import { placementMoves, type CellLoad, type Placement } from "../../fleet/placement";

export const STEP_IDS = [
  "check-capacity",
  "record",
  "copy",
  "freeze",
  "final-sync",
  "flip",
  "verify",
  "clean-up",
] as const;
export type StepId = (typeof STEP_IDS)[number];

/** What each step is for, once per runbook; `deploy` marks the steps that end with one global deployment per batch. */
export interface StepGuide {
  id: StepId;
  title: string;
  why: string;
  /** `all`: done for every move at once, before the first global deployment; `batch`: batch by batch. */
  scope: "all" | "batch";
  /** Run once (per batch, or once for `all`), after the per-tenant edits. */
  deploy?: string;
}

export const GLOBAL_DEPLOY = "pulumi up -s global";

export const STEP_GUIDES: readonly StepGuide[] = [
  {
    id: "check-capacity",
    title: "Check the target's capacity",
    why:
      "placement only sends a tenant where it fits; confirm the target cell is deployed, healthy and has the " +
      "headroom",
    scope: "all",
  },
  {
    id: "record",
    title: "Record the move",
    why:
      "in the same change as the fleet edit, for every tenant, so the first global deployment keeps each tenant " +
      "on its old cell while its data is copied",
    scope: "all",
    deploy: GLOBAL_DEPLOY,
  },
  {
    id: "copy",
    title: "Copy the data",
    why: "bulk copy with the application's hook while the tenant is live",
    scope: "batch",
  },
  {
    id: "freeze",
    title: "Freeze writes",
    why: "the edge answers 503 with retry-after for the batch's tenants, so nothing writes while the last changes sync",
    scope: "batch",
    deploy: GLOBAL_DEPLOY,
  },
  {
    id: "final-sync",
    title: "Final sync",
    why: "copy what changed since the bulk copy; the target now holds it all",
    scope: "batch",
  },
  {
    id: "flip",
    title: "Flip the routing entry",
    why: "the map sends the batch's tenants to their new cell",
    scope: "batch",
    deploy: GLOBAL_DEPLOY,
  },
  {
    id: "verify",
    title: "Verify",
    why: "the hook compares both copies; the tenant answers through the edge",
    scope: "batch",
  },
  {
    id: "clean-up",
    title: "Clean up",
    why: "placement alone routes the tenant now; once the old cell hosts nobody it can be evacuated (docs/routing.md)",
    scope: "batch",
  },
];

export type StepStatus = "done" | "next" | "todo";

export interface TenantStep {
  id: StepId;
  status: StepStatus;
  /** One line: a command, or the tenants.yaml edit to make. */
  action: string;
  /** One line: how to undo this step. */
  rollback: string;
}

export interface TenantMigration {
  tenant: string;
  from: string;
  to: string;
  fromRegion: string;
  toRegion: string;
  weight: number;
  /** 1-based. */
  batch: number;
  /** The phase recorded in tenants.yaml, if the move has started. */
  phase?: MovePhase;
  steps: TenantStep[];
}

export interface TargetCell {
  cell: string;
  region: string;
  arriving: number;
  arrivingLoad: number;
  /** Load and capacity once every move is done, as placement counts them. */
  load: number;
  capacity: number;
  headroom: number;
}

export interface Runbook {
  /** What the moves are compared against (`--base <ref>`). */
  against: string;
  copyHook: string;
  batchSize: number;
  domain: string;
  guides: readonly StepGuide[];
  targets: TargetCell[];
  batches: { index: number; tenants: string[] }[];
  moves: TenantMigration[];
  /** Tenants only in the new placement (nothing to copy) or only in the old one. */
  newTenants: string[];
  goneTenants: string[];
}

export interface RunbookInput {
  against: string;
  copyHook: string;
  batchSize: number;
  domain: string;
  /** Cell id → the deep health path its app answers (`app.healthCheckPath`). */
  healthCheckPaths: Readonly<Record<string, string>>;
  before: Readonly<Record<string, string>>;
  after: Placement;
  /** Every cell either placement knows (for regions). */
  cells: readonly Pick<CellLoad, "cell" | "region">[];
  tenants: readonly { id: string; weight: number; moving?: TenantMoving }[];
}

export function buildRunbook(input: RunbookInput): Runbook {
  const result = placementMoves(input.before, input.after.assignments);
  const tenants = new Map(input.tenants.map((tenant) => [tenant.id, tenant]));
  const regionOf = new Map(input.cells.map((cell) => [cell.cell, cell.region]));
  const moving = result.moves
    .flatMap((move) =>
      move.from !== undefined && move.to !== undefined ? [{ ...move, from: move.from, to: move.to }] : [],
    )
    .map((move) => ({ ...move, weight: tenants.get(move.tenant)?.weight ?? 1 }))
    // Lightest tenants first: the first batch proves the path with the least at stake.
    .sort((a, b) => a.weight - b.weight || compare(a.tenant, b.tenant));
  const moves = moving.map((move, position): TenantMigration => {
    const phase = tenants.get(move.tenant)?.moving?.phase;
    const context = {
      ...move,
      hook: input.copyHook,
      domain: input.domain,
      health: input.healthCheckPaths[move.to] ?? "/",
    };
    return {
      tenant: move.tenant,
      from: move.from,
      to: move.to,
      fromRegion: regionOf.get(move.from) ?? "",
      toRegion: regionOf.get(move.to) ?? "",
      weight: move.weight,
      batch: Math.floor(position / input.batchSize) + 1,
      ...(phase === undefined ? {} : { phase }),
      steps: withStatus(tenantSteps(context), phase),
    };
  });
  const batchCount = Math.ceil(moves.length / input.batchSize);
  return {
    against: input.against,
    copyHook: input.copyHook,
    batchSize: input.batchSize,
    domain: input.domain,
    guides: STEP_GUIDES,
    targets: targetCells(moves, input.after.cells),
    batches: Array.from({ length: batchCount }, (_, index) => ({
      index: index + 1,
      tenants: moves.filter((move) => move.batch === index + 1).map((move) => move.tenant),
    })),
    moves,
    newTenants: result.moves.filter((move) => move.from === undefined).map((move) => move.tenant),
    goneTenants: result.moves.filter((move) => move.to === undefined).map((move) => move.tenant),
  };
}

interface StepContext {
  tenant: string;
  from: string;
  to: string;
  weight: number;
  hook: string;
  domain: string;
  health: string;
}

function tenantSteps(c: StepContext): Omit<TenantStep, "status">[] {
  const hook = (action: string, from = c.from, to = c.to): string =>
    `${c.hook} ${action} --tenant ${c.tenant} --from ${from} --to ${to}`;
  const entry = (phase: MovePhase): string =>
    `tenants.yaml ${c.tenant}: moving: { from: ${c.from}, to: ${c.to}, phase: ${phase} }`;
  const backToCopying = `set ${entry("copying")}; ${GLOBAL_DEPLOY}`;
  const unflip =
    `set ${entry("frozen")}; ${GLOBAL_DEPLOY}; ${hook("sync", c.to, c.from)}; ` +
    `set ${entry("copying")}; ${GLOBAL_DEPLOY}`;
  return [
    {
      id: "check-capacity",
      action:
        `cells placement: ${c.tenant} (weight ${c.weight}) goes to ${c.to}; ` + `check ${c.to} is deployed and healthy`,
      rollback: "nothing to undo (read only)",
    },
    { id: "record", action: `add ${entry("copying")}`, rollback: "revert the fleet change and delete the entry" },
    { id: "copy", action: hook("copy"), rollback: hook("discard") },
    { id: "freeze", action: `set ${entry("frozen")}`, rollback: backToCopying },
    { id: "final-sync", action: hook("sync"), rollback: backToCopying },
    { id: "flip", action: `set ${entry("flipped")}`, rollback: unflip },
    {
      id: "verify",
      action: `${hook("verify")} && curl -fsS -H 'x-tenant-id: ${c.tenant}' https://app.${c.domain}${c.health}`,
      rollback: unflip,
    },
    {
      id: "clean-up",
      action: `delete the moving entry of ${c.tenant}; later ${hook("discard", c.to, c.from)}`,
      rollback: `add ${entry("flipped")} back`,
    },
  ];
}

/** The steps the recorded phase has already passed are done; the first other one is next. */
function withStatus(steps: Omit<TenantStep, "status">[], phase: MovePhase | undefined): TenantStep[] {
  const doneThrough: Record<MovePhase, StepId> = { copying: "record", frozen: "freeze", flipped: "flip" };
  const last = phase === undefined ? -1 : STEP_IDS.indexOf(doneThrough[phase]);
  return steps.map((step, index) => ({
    ...step,
    status: index <= last ? "done" : index === last + 1 ? "next" : "todo",
  }));
}

function targetCells(moves: readonly TenantMigration[], loads: readonly CellLoad[]): TargetCell[] {
  const cells = [...new Set(moves.map((move) => move.to))].sort(compare);
  return cells.map((cell) => {
    const arriving = moves.filter((move) => move.to === cell);
    const load = loads.find((entry) => entry.cell === cell);
    return {
      cell,
      region: load?.region ?? "",
      arriving: arriving.length,
      arrivingLoad: arriving.reduce((total, move) => total + move.weight, 0),
      load: load?.load ?? 0,
      capacity: load?.capacity ?? 0,
      headroom: (load?.capacity ?? 0) - (load?.load ?? 0),
    };
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
