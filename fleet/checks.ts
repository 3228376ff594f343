/**
 * Rules that zod's shape checks cannot express: a cell's region and zones against the fleet's allow-list, its
 * CIDR block, and the fleet-wide rules (unique ids, file names, non-overlapping CIDRs, routing's default region).
 */
import * as path from "node:path";
import { cidrsOverlap, isPrivateRange, parseCidr, VPC_PREFIX_RANGE, type Ipv4Cidr } from "./cidr";
import { activeCellProblems, cellLimitProblems, regionZoneProblems } from "./limit-checks";
import { isPlainObject } from "./plain-object";
import type { FleetProblem } from "./problems";
import type { CellSpec, FleetFile } from "./schema";

/** The fields of a cell these rules read; any may be missing or mistyped when the schema check failed too. */
export interface CellFields {
  file: string;
  id?: unknown;
  region?: unknown;
  vpcCidr?: unknown;
  zones?: unknown;
  zoneCount?: unknown;
  capacity?: unknown;
  queues?: unknown;
  cache?: unknown;
  alarms?: unknown;
  state?: unknown;
}

/** Rules for one cell. They run even when the schema check failed, so every problem is reported at once. */
export function cellRuleProblems(cell: CellFields, fleet: FleetFile): FleetProblem[] {
  return [
    ...(typeof cell.id === "string" ? fileNameProblems({ id: cell.id, file: cell.file }) : []),
    ...(typeof cell.region === "string"
      ? regionProblems(
          {
            file: cell.file,
            region: cell.region,
            zones: stringList(cell.zones),
            zoneCount: typeof cell.zoneCount === "number" ? cell.zoneCount : 0,
          },
          fleet,
        )
      : []),
    ...(typeof cell.vpcCidr === "string" ? cidrProblems({ file: cell.file, vpcCidr: cell.vpcCidr }) : []),
    ...capacityProblems(cell.file, cell.capacity),
    ...queueNameProblems(cell.file, cell.queues),
    ...cellLimitProblems(cell),
  ];
}

function capacityProblems(file: string, capacity: unknown): FleetProblem[] {
  const { min, desired, max } = isPlainObject(capacity) ? capacity : {};
  if (
    typeof min !== "number" ||
    typeof desired !== "number" ||
    typeof max !== "number" ||
    (min <= desired && desired <= max)
  ) {
    return [];
  }
  return [
    {
      file,
      path: min > max ? "capacity.min" : "capacity.desired",
      value: min > max ? min : desired,
      message: `must satisfy min <= desired <= max (min ${min}, desired ${desired}, max ${max})`,
    },
  ];
}

function queueNameProblems(file: string, queues: unknown): FleetProblem[] {
  if (!Array.isArray(queues)) {
    return [];
  }
  const names = queues.map((queue: unknown) => (isPlainObject(queue) ? queue.name : undefined));
  return names.flatMap((name, index) =>
    typeof name === "string" && names.indexOf(name) !== index
      ? [
          {
            file,
            path: `queues[${index}].name`,
            value: name,
            message: "is already used by another queue of this cell: queue names must be unique in a cell",
          },
        ]
      : [],
  );
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : undefined;
}

function fileNameProblems(cell: Pick<CellSpec, "id" | "file">): FleetProblem[] {
  const expected = `${cell.id}.yaml`;
  const actual = path.basename(cell.file);
  return actual === expected || actual === `${cell.id}.yml`
    ? []
    : [
        {
          file: cell.file,
          path: "id",
          value: cell.id,
          message:
            `must match the file name: rename the file to ${expected} or set id to ` +
            `"${actual.replace(/\.ya?ml$/, "")}"`,
        },
      ];
}

