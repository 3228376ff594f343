/**
 * `cells placement`: which cell hosts each tenant, and — against a git ref (`--base`) or a map written earlier
 * (`--previous`) — exactly which tenants move from where to where, with counts per cell. The base fleet is placed
 * with the current code, so the moves are the ones the fleet change causes. Exit 0 when every tenant is placed,
 * 1 when some cannot be, 2 on bad input (nothing written).
 */
import type { Command } from "commander";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { z } from "zod";
import { loadFleet } from "../../../fleet/load";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { placementMoves, type Placement, type PlacementMoves } from "../../../fleet/placement";
import { FleetValidationError } from "../../../fleet/problems";
import { awayFromHome, regionalMoves, type RegionalMove, type RegionFacts } from "../../../fleet/proximity";
import { loadTenants } from "../../../fleet/tenants";
import { exitCodes, UsageError } from "../errors";
import { textTable } from "./text-table";

interface PlacementOptions {
  cellsDir: string;
  json?: boolean;
  base?: string;
  previous?: string;
  out?: string;
}

/** The document `--json` prints and `--out` writes; `--previous` reads its `assignments` back. */
interface PlacementReport {
  cellsDir: string;
  tenants: number;
  cells: Placement["cells"];
  assignments: Record<string, string>;
  unplaced: Placement["unplaced"];
  comparedWith?: { base: string; activeCellsBefore: number } | { previous: string };
  /** Each move carries its regions and whether it crosses a continent (fleet.yaml `routing.regionGroups`). */
  moves?: Omit<PlacementMoves, "moves"> & { moves: RegionalMove[]; crossingContinent: number };
  /** Tenants placed outside their home region, by tenant id; absent when fleet.yaml has no routing.regionGroups. */
  awayFromHome?: RegionalMove[];
}

/** A placed fleet and the facts that say how far each tenant is from home. */
export interface PlacedFleet {
  placement: Placement;
  facts: RegionFacts;
}

export function registerPlacement(program: Command): void {
  program
    .command("placement")
    .description(
      "show which cell hosts each tenant and, against --base <git ref> or --previous <map.json>, which tenants move",
    )
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--json", "print the placement (and moves) as JSON")
    .option("--base <ref>", "compare with the fleet at this git ref (its cells folder, placed with the current code)")
    .option("--previous <file>", "compare with a placement written earlier by --out or --json")
    .option("--out <file>", "also write the placement as JSON to this file (a map for --previous)")
    .action((options: PlacementOptions) => {
      process.exitCode = runPlacement(options);
    });
}

export function runPlacement(options: PlacementOptions): number {
  if (options.base !== undefined && options.previous !== undefined) {
    throw new UsageError("pass either --base <git ref> or --previous <map.json>, not both");
  }
  const { placement, facts } = placeFleet(options.cellsDir, "");
  const base = options.base === undefined ? undefined : placementAtRef(options.cellsDir, options.base);
  // Cells removed since the base still have a region: the base fleet knows it.
  const allFacts: RegionFacts = base
    ? { ...facts, regionOfCell: new Map([...base.facts.regionOfCell, ...facts.regionOfCell]) }
    : facts;
  const before = base
    ? base.placement.assignments
    : options.previous !== undefined
      ? readPreviousMap(options.previous)
      : undefined;
  const report: PlacementReport = {
    cellsDir: options.cellsDir,
    tenants: Object.keys(placement.assignments).length + placement.unplaced.length,
    cells: placement.cells,
    assignments: placement.assignments,
    unplaced: placement.unplaced,
    ...(base && options.base !== undefined
      ? { comparedWith: { base: options.base, activeCellsBefore: activeCells(base.placement) } }
      : {}),
    ...(options.previous !== undefined ? { comparedWith: { previous: options.previous } } : {}),
    ...(before ? { moves: withRegions(placementMoves(before, placement.assignments), allFacts) } : {}),
    // Without region groups placement ignores homes, so nobody is away from one.
    ...(facts.groups ? { awayFromHome: awayFromHome(placement.assignments, facts) } : {}),
  };
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (options.out !== undefined) {
    writeFileSync(options.out, json);
  }
  process.stdout.write(options.json ? json : renderReport(report));
  return placement.unplaced.length > 0 ? exitCodes.findings : exitCodes.ok;
}

