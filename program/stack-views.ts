/**
 * What of the fleet each non-cell stack reads, and nothing more. `runStack` hands the `account`, `region-<r>` and
 * `global` programs these views instead of the whole fleet, so a stack's plan depends on its view by construction:
 * the input fingerprint (tools/lib/fingerprint.ts) hashes the view, and an edit to a cell file that leaves the view
 * as it was (an instance size, a queue) does not make these stacks stale. A cell stack reads its own cell file and
 * the defaults of fleet.yaml, which the fingerprint hashes as files. Pure: no Pulumi import.
 *
 * No view holds a path: fingerprints must be equal for the same content in any checkout.
 */
import type { CellSpec, CellState, Fleet, RoutingSpec } from "../fleet/schema";
import { ACCOUNT_STACK, cellStackName, EDGE_REGION, regionsInUse, regionStackName, stackTarget } from "./stacks";

/** What the `account` and `region-<region>` stacks read: the routing zone, the owner, the regions in use. */
export interface BootstrapFleetView {
  owner: string;
  routing: Pick<RoutingSpec, "domain" | "hostedZoneId">;
  /** {@link regionsInUse}: regions with a cell plus the edge region, sorted. */
  regionsInUse: string[];
}

/** What the `global` stack reads of one cell: its identity, its state and the capacity placement fills. */
export interface GlobalCellView {
  id: string;
  region: string;
  owner: string;
  tags: Record<string, string>;
  state: CellState;
  capacity: { maxTenants: number };
}

/**
 * What the `global` stack reads: the owner, the whole routing section (region groups included), the capacity target
 * placement fills to, and each cell's {@link GlobalCellView}.
 */
export interface GlobalFleetView {
  owner: string;
  routing: RoutingSpec;
  capacity?: Fleet["capacity"];
  cells: GlobalCellView[];
}

export function bootstrapView(fleet: Pick<Fleet, "owner" | "routing" | "cells">): BootstrapFleetView {
  return {
    owner: fleet.owner,
    routing: { domain: fleet.routing.domain, hostedZoneId: fleet.routing.hostedZoneId },
    regionsInUse: regionsInUse(fleet),
  };
}

export function globalView(fleet: Pick<Fleet, "owner" | "routing" | "capacity" | "cells">): GlobalFleetView {
  return {
    owner: fleet.owner,
    routing: fleet.routing,
    ...(fleet.capacity ? { capacity: fleet.capacity } : {}),
    cells: fleet.cells.map((cell) => globalCellView(cell)),
  };
}

function globalCellView(cell: CellSpec): GlobalCellView {
  return {
    id: cell.id,
    region: cell.region,
    owner: cell.owner,
    tags: cell.tags,
    state: cell.state,
    capacity: { maxTenants: cell.capacity.maxTenants },
  };
}

/**
 * The outputs one stack reads of another, by name: the program modules read them through these constants, so the
 * fingerprint (which hashes only these outputs of the stacks read) and the programs cannot disagree.
 */
export const READ_OUTPUTS = {
  /** Of `account`, by the region stacks and `global`: the routing zone. */
  accountZone: "hostedZoneId",
  /** Of `region-<r>`, by the cells of region r. */
  cellCertificate: "cellCertificateArn",
  /** Of `region-us-east-1`, by `global`. */
  edgeCertificate: "edgeCertificateArn",
  /** Of each serving cell, by `global`. */
  cell: { dnsName: "loadBalancerDnsName", zoneId: "loadBalancerZoneId", healthCheckPath: "healthCheckPath" },
} as const;

/** The names of the outputs of `read` that `reader` reads (see {@link READ_OUTPUTS}). */
export function outputsReadBy(reader: string, read: string): string[] {
  const readerKind = stackTarget(reader)?.kind;
  const readKind = stackTarget(read)?.kind;
  if (readKind === "account") {
    return [READ_OUTPUTS.accountZone];
  }
  if (readKind === "region") {
    return readerKind === "global" ? [READ_OUTPUTS.edgeCertificate] : [READ_OUTPUTS.cellCertificate];
  }
  return readKind === "cell" ? Object.values(READ_OUTPUTS.cell) : [];
}

/** The part of `read`'s outputs that `reader` reads, in a fixed order (what the fingerprint hashes). */
export function readOutputs<T>(reader: string, read: string, outputs: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(
    outputsReadBy(reader, read)
      .filter((name) => name in outputs)
      .map((name) => [name, outputs[name]]),
  );
}

/**
 * The stacks whose outputs `stack` reads (through `StackReference`), among `planned`: a region stack reads the
 * account's zone, a cell its region's certificate, `global` the account's zone, the edge certificate of
 * `region-us-east-1` and the load balancer of every serving cell.
 */
export function stacksReadBy(stack: string, fleet: Pick<Fleet, "cells">, planned: ReadonlySet<string>): string[] {
  const target = stackTarget(stack);
  const reads = ((): string[] => {
    switch (target?.kind) {
      case "region":
        return [ACCOUNT_STACK];
      case "cell": {
        const cell = fleet.cells.find((candidate) => candidate.id === target.cellId);
        return cell === undefined ? [] : [regionStackName(cell.region)];
      }
      case "global":
        return [
          ACCOUNT_STACK,
          regionStackName(EDGE_REGION),
          ...fleet.cells.filter((cell) => cell.state !== "evacuated").map((cell) => cellStackName(cell.id)),
        ];
      default:
        return [];
    }
  })();
  return reads.filter((name) => planned.has(name));
}
