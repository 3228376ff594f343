/**
 * The file of a new cell (`cells new`): id, region, the next free address block, the region's zones and state,
 * plus — with a cell to copy — everything that cell's file states about its shape (capacity, database, queues…).
 * Pure: the command reads and writes the files (tools/cli/commands/new-cell.ts).
 */
import { Document, isSeq } from "yaml";
import { DEFAULT_VPC_PREFIX, nextAddressBlock } from "./address-blocks";
import type { CellSpec, CellState, Fleet } from "./schema";

/** Fields a copied cell file keeps to itself: where the cell is and what it is called. */
const PLACE_FIELDS = new Set(["id", "region", "vpcCidr", "state", "zones", "zoneCount"]);

export interface NewCellRequest {
  id: string;
  region: string;
  state: Extract<CellState, "active" | "draining">;
  /** The cell to copy: its validated spec and its file as written (what it states beyond the defaults). */
  like?: { spec: CellSpec; raw: Record<string, unknown> };
  /** fleet.yaml `defaults.zoneCount`, for a cell that copies none. */
  defaultZoneCount: number;
}

export interface NewCellFile {
  vpcCidr: string;
  zones: string[];
  /** The YAML text of `cells/<id>.yaml`. */
  text: string;
}

/** The new cell's file, or a reason (no free block, too few zones) naming the fix. */
export function newCellFile(fleet: Pick<Fleet, "cells" | "regions">, request: NewCellRequest): NewCellFile | string {
  const regionZones = fleet.regions[request.region] ?? [];
  const zoneCount = request.like ? request.like.spec.zones.length : request.defaultZoneCount;
  if (zoneCount > regionZones.length) {
    return (
      `${request.region} lists ${regionZones.length} zones in fleet.yaml but the cell needs ${zoneCount}: add zones ` +
      `to regions.${request.region}` +
      (request.like ? ` or copy a cell with fewer zones than ${request.like.spec.id}` : "")
    );
  }
  const prefix = request.like ? Number(request.like.spec.vpcCidr.split("/")[1]) : DEFAULT_VPC_PREFIX;
  const vpcCidr = nextAddressBlock({
    used: fleet.cells.map((cell) => cell.vpcCidr),
    region: fleet.cells.filter((cell) => cell.region === request.region).map((cell) => cell.vpcCidr),
    prefix,
  });
  if (vpcCidr === undefined) {
    return (
      `no /${prefix} block is free in the private range the fleet uses: free one, or copy a cell with a smaller ` +
      "block"
    );
  }
  const zones = regionZones.slice(0, zoneCount);
  const shape = Object.fromEntries(Object.entries(request.like?.raw ?? {}).filter(([key]) => !PLACE_FIELDS.has(key)));
  const header =
    `# Cell ${request.id} in ${request.region}, created by \`cells new\`` +
    `${request.like ? `: shaped like ${request.like.spec.id}` : ""}. States only what differs from the defaults.\n`;
  const document = new Document({
    id: request.id,
    region: request.region,
    vpcCidr,
    state: request.state,
    zones,
    ...shape,
  });
  const zoneList = document.get("zones", true);
  if (isSeq(zoneList)) zoneList.flow = true;
  return { vpcCidr, zones, text: header + document.toString({ lineWidth: 0, flowCollectionPadding: false }) };
}