/** Loads and places a fleet folder; invalid fleet files become a usage error (exit 2) that lists every problem. */
function placeFleet(cellsDir: string, where: string): PlacedFleet {
  try {
    const fleet = loadFleet(cellsDir);
    const { tenants } = loadTenants(fleet);
    return {
      placement: placeFleetTenants(fleet, tenants),
      facts: {
        regionOfCell: new Map(fleet.cells.map((cell) => [cell.id, cell.region])),
        homeOf: new Map(tenants.flatMap((tenant) => (tenant.home === undefined ? [] : [[tenant.id, tenant.home]]))),
        groups: fleet.routing.regionGroups,
      },
    };
  } catch (error) {
    if (error instanceof FleetValidationError) {
      throw new UsageError(`${where}${error.message}`);
    }
    throw error;
  }
}

/** Places the fleet folder as it was at `ref`: its files are read with git into a temporary folder. */
export function placementAtRef(cellsDir: string, ref: string): PlacedFleet {
  const folder = path.resolve(cellsDir);
  const top = git(
    folder,
    ["rev-parse", "--show-toplevel"],
    `${cellsDir} is not inside a git repository, so --base cannot read it; use --previous <map.json>`,
  ).trim();
  git(
    folder,
    ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`],
    `--base ${ref} is not a commit of the repository at ${top}`,
  );
  const prefix = path.relative(realpathSync(top), realpathSync(folder)).split(path.sep).join("/");
  const listing = git(
    top,
    ["ls-tree", "-z", ref, "--", ...(prefix ? [`${prefix}/`] : [])],
    `cannot list ${prefix || "."} at ${ref}`,
  );
  const files = listing
    .split("\0")
    .filter((line) => / blob [0-9a-f]+\t/.test(line))
    .map((line) => line.slice(line.indexOf("\t") + 1))
    .filter((file) => /\.ya?ml$/.test(file));
  if (files.length === 0) {
    throw new UsageError(`${prefix || "."} holds no fleet files at ${ref}: nothing to compare with`);
  }
  const temp = mkdtempSync(path.join(tmpdir(), "cellplane-base-"));
  try {
    const baseDir = path.join(temp, path.basename(folder));
    mkdirSync(baseDir);
    for (const file of files) {
      writeFileSync(
        path.join(baseDir, path.posix.basename(file)),
        git(top, ["show", `${ref}:${file}`], `cannot read ${file} at ${ref}`),
      );
    }
    return placeFleet(baseDir, `At ${ref}: `);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function withRegions(moves: PlacementMoves, facts: RegionFacts): NonNullable<PlacementReport["moves"]> {
  const annotated = regionalMoves(moves.moves, facts);
  return { ...moves, moves: annotated, crossingContinent: annotated.filter((move) => move.crossesContinent).length };
}

function git(cwd: string, args: string[], failure: string): string {
  try {
    return execFileSync("git", ["-C", cwd, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch {
    throw new UsageError(failure);
  }
}

const reportMapSchema = z.object({ assignments: z.record(z.string(), z.string()) });
const plainMapSchema = z.record(z.string(), z.string());

/** A map written by `--out`/`--json` (its `assignments`), or a plain `{ "<tenant>": "<cell>" }` object. */
function readPreviousMap(file: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--previous ${file}: cannot read it as JSON (${(error as Error).message.split("\n")[0]})`);
  }
  const report = reportMapSchema.safeParse(value);
  if (report.success) {
    return report.data.assignments;
  }
  const plain = plainMapSchema.safeParse(value);
  if (plain.success) {
    return plain.data;
  }
  throw new UsageError(
    `--previous ${file}: must be the JSON that cells placement --out writes, or a { "<tenant>": "<cell>" } object`,
  );
}

