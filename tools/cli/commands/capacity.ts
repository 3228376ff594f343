/**
 * `cells capacity`: per cell tenants, load and headroom against the target utilisation; per region the N+1 check
 * (fleet/capacity.ts) and, where it fails, the new cells that fix it. Exit 0 when every region passes N+1, 1 when
 * one fails (so CI can gate on it), 2 on an invalid fleet.
 */
import type { Command } from "commander";
import * as path from "node:path";
import { capacityReport, type CapacityReport } from "../../../fleet/capacity";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { FLEET_FILE, loadFleet } from "../../../fleet/load";
import { loadTenants } from "../../../fleet/tenants";
import { exitCodes } from "../errors";
import { textTable } from "./text-table";

interface CapacityOptions {
  cellsDir: string;
  json?: boolean;
}

export function registerCapacity(program: Command): void {
  program
    .command("capacity")
    .description("show each cell's load and headroom, and whether each region can lose its largest cell (N+1)")
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--json", "print the report as JSON")
    .action((options: CapacityOptions) => {
      process.exitCode = runCapacity(options);
    });
}

export function runCapacity(options: CapacityOptions): number {
  // An invalid fleet throws FleetValidationError: exit 2 with every problem (tools/cli/errors.ts).
  const fleet = loadFleet(options.cellsDir);
  const { tenants } = loadTenants(fleet);
  const report = capacityReport({
    cells: fleet.cells,
    quotas: fleet.quotas,
    fleetFile: path.join(options.cellsDir, FLEET_FILE),
    ...(fleet.capacity ? { targetUtilisation: fleet.capacity.targetUtilisation } : {}),
    placement: placeFleetTenants(fleet, tenants),
  });
  process.stdout.write(
    options.json ? `${JSON.stringify({ cellsDir: options.cellsDir, ...report }, null, 2)}\n` : renderCapacity(report),
  );
  return report.ok ? exitCodes.ok : exitCodes.findings;
}

export function renderCapacity(report: CapacityReport): string {
  const lines = [
    `Capacity of ${report.cells.length} cells; target utilisation ${report.targetUtilisation}% of ` +
      "capacity.maxTenants (fleet.yaml capacity.targetUtilisation)",
    "",
    ...textTable(
      ["cell", "region", "state", "tenants", "load", "target", "capacity", "headroom", "used"],
      report.cells.map((cell) => [
        cell.cell,
        cell.region,
        cell.state,
        String(cell.tenants),
        String(cell.load),
        String(cell.target),
        String(cell.capacity),
        String(cell.headroom),
        `${Math.round((cell.load / cell.capacity) * 100)}%`,
      ]),
    ),
    "",
    "N+1: can each region lose its largest cell and fit that cell's load in the others' headroom?",
    ...textTable(
      ["region", "active", "load", "target", "largest", "must absorb", "others' headroom", "N+1"],
      report.regions.map((region) => [
        region.region,
        String(region.activeCells),
        String(region.load),
        String(region.target),
        region.largestCell ?? "-",
        String(region.mustAbsorb),
        String(region.canAbsorb),
        region.ok ? "ok" : "FAIL",
      ]),
    ),
  ];
  const failing = report.regions.filter((region) => !region.ok);
  if (failing.length === 0) {
    lines.push("", "Every region passes N+1.");
    return `${lines.join("\n")}\n`;
  }
  lines.push("", `${failing.length} region(s) fail N+1. Add these cells (each like the region's largest):`);
  for (const region of failing) {
    for (const proposal of region.proposals) {
      lines.push(
        `  ${proposal.region}: ${proposal.id} (${proposal.vpcCidr}, like ${proposal.like}, maxTenants ` +
          `${proposal.capacity}): npx ${proposal.command}`,
      );
    }
    for (const note of region.quotaNotes) {
      lines.push(`    first raise a quota: ${note}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
