/**
 * `cells migrate plan`: the runbook for the tenant moves between the fleet at a git ref (`--base`, default HEAD) and
 * the working tree — per tenant, in order: check capacity, record the move, copy, freeze, final sync, flip, verify,
 * clean up, each with its rollback — as Markdown or JSON (one model, tools/migrate/runbook.ts). Exit 0; 2 on bad
 * input (an unset or missing copy hook, a `moving:` entry that disagrees with placement), nothing written.
 */
import type { Command } from "commander";
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { FLEET_FILE, loadFleet } from "../../../fleet/load";
import { movingPlacementProblems } from "../../../fleet/moving";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { FleetValidationError } from "../../../fleet/problems";
import type { Fleet, MigrationSpec } from "../../../fleet/schema";
import { loadTenants } from "../../../fleet/tenants";
import { renderRunbookJson, renderRunbookMarkdown } from "../../migrate/render";
import { buildRunbook } from "../../migrate/runbook";
import { exitCodes, UsageError } from "../errors";
import { placementAtRef } from "./placement";

const FORMATS = ["markdown", "json"] as const;

interface MigratePlanOptions {
  cellsDir: string;
  base: string;
  format: string;
  out?: string;
}

export function registerMigrate(program: Command): void {
  const migrate = program.command("migrate").description("move tenants between cells safely: runbooks");
  migrate
    .command("plan")
    .description("the runbook for every tenant move between --base <ref> and the working tree, step by step")
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--base <ref>", "compare with the fleet at this git ref (placed with the current code)", "HEAD")
    .option("--format <format>", `output format: ${FORMATS.join(" | ")}`, "markdown")
    .option("--out <file>", "write the runbook to this file instead of stdout")
    .action((options: MigratePlanOptions) => {
      process.exitCode = runMigratePlan(options);
    });
}

export function runMigratePlan(options: MigratePlanOptions): number {
  const format = FORMATS.find((candidate) => candidate === options.format);
  if (format === undefined) {
    throw new UsageError(
      `cells migrate plan: --format ${options.format} is not supported; use one of ${FORMATS.join(", ")}`,
    );
  }
  const fleet = loadFleet(options.cellsDir);
  const migration = copyHookOf(fleet);
  const tenants = loadTenants(fleet);
  const after = placeFleetTenants(fleet, tenants.tenants);
  const problems = movingPlacementProblems(after.assignments, tenants.tenants, tenants.file);
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  const before = placementAtRef(options.cellsDir, options.base).placement;
  const runbook = buildRunbook({
    against: options.base,
    copyHook: migration.copyHook,
    batchSize: migration.batchSize,
    domain: fleet.routing.domain,
    healthCheckPaths: Object.fromEntries(fleet.cells.map((cell) => [cell.id, cell.app.healthCheckPath])),
    before: before.assignments,
    after,
    cells: [...before.cells, ...after.cells],
    tenants: tenants.tenants,
  });
  const output = format === "json" ? renderRunbookJson(runbook) : renderRunbookMarkdown(runbook);
  if (options.out === undefined) {
    process.stdout.write(output);
  } else {
    mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    writeFileSync(options.out, output);
    process.stderr.write(`cells migrate plan: wrote ${options.out}\n`);
  }
  return exitCodes.ok;
}

/**
 * The `migration:` settings, with the copy hook checked on disk: an executable file under the project root (the
 * folder that holds the fleet folder). Each failure names fleet.yaml, the field and the fix.
 */
function copyHookOf(fleet: Fleet): MigrationSpec {
  const fleetFile = path.join(fleet.dir, FLEET_FILE);
  if (fleet.migration === undefined) {
    throw new UsageError(
      `${fleetFile}: migration.copyHook is not set: add "migration: { copyHook: <path of the application's ` +
        'tenant copy script, from the project root> }" (its contract: docs/migrations.md)',
    );
  }
  const root = path.dirname(path.resolve(fleet.dir));
  const hook = path.join(root, fleet.migration.copyHook);
  const where = `${fleetFile}: migration.copyHook ${fleet.migration.copyHook}`;
  let isFile: boolean;
  try {
    isFile = statSync(hook).isFile();
  } catch {
    throw new UsageError(`${where} does not exist under ${root}: add the script there or fix the path`);
  }
  if (!isFile) {
    throw new UsageError(`${where} is not a file: name the script itself`);
  }
  try {
    accessSync(hook, constants.X_OK);
  } catch {
    throw new UsageError(`${where} is not executable: chmod +x ${fleet.migration.copyHook}`);
  }
  return fleet.migration;
}