function renderReport(report: PlacementReport): string {
  const lines = [`Placement of ${report.tenants} tenants on ${report.cells.length} cells (${report.cellsDir})`, ""];
  if (report.moves && report.comparedWith) {
    lines.push(
      ...renderMoves(
        report.moves,
        "base" in report.comparedWith ? report.comparedWith.base : report.comparedWith.previous,
      ),
    );
    if ("base" in report.comparedWith) {
      lines.push(
        "",
        activeCellChange(report.comparedWith.activeCellsBefore, activeCells(report), report.awayFromHome !== undefined),
      );
    }
  } else {
    lines.push(
      ...textTable(
        ["cell", "region", "state", "tenants", "load/capacity"],
        report.cells.map((cell) => [
          cell.cell,
          cell.region,
          cell.state,
          String(cell.tenants),
          `${cell.load}/${cell.capacity}`,
        ]),
      ),
    );
    if (report.awayFromHome) {
      lines.push(...renderAwayFromHome(report.awayFromHome));
    }
    lines.push("", ...textTable(["tenant", "cell"], Object.entries(report.assignments)));
  }
  if (report.unplaced.length > 0) {
    lines.push(
      "",
      `${report.unplaced.length} tenant(s) cannot be placed:`,
      ...textTable(
        ["tenant", "reason", "why"],
        report.unplaced.map((entry) => [entry.tenant, entry.reason, entry.message]),
      ),
    );
  }
  return `${lines.join("\n")}\n`;
}

function renderMoves(moves: NonNullable<PlacementReport["moves"]>, against: string): string[] {
  const share = moves.common === 0 ? 0 : moves.moved / moves.common;
  const summary =
    `Against ${against}: ${moves.moved} of ${moves.common} tenants move (${(share * 100).toFixed(1)}%), ` +
    `${moves.added} new, ${moves.removed} gone.`;
  if (moves.moves.length === 0) {
    return [summary, "No tenant moves."];
  }
  const crossing = moves.crossingContinent;
  // The note column appears only when a move crosses a continent, so such moves stand out.
  const header = crossing > 0 ? ["tenant", "from", "to", "note"] : ["tenant", "from", "to"];
  return [
    summary,
    crossing > 0
      ? `${crossing} move(s) cross a continent (marked CROSSES CONTINENT below).`
      : "No move crosses a continent.",
    "",
    ...textTable(
      header,
      moves.moves.map((move) => [
        move.tenant,
        move.from ?? "(new)",
        move.to ?? "(gone)",
        ...(crossing > 0 ? [crossingNote(move)] : []),
      ]),
    ),
    "",
    ...textTable(
      ["cell", "before", "after", "in", "out"],
      moves.cells.map((cell) => [
        cell.cell,
        String(cell.before),
        String(cell.after),
        `+${cell.movedIn}`,
        `-${cell.movedOut}`,
      ]),
    ),
  ];
}

/** `CROSSES CONTINENT a → b`, and whether that brings the tenant home or takes it away; empty otherwise. */
function crossingNote(move: RegionalMove): string {
  if (!move.crossesContinent) {
    return "";
  }
  const where =
    move.home === undefined ? "" : move.toRegion === move.home ? ", to its home" : `, away from home ${move.home}`;
  return `CROSSES CONTINENT ${move.fromRegion ?? "?"} → ${move.toRegion ?? "?"}${where}`;
}

function renderAwayFromHome(away: readonly RegionalMove[]): string[] {
  if (away.length === 0) {
    return ["", "Every tenant is placed in its home region."];
  }
  const crossing = away.filter((entry) => entry.crossesContinent).length;
  return [
    "",
    `${away.length} tenant(s) are placed outside their home region (${crossing} on another continent):`,
    ...textTable(
      ["tenant", "home", "cell", "region", "note"],
      away.map((entry) => [
        entry.tenant,
        entry.fromRegion ?? "",
        entry.to ?? "",
        entry.toRegion ?? "",
        entry.crossesContinent ? "CROSSES CONTINENT" : "",
      ]),
    ),
  ];
}

function activeCells(placement: Pick<Placement, "cells">): number {
  return placement.cells.filter((cell) => cell.state === "active").length;
}

/**
 * What rendezvous hashing predicts: N → N+1 active cells moves about 1/(N+1) of the tenants that may use the new
 * one. With homes (routing.regionGroups), only tenants whose nearest region with room is the new cell's can move
 * onto it, so the share is of those tenants, not of the fleet.
 */
function activeCellChange(before: number, after: number, homes: boolean): string {
  const change = `Active cells: ${before} → ${after}.`;
  if (after !== before + 1) {
    return change;
  }
  return homes
    ? `${change} Adding one cell moves only tenants onto it, and only tenants placed in its region ` +
        "(the nearest region with room to their home): about the new cell's capacity share of that region."
    : `${change} Adding one cell to ${before} moves about 1/(N+1) = ${((1 / after) * 100).toFixed(1)}% ` +
        "of the unpinned tenants whose residency allows it (capacity-weighted).";
}
