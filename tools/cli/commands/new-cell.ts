/**
 * `cells new <id> --region <r> [--like <cell>] [--state active|draining]`: adds a cell in one command. Writes
 * `cells/<id>.yaml` (next free address block, the region's zones, the shape of `--like`) and
 * `stacks/Pulumi.cell-<id>.yaml` (and the region's bootstrap stack file for a region's first cell), after checking
 * the whole fleet with the new files in a scratch copy: an existing id, an unknown region, a region over a service
 * quota or any other problem exits 2 naming the file, field and fix, with nothing written. Then prints the tenants
 * that would move onto the new cell and the next commands.
 */
import type { Command } from "commander";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { nextCellId } from "../../../fleet/cell-naming";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { FLEET_FILE, loadFleet, readYamlObject } from "../../../fleet/load";
import { newCellFile } from "../../../fleet/new-cell";
import { placementMoves } from "../../../fleet/placement";
import { FleetValidationError, suggestion } from "../../../fleet/problems";
import { cellIdSchema, type Fleet } from "../../../fleet/schema";
import { loadTenants } from "../../../fleet/tenants";
import { ACCOUNT_STACK, cellStackName, regionStackName } from "../../../program/stacks";
import { stackFilePath } from "../../lib/stack-files";
import { cellStackFileText, regionStackFileText } from "../../lib/stack-templates";
import { prepareFleet } from "../../plan/prepare-fleet";
import { readProjectFile } from "../../plan/stack-config";
import { exitCodes, UsageError } from "../errors";
import { textTable } from "./text-table";

interface NewCellOptions {
  region?: string;
  like?: string;
  state: string;
  cellsDir: string;
  stacksDir: string;
}

const STATES = ["active", "draining"] as const;

export function registerNewCell(program: Command): void {
  program
    .command("new")
    .description("add a cell: writes cells/<id>.yaml and its stack file, checks the fleet, shows who moves onto it")
    .argument("<id>", "the new cell's id, e.g. use1-d (`cells capacity` proposes the next one)")
    .option("--region <region>", "the region of fleet.yaml the cell goes to (required)")
    .option("--like <cell>", "copy this cell's shape (capacity, database, queues, zone count, block size)")
    .option("--state <state>", `state of the new cell: ${STATES.join(" | ")}`, "active")
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--stacks-dir <dir>", "folder with the Pulumi.<stack>.yaml stack files", "stacks")
    .action((id: string, options: NewCellOptions) => {
      process.exitCode = runNewCell(id, options);
    });
}

export function runNewCell(id: string, options: NewCellOptions): number {
  const fleet = loadFleet(options.cellsDir);
  const request = checkRequest(id, options, fleet);
  const project = readProjectFile(path.resolve(".")).name;
  const cellFile = path.join(options.cellsDir, `${id}.yaml`);
  const made = newCellFile(fleet, { ...request, defaultZoneCount: defaultZoneCount(options.cellsDir) });
  if (typeof made === "string") {
    throw new UsageError(`cells new ${id}: ${made}`);
  }
  const files = new Map([
    [cellFile, made.text],
    [stackFilePath(options.stacksDir, cellStackName(id)), cellStackFileText(project, id, request.region)],
  ]);
  const regionStack = stackFilePath(options.stacksDir, regionStackName(request.region));
  if (!existsSync(regionStack)) {
    files.set(regionStack, regionStackFileText(project, request.region));
  }
  const after = validateWith(files, options);
  writeAtomically(files);
  const { tenants } = loadTenants(fleet);
  const moves = placementMoves(
    placeFleetTenants(fleet, tenants).assignments,
    placeFleetTenants(after, tenants).assignments,
  );
  process.stdout.write(report(id, request, made, [...files.keys()], moves.moves));
  return exitCodes.ok;
}

type Request = {
  id: string;
  region: string;
  state: (typeof STATES)[number];
  like?: Parameters<typeof newCellFile>[1]["like"];
};

