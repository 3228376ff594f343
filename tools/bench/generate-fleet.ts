/**
 * Generates a synthetic fleet of N cells (cell files + stack files) from the reference fleet's fleet.yaml, for
 * benchmarks and scale tests. Cells are spread round-robin over the allowed regions with disjoint /20 blocks.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";

const REFERENCE = path.resolve(__dirname, "..", "..");

export interface GeneratedFleet {
  root: string;
  cellsDir: string;
  stacksDir: string;
  cellIds: string[];
}

export function generateFleet(cellCount: number): GeneratedFleet {
  if (cellCount < 1 || cellCount > 4_096) {
    throw new RangeError(`cellCount ${cellCount} is outside 1..4096 (one /20 of 10.0.0.0/8 each)`);
  }
  const root = mkdtempSync(path.join(tmpdir(), `cellplane-fleet-${cellCount}-`));
  const cellsDir = path.join(root, "cells");
  const stacksDir = path.join(root, "stacks");
  mkdirSync(cellsDir);
  mkdirSync(stacksDir);
  copyFileSync(path.join(REFERENCE, "cells", "fleet.yaml"), path.join(cellsDir, "fleet.yaml"));
  const fleetFile = parse(readFileSync(path.join(cellsDir, "fleet.yaml"), "utf8")) as {
    regions: Record<string, string[]>;
    quotas?: Record<string, Record<string, number>>;
  };
  const regions = Object.keys(fleetFile.regions);
  // A synthetic account with quotas raised for every generated cell (each needs a VPC and 3 NAT gateways and EIPs).
  const perRegion = Math.ceil(cellCount / regions.length);
  fleetFile.quotas = Object.fromEntries(
    regions.map((region) => [region, { elasticIps: 3 * perRegion, vpcs: perRegion, natGatewaysPerZone: perRegion }]),
  );
  writeFileSync(path.join(cellsDir, "fleet.yaml"), stringify(fleetFile));
  const cellIds: string[] = [];
  for (let index = 0; index < cellCount; index++) {
    const region = regions[index % regions.length];
    const id = `gen${String(index).padStart(4, "0")}`;
    cellIds.push(id);
    writeFileSync(
      path.join(cellsDir, `${id}.yaml`),
      `id: ${id}\nregion: ${region}\nvpcCidr: ${blockFor(index)}\nstate: active\n`,
    );
    writeFileSync(
      path.join(stacksDir, `Pulumi.cell-${id}.yaml`),
      `config:\n  aws:region: ${region}\n  cellplane:cell: ${id}\n` +
        `  cellplane:certificateArn: arn:aws:acm:${region}:123456789012:certificate/` +
        `00000000-0000-4000-8000-${String(index).padStart(12, "0")}\n`,
    );
  }
  return { root, cellsDir, stacksDir, cellIds };
}

/** Cell i gets the i-th /20 of 10.0.0.0/8: room for 4,096 cells, never overlapping. */
function blockFor(index: number): string {
  return `10.${Math.floor(index / 16)}.${(index % 16) * 16}.0/20`;
}
