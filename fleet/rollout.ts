/**
 * Rollouts as data: the `rollout:` part of `fleet.yaml` and the pure wave planning behind `cells rollout`.
 *
 * A change reaches the fleet in waves (AWS Well-Architected REL10-BP03 names "deploy to all cells at the same
 * time" an anti-pattern; the Builders' Library's "Automating safe, hands-off deployments" starts with one box and
 * widens): the bootstrap stacks first (`account`, then every `region-<r>`), then a canary wave of one cell (or the
 * cells named in `canary`), then waves that widen (`waveSizes`, then × `growthFactor`), never more than
 * `maxCellsPerRegion` cells of a region in one wave and never all of a region's serving cells at once while the
 * region has more than one, and last the `global` stack, which reads every cell's outputs.
 */
import { z } from "zod";
import type { FleetProblem } from "./problems";
import type { CellState } from "./limits";

export const APPROVAL_MODES = ["none", "after-canary", "every-wave"] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

const bakeMinutesSchema = z.int().min(0).max(1_440, "must be at most 1440 (a day); bake longer with an approval");

export const rolloutSchema = z.strictObject({
  /** Cells of the canary wave; default: one active cell in the region with the fewest tenants. */
  canary: z.array(z.string().min(1)).min(1).optional(),
  /** Cells per wave after the canary wave; after the list, each wave is the previous one × `growthFactor`. */
  waveSizes: z.array(z.int().min(1).max(1_000)).min(1).default([2]),
  /** How the waves grow once `waveSizes` is used up (1: they stay the same size). */
  growthFactor: z.number().min(1).max(10).default(2),
  /** Most cells of one region in a wave (a region with several cells never has all of them in one wave). */
  maxCellsPerRegion: z.int().min(1).max(100).default(1),
  /** Minutes to watch the alarms after each cell wave: one number, or one per cell wave (the last repeats). */
  bakeMinutes: z.union([bakeMinutesSchema, z.array(bakeMinutesSchema).min(1)]).default([60, 30]),
  /** Stack updates at once inside a wave. */
  parallelism: z.int().min(1).max(32).default(4),
  /** Which waves wait for a person: none, every wave after the canary's, or every wave. */
  approval: z.enum(APPROVAL_MODES).default("after-canary"),
});

export type RolloutSettings = z.infer<typeof rolloutSchema>;

export const DEFAULT_ROLLOUT: RolloutSettings = rolloutSchema.parse({});

/** What the planner reads of a cell. */
export interface RolloutCell {
  id: string;
  region: string;
  state: CellState;
  /** Tenants placed on the cell (from the placement). */
  tenants: number;
}

export type WaveKind = "bootstrap" | "canary" | "cells" | "global";

export interface Wave {
  index: number;
  kind: WaveKind;
  /** Stack names, in the order they are listed (updates inside a wave run in parallel up to `parallelism`). */
  stacks: string[];
  /** Cell ids of the wave's cell stacks. */
  cells: string[];
  /** Regions the wave's cells are in, sorted. */
  regions: string[];
  bakeMinutes: number;
  parallelism: number;
  approval: boolean;
}

export interface WavePlanInput {
  cells: readonly RolloutCell[];
  settings: RolloutSettings;
  /** Bootstrap stacks in order: each group is a wave (e.g. `[["account"], ["region-eu-west-1", …]]`). */
  bootstrap?: readonly (readonly string[])[];
  /** Stacks of the last wave, after every cell (e.g. `["global"]`). */
  final?: readonly string[];
  /** The stack of a cell. */
  cellStack: (cellId: string) => string;
}

/** Cells that are rolled out: active and draining (they still serve); evacuated cells host nothing. */
export function servingCells<T extends { state: CellState }>(cells: readonly T[]): T[] {
  return cells.filter((cell) => cell.state !== "evacuated");
}