/** Refusals that need no scratch copy: a malformed or taken id, an unknown region or cell to copy, a bad state. */
function checkRequest(id: string, options: NewCellOptions, fleet: Fleet): Request {
  const idCheck = cellIdSchema.safeParse(id);
  if (!idCheck.success) {
    throw new UsageError(`cells new ${id}: the id ${idCheck.error.issues[0]?.message ?? "is not valid"}`);
  }
  const next = (region: string): string => {
    const proposal = fleet.regions[region] ? nextCellId(region, fleet.cells) : undefined;
    return proposal ? ` (the next free id in ${region} is ${proposal})` : "";
  };
  const region = options.region;
  if (region === undefined) {
    throw new UsageError(`cells new ${id}: pass --region <region>, one of ${Object.keys(fleet.regions).join(", ")}`);
  }
  const existing = fleet.cells.find((cell) => cell.id === id);
  if (existing || existsSync(path.join(options.cellsDir, `${id}.yml`))) {
    throw new UsageError(
      `cells new ${id}: ${existing?.file ?? path.join(options.cellsDir, `${id}.yml`)} already defines cell ${id}: ` +
        `choose another id${next(region)}`,
    );
  }
  const cellStack = stackFilePath(options.stacksDir, cellStackName(id));
  if (existsSync(cellStack)) {
    throw new UsageError(
      `cells new ${id}: ${cellStack} already exists (a stack of a removed cell?): remove it after destroying that ` +
        `stack, or choose another id${next(region)}`,
    );
  }
  if (!fleet.regions[region]) {
    throw new UsageError(
      `cells new ${id}: --region ${region} is not a region of ${path.join(options.cellsDir, FLEET_FILE)}` +
        `${suggestion(region, Object.keys(fleet.regions))}: add it to regions: (with its zones) and to ` +
        "routing.regionGroups first",
    );
  }
  if (!(STATES as readonly string[]).includes(options.state)) {
    throw new UsageError(`cells new ${id}: --state ${options.state} must be one of ${STATES.join(", ")}`);
  }
  if (!existsSync(stackFilePath(options.stacksDir, ACCOUNT_STACK))) {
    throw new UsageError(
      `cells new ${id}: ${stackFilePath(options.stacksDir, ACCOUNT_STACK)} is missing, so no region stack issues ` +
        "the cell's certificate: add the bootstrap stack files first (docs/deploy.md)",
    );
  }
  const base = { id, region, state: options.state as Request["state"] };
  if (options.like === undefined) {
    return base;
  }
  const spec = fleet.cells.find((cell) => cell.id === options.like);
  if (!spec) {
    throw new UsageError(
      `cells new ${id}: --like ${options.like} is not a cell of the fleet` +
        suggestion(
          options.like,
          fleet.cells.map((cell) => cell.id),
        ),
    );
  }
  return { ...base, like: { spec, raw: readYamlObject(spec.file).value ?? {} } };
}

function defaultZoneCount(cellsDir: string): number {
  const defaults = readYamlObject(path.join(cellsDir, FLEET_FILE)).value?.defaults;
  const count = (defaults as { zoneCount?: unknown } | undefined)?.zoneCount;
  return typeof count === "number" ? count : 3;
}

/**
 * Checks the whole fleet and every stack file with the new files, in a scratch copy of the two folders; problems
 * name the real files. Returns the fleet with the new cell.
 */
function validateWith(files: Map<string, string>, options: NewCellOptions): Fleet {
  const scratch = mkdtempSync(path.join(tmpdir(), "cellplane-new-"));
  const cellsCopy = path.join(scratch, "cells");
  const stacksCopy = path.join(scratch, "stacks");
  const copies = new Map([
    [path.resolve(options.cellsDir), cellsCopy],
    [path.resolve(options.stacksDir), stacksCopy],
  ]);
  try {
    for (const [from, to] of copies) {
      mkdirSync(to);
      for (const entry of readdirSync(from, { withFileTypes: true }).filter((item) => item.isFile())) {
        copyFileSync(path.join(from, entry.name), path.join(to, entry.name));
      }
    }
    for (const [file, text] of files) {
      writeFileSync(path.join(copies.get(path.resolve(path.dirname(file))) ?? scratch, path.basename(file)), text);
    }
    return prepareFleet({ cellsDir: cellsCopy, stacksDir: stacksCopy, projectDir: path.resolve(".") }).fleet;
  } catch (error) {
    if (error instanceof FleetValidationError) {
      const real = (file: string): string =>
        file.startsWith(cellsCopy)
          ? path.join(options.cellsDir, path.relative(cellsCopy, file))
          : file.startsWith(stacksCopy)
            ? path.join(options.stacksDir, path.relative(stacksCopy, file))
            : file;
      throw new FleetValidationError(error.problems.map((problem) => ({ ...problem, file: real(problem.file) })));
    }
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Every file written beside its target first, then renamed into place; on failure none is left behind. */
function writeAtomically(files: Map<string, string>): void {
  const staged: [string, string][] = [];
  const placed: string[] = [];
  try {
    for (const [file, text] of files) {
      const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
      writeFileSync(temporary, text, { flag: "wx" });
      staged.push([temporary, file]);
    }
    for (const [temporary, file] of staged) {
      renameSync(temporary, file);
      placed.push(file);
    }
  } catch (error) {
    for (const file of [...staged.map(([temporary]) => temporary), ...placed]) rmSync(file, { force: true });
    throw error;
  }
}

function report(
  id: string,
  request: Request,
  made: { vpcCidr: string; zones: string[] },
  written: string[],
  moves: { tenant: string; from?: string; to?: string }[],
): string {
  const onto = moves.filter((move) => move.to === id);
  const lines = [
    `Created cell ${id}: ${request.region}, ${made.vpcCidr}, zones ${made.zones.join(", ")}, ${request.state}` +
      `${request.like ? `, shaped like ${request.like.spec.id}` : ""}.`,
    ...written.map((file) => `  wrote ${file}`),
    "",
    onto.length === 0
      ? `No tenant moves onto ${id}${request.state === "draining" ? " (it is draining)" : ""}.`
      : `Once deployed, ${onto.length} tenant(s) move onto ${id}:`,
    ...(onto.length === 0
      ? []
      : textTable(
          ["tenant", "from"],
          onto.map((move) => [move.tenant, move.from ?? "(new)"]),
        )),
    "",
    "Next:",
    "  npm run plan                              # synthesize every stack offline and check the policy pack",
    "  npx cells placement --base origin/main    # which tenants move, cell by cell",
    "  npx cells diff --base origin/main         # what the change does to every stack (the PR comment)",
    "  npx cells rollout plan                    # the waves that deploy it, bootstrap stacks first",
  ];
  return `${lines.join("\n")}\n`;
}
