/**
 * `cells map`: the fleet at a glance — the edge and Route 53 in front, regions → cells, each cell's state (word and
 * colour), tenants and load — as SVG, Mermaid or a self-contained HTML page. The map is built once from the fleet
 * files and their placement (tools/map/model.ts) and only rendered three ways. Exit 0; 2 on bad input (nothing
 * written).
 */
import type { Command } from "commander";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { loadFleet } from "../../../fleet/load";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { loadTenants } from "../../../fleet/tenants";
import { buildFleetMap, mapInputOf, type FleetMap } from "../../map/model";
import { renderHtml } from "../../map/render-html";
import { renderMermaid } from "../../map/render-mermaid";
import { renderSvg } from "../../map/render-svg";
import { exitCodes, UsageError } from "../errors";

const FORMATS = ["svg", "mermaid", "html"] as const;
type Format = (typeof FORMATS)[number];

const RENDERERS: Readonly<Record<Format, (map: FleetMap) => string>> = {
  svg: renderSvg,
  mermaid: renderMermaid,
  html: renderHtml,
};

interface MapOptions {
  cellsDir: string;
  format: string;
  out?: string;
}

export function registerMap(program: Command): void {
  program
    .command("map")
    .description("draw the fleet: edge and Route 53, regions, cells with state, tenants and load (svg, mermaid, html)")
    .option("--cells-dir <dir>", "fleet folder: fleet.yaml, tenants.yaml and one <cell-id>.yaml per cell", "cells")
    .option("--format <format>", `output format: ${FORMATS.join(" | ")}`, "svg")
    .option("--out <file>", "write the map to this file instead of stdout")
    .action((options: MapOptions) => {
      process.exitCode = runMap(options);
    });
}

export function runMap(options: MapOptions): number {
  const format = FORMATS.find((candidate) => candidate === options.format);
  if (format === undefined) {
    throw new UsageError(`cells map: --format ${options.format} is not supported; use one of ${FORMATS.join(", ")}`);
  }
  const fleet = loadFleet(options.cellsDir);
  const placement = placeFleetTenants(fleet, loadTenants(fleet).tenants);
  const output = RENDERERS[format](buildFleetMap(mapInputOf(fleet, placement.cells)));
  if (placement.unplaced.length > 0) {
    process.stderr.write(
      `cells map: ${placement.unplaced.length} tenant(s) cannot be placed and are not on the map ` +
        "(cells placement lists them)\n",
    );
  }
  if (options.out === undefined) {
    process.stdout.write(output);
  } else {
    mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
    writeFileSync(options.out, output);
    process.stderr.write(`cells map: wrote ${options.out}\n`);
  }
  return exitCodes.ok;
}