function regionProblems(
  cell: { file: string; region: string; zones?: string[]; zoneCount: number },
  fleet: FleetFile,
): FleetProblem[] {
  const allowedZones = fleet.regions[cell.region];
  if (!allowedZones) {
    return [
      {
        file: cell.file,
        path: "region",
        value: cell.region,
        message: `is not an allowed region; fleet.yaml allows ${Object.keys(fleet.regions).join(", ")}`,
      },
    ];
  }
  const zones = cell.zones;
  if (!zones) {
    return cell.zoneCount > allowedZones.length
      ? [
          {
            file: cell.file,
            path: "zoneCount",
            value: cell.zoneCount,
            message: `is more than the ${allowedZones.length} zones fleet.yaml lists for ${cell.region}`,
          },
        ]
      : [];
  }
  const problems: FleetProblem[] = [];
  zones.forEach((zone, index) => {
    if (!allowedZones.includes(zone)) {
      problems.push({
        file: cell.file,
        path: `zones[${index}]`,
        value: zone,
        message: `is not a zone of ${cell.region}; use one of ${allowedZones.join(", ")}`,
      });
    } else if (zones.indexOf(zone) !== index) {
      problems.push({
        file: cell.file,
        path: `zones[${index}]`,
        value: zone,
        message: "is listed twice: each zone once",
      });
    }
  });
  return problems;
}

function cidrProblems(cell: Pick<CellSpec, "file" | "vpcCidr">): FleetProblem[] {
  const parsed = parseCidr(cell.vpcCidr);
  const problem = (message: string): FleetProblem[] => [
    { file: cell.file, path: "vpcCidr", value: cell.vpcCidr, message },
  ];
  if (typeof parsed === "string") {
    return problem(parsed);
  }
  if (parsed.prefix < VPC_PREFIX_RANGE.min || parsed.prefix > VPC_PREFIX_RANGE.max) {
    return problem(
      `must be a /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max} block, room for the subnets of six zones`,
    );
  }
  if (!isPrivateRange(parsed)) {
    return problem("must lie in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)");
  }
  return [];
}

export function crossCellProblems(
  cells: CellFields[],
  fleet: FleetFile,
  where: { fleetPath: string; dir: string },
): FleetProblem[] {
  return [
    ...duplicateIdProblems(cells),
    ...overlappingCidrProblems(cells),
    ...routingProblems(fleet, where.fleetPath),
    ...regionZoneProblems(fleet, where.fleetPath),
    ...activeCellProblems(cells, where.dir),
  ];
}

function duplicateIdProblems(cells: CellFields[]): FleetProblem[] {
  const firstFileById = new Map<string, string>();
  const problems: FleetProblem[] = [];
  for (const cell of cells) {
    if (typeof cell.id !== "string") {
      continue;
    }
    const first = firstFileById.get(cell.id);
    if (first) {
      problems.push({
        file: cell.file,
        path: "id",
        value: cell.id,
        message: `is already the id of ${first}: cell ids must be unique`,
      });
    } else {
      firstFileById.set(cell.id, cell.file);
    }
  }
  return problems;
}

/** Sort by network address, then sweep: a block overlaps an earlier one iff it starts before the furthest end. */
function overlappingCidrProblems(cells: CellFields[]): FleetProblem[] {
  const blocks = cells
    .map((cell) => ({ cell, cidr: typeof cell.vpcCidr === "string" ? parseCidr(cell.vpcCidr) : "missing" }))
    .filter((entry): entry is { cell: CellFields; cidr: Ipv4Cidr } => typeof entry.cidr !== "string")
    .sort((a, b) => a.cidr.base - b.cidr.base || a.cidr.prefix - b.cidr.prefix);
  const problems: FleetProblem[] = [];
  let widest: { cell: CellFields; cidr: Ipv4Cidr } | undefined;
  for (const entry of blocks) {
    if (widest && cidrsOverlap(widest.cidr, entry.cidr)) {
      problems.push({
        file: entry.cell.file,
        path: "vpcCidr",
        value: entry.cidr.text,
        message:
          `overlaps ${widest.cidr.text} of cell ${String(widest.cell.id)} (${widest.cell.file}): every cell ` +
          `needs its own address block`,
      });
    }
    if (
      !widest ||
      entry.cidr.base + 2 ** (32 - entry.cidr.prefix) > widest.cidr.base + 2 ** (32 - widest.cidr.prefix)
    ) {
      widest = entry;
    }
  }
  return problems;
}

function routingProblems(fleet: FleetFile, fleetPath: string): FleetProblem[] {
  return fleet.regions[fleet.routing.defaultRegion]
    ? []
    : [
        {
          file: fleetPath,
          path: "routing.defaultRegion",
          value: fleet.routing.defaultRegion,
          message: `is not one of the allowed regions (${Object.keys(fleet.regions).join(", ")})`,
        },
      ];
}