/** Most cells of `region` one wave may hold: `maxCellsPerRegion`, and fewer than all when the region has several. */
export function regionCap(servingInRegion: number, maxCellsPerRegion: number): number {
  return servingInRegion > 1 ? Math.max(1, Math.min(maxCellsPerRegion, servingInRegion - 1)) : 1;
}

/** Problems of the `rollout:` settings against the fleet's cells (the canary must exist, serve and fit the rule). */
export function rolloutProblems(
  settings: RolloutSettings,
  cells: readonly RolloutCell[],
  file: string,
): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const byId = new Map(cells.map((cell) => [cell.id, cell]));
  const perRegion = new Map<string, number>();
  (settings.canary ?? []).forEach((id, index) => {
    const cell = byId.get(id);
    const at = `rollout.canary[${index}]`;
    if (!cell) {
      const known = cells.map((candidate) => candidate.id).join(", ");
      problems.push({ file, path: at, value: id, message: `is not a cell of the fleet; name one of ${known}` });
      return;
    }
    if (cell.state !== "active") {
      problems.push({ file, path: at, value: id, message: `is ${cell.state}: a canary must be an active cell` });
      return;
    }
    perRegion.set(cell.region, (perRegion.get(cell.region) ?? 0) + 1);
  });
  const serving = servingCells(cells);
  for (const [region, count] of perRegion) {
    const cap = regionCap(serving.filter((cell) => cell.region === region).length, settings.maxCellsPerRegion);
    if (count > cap) {
      problems.push({
        file,
        path: "rollout.canary",
        value: settings.canary,
        message:
          `puts ${count} cells of ${region} in the canary wave; at most ${cap} may go at once ` +
          `(maxCellsPerRegion, and never all of a region's cells): name fewer canaries in ${region}`,
      });
    }
  }
  return problems;
}

/** The default canary: the active cell with the fewest tenants in the region with the fewest tenants. */
export function defaultCanary(cells: readonly RolloutCell[]): string | undefined {
  const candidates = cells.filter((cell) => cell.state === "active");
  const pool = candidates.length > 0 ? candidates : servingCells(cells);
  const regionTenants = tenantsByRegion(cells);
  const sorted = [...pool].sort(
    (a, b) =>
      (regionTenants.get(a.region) ?? 0) - (regionTenants.get(b.region) ?? 0) ||
      compare(a.region, b.region) ||
      a.tenants - b.tenants ||
      compare(a.id, b.id),
  );
  return sorted[0]?.id;
}

/** Plans the waves. Assumes {@link rolloutProblems} found nothing. */
export function planWaves(input: WavePlanInput): Wave[] {
  const { settings } = input;
  const serving = servingCells(input.cells);
  const caps = regionCaps(serving, settings.maxCellsPerRegion);
  const canaryIds = settings.canary ?? [defaultCanary(serving)].filter((id): id is string => id !== undefined);
  const canary = canaryIds.flatMap((id) => serving.filter((cell) => cell.id === id));
  const rest = remainingOrder(
    serving.filter((cell) => !canaryIds.includes(cell.id)),
    tenantsByRegion(serving),
  );
  const cellWaves: RolloutCell[][] = canary.length > 0 ? [canary] : [];
  let size = 0;
  while (rest.length > 0) {
    size = nextSize(settings, cellWaves.length - (canary.length > 0 ? 1 : 0), size);
    cellWaves.push(takeWave(rest, size, caps));
  }
  const waves: Omit<Wave, "index">[] = [];
  for (const group of input.bootstrap ?? []) {
    if (group.length > 0) {
      waves.push(stackWave("bootstrap", [...group], settings));
    }
  }
  const firstCellWave = waves.length;
  cellWaves.forEach((cells, position) => {
    const kind: WaveKind = position === 0 && canary.length > 0 ? "canary" : "cells";
    waves.push({
      kind,
      stacks: cells.map((cell) => input.cellStack(cell.id)),
      cells: cells.map((cell) => cell.id),
      regions: [...new Set(cells.map((cell) => cell.region))].sort(compare),
      bakeMinutes: bakeFor(settings, position),
      parallelism: settings.parallelism,
      approval: false,
    });
  });
  if ((input.final ?? []).length > 0) {
    waves.push(stackWave("global", [...(input.final ?? [])], settings));
  }
  return waves.map((wave, index) => ({
    index,
    ...wave,
    approval: needsApproval(settings.approval, index, firstCellWave),
  }));
}

