/** Who a cell is, and how every resource of it is tagged. Policies and cost reports key on these tags. */

/** Tag keys that mark a resource as part of one cell. */
export const CELL_TAG_KEYS = {
  cell: "cellplane:cell",
  region: "cellplane:region",
  owner: "cellplane:owner",
  managedBy: "managed-by",
} as const;

/** The identity of the cell a component belongs to. */
export interface CellIdentity {
  /** Cell id, e.g. `use1-a`: lower-case letters, digits and dashes. Prefixes every physical name. */
  id: string;
  /** AWS region the cell runs in. */
  region: string;
  /** Team that owns the cell (tag `cellplane:owner`). */
  owner: string;
  /** Extra tags for every resource of the cell. They cannot override the cell tags. */
  tags?: Record<string, string>;
}

/** Tags for a resource of `cell`: the caller's extra tags first, then the cell tags, which always win. */
export function cellTags(cell: CellIdentity, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...cell.tags,
    ...extra,
    [CELL_TAG_KEYS.cell]: cell.id,
    [CELL_TAG_KEYS.region]: cell.region,
    [CELL_TAG_KEYS.owner]: cell.owner,
    [CELL_TAG_KEYS.managedBy]: "cellplane",
  };
}

/** Tags for a resource of the routing layer, which belongs to no cell. */
export function routingTags(owner: string): Record<string, string> {
  return { [CELL_TAG_KEYS.managedBy]: "cellplane", [CELL_TAG_KEYS.owner]: owner };
}