function stackWave(kind: WaveKind, stacks: string[], settings: RolloutSettings): Omit<Wave, "index"> {
  return { kind, stacks, cells: [], regions: [], bakeMinutes: 0, parallelism: settings.parallelism, approval: false };
}

function needsApproval(mode: ApprovalMode, index: number, firstCellWave: number): boolean {
  return mode === "every-wave" || (mode === "after-canary" && index > firstCellWave);
}

/** Size of the `n`-th wave after the canary (0-based), from the list, then growing from the previous size. */
function nextSize(settings: RolloutSettings, n: number, previous: number): number {
  const listed = settings.waveSizes[n];
  if (listed !== undefined) {
    return listed;
  }
  return Math.max(previous, Math.min(100_000, Math.ceil(previous * settings.growthFactor)));
}

function bakeFor(settings: RolloutSettings, cellWave: number): number {
  const bake = settings.bakeMinutes;
  return typeof bake === "number" ? bake : (bake[Math.min(cellWave, bake.length - 1)] ?? 0);
}

/**
 * Takes up to `size` cells from `queue`, at most the region's cap per region. Each pick comes from the region with
 * the most cells still waiting (the regions the per-region rule makes slowest go first, so the rollout needs the
 * fewest waves), ties going to the cell listed first (quietest region, fewest tenants).
 */
function takeWave(queue: RolloutCell[], size: number, caps: Map<string, number>): RolloutCell[] {
  const waiting = new Map<string, number>();
  for (const cell of queue) {
    waiting.set(cell.region, (waiting.get(cell.region) ?? 0) + 1);
  }
  const wave: RolloutCell[] = [];
  const taken = new Map<string, number>();
  while (wave.length < size) {
    let best = -1;
    queue.forEach((cell, position) => {
      const open = (taken.get(cell.region) ?? 0) < (caps.get(cell.region) ?? 1);
      const left = waiting.get(cell.region) ?? 0;
      if (open && (best < 0 || left > (waiting.get(queue[best].region) ?? 0))) {
        best = position;
      }
    });
    if (best < 0) {
      break;
    }
    const [cell] = queue.splice(best, 1);
    taken.set(cell.region, (taken.get(cell.region) ?? 0) + 1);
    waiting.set(cell.region, (waiting.get(cell.region) ?? 0) - 1);
    wave.push(cell);
  }
  return wave;
}

/** Quietest regions first, then the cells with the fewest tenants: early waves touch the fewest tenants. */
function remainingOrder(cells: RolloutCell[], regionTenants: Map<string, number>): RolloutCell[] {
  return [...cells].sort(
    (a, b) =>
      (regionTenants.get(a.region) ?? 0) - (regionTenants.get(b.region) ?? 0) ||
      compare(a.region, b.region) ||
      a.tenants - b.tenants ||
      compare(a.id, b.id),
  );
}

function regionCaps(serving: readonly RolloutCell[], maxCellsPerRegion: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const cell of serving) {
    counts.set(cell.region, (counts.get(cell.region) ?? 0) + 1);
  }
  return new Map([...counts].map(([region, count]) => [region, regionCap(count, maxCellsPerRegion)]));
}

function tenantsByRegion(cells: readonly RolloutCell[]): Map<string, number> {
  const totals = new Map<string, number>();
  for (const cell of cells) {
    totals.set(cell.region, (totals.get(cell.region) ?? 0) + cell.tenants);
  }
  return totals;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
