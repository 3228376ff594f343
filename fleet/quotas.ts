/**
 * Service quotas the cells of a region consume, and the check that refuses a fleet which would exceed them before
 * anything is deployed. `fleet.yaml` states the quotas as raised in the target account (`quotas: { us-east-1:
 * { elasticIps: 10 } }`); a region or quota it does not state has AWS's default.
 *
 * Defaults and quota codes (Service Quotas):
 * - Elastic IP addresses per region: 5, code L-0263D0A3 (service `ec2`). "By default, all accounts are limited to 5
 *   Elastic IP addresses" (AWS, quoted in https://gist.github.com/kaykay/19604; the EC2 user guide's
 *   elastic-ip-addresses-eip.html#using-instance-addressing-limit); code from
 *   https://gist.github.com/cardil/a032b5021ae31bcd616c834fd1e39e82.
 * - VPCs per region: 5, code L-F678F1CE (service `vpc`); NAT gateways per Availability Zone: 5, code L-FE5A380F
 *   (service `vpc`) — https://docs.aws.amazon.com/general/latest/gr/vpc-service.html and the same gist. The NAT
 *   gateway quota is per zone, not per region (https://github.com/jantman/awslimitchecker/issues/214).
 *
 * A cell uses one VPC, and one NAT gateway with one Elastic IP per zone (`natGateways: perZone`) or one in its
 * first zone (`single`), as `CellNetwork` builds them. Cells in every state count: an evacuated cell's stack still
 * exists until it is destroyed. The default VPC AWS creates in each region also counts against the VPC quota, so
 * state the quota net of what else runs in the region.
 */
import { z } from "zod";
import type { FleetProblem } from "./problems";

/** The quotas the fleet check knows, with AWS's defaults. */
export const AWS_DEFAULT_QUOTAS = { elasticIps: 5, vpcs: 5, natGatewaysPerZone: 5 } as const;

export type QuotaName = keyof typeof AWS_DEFAULT_QUOTAS;

/** Where each quota is raised: Service Quotas service code, quota code and its name in the console. */
export const QUOTA_CODES: Record<QuotaName, { service: string; code: string; title: string }> = {
  elasticIps: { service: "ec2", code: "L-0263D0A3", title: "EC2-VPC Elastic IPs" },
  vpcs: { service: "vpc", code: "L-F678F1CE", title: "VPCs per Region" },
  natGatewaysPerZone: { service: "vpc", code: "L-FE5A380F", title: "NAT gateways per Availability Zone" },
};

const quotaValue = z.int().min(1, "must be at least 1").max(100_000);

/** One region's quotas as raised in the target account; a missing field is AWS's default. */
export const regionQuotasSchema = z.strictObject({
  /** Elastic IP addresses the account may allocate in the region. */
  elasticIps: quotaValue.optional(),
  /** VPCs the account may create in the region. */
  vpcs: quotaValue.optional(),
  /** NAT gateways the account may create in each Availability Zone of the region. */
  natGatewaysPerZone: quotaValue.optional(),
});

export type RegionQuotas = z.infer<typeof regionQuotasSchema>;

/** The fields of a cell the count reads (a `CellSpec` has them all). */
export interface QuotaCell {
  id: string;
  region: string;
  zones: string[];
  network: { natGateways: "perZone" | "single" };
}

/** What the cells of one region need. */
export interface RegionNeeds {
  region: string;
  elasticIps: number;
  vpcs: number;
  /** NAT gateways per zone, for the zones that have any. */
  natGatewaysPerZone: Record<string, number>;
  /** Elastic IPs (= NAT gateways) per cell, for messages. */
  perCell: Record<string, number>;
}

/** The zones of `cell` that get a NAT gateway (and its Elastic IP). */
export function natZones(cell: QuotaCell): string[] {
  return cell.network.natGateways === "single" ? cell.zones.slice(0, 1) : [...cell.zones];
}

/** Counts, per region (sorted by name), what the cells need. Pure. */
export function regionNeeds(cells: readonly QuotaCell[]): RegionNeeds[] {
  const byRegion = new Map<string, RegionNeeds>();
  for (const cell of cells) {
    const needs = byRegion.get(cell.region) ?? {
      region: cell.region,
      elasticIps: 0,
      vpcs: 0,
      natGatewaysPerZone: {},
      perCell: {},
    };
    const zones = natZones(cell);
    needs.vpcs += 1;
    needs.elasticIps += zones.length;
    needs.perCell[cell.id] = zones.length;
    for (const zone of zones) {
      needs.natGatewaysPerZone[zone] = (needs.natGatewaysPerZone[zone] ?? 0) + 1;
    }
    byRegion.set(cell.region, needs);
  }
  return [...byRegion.values()].sort((a, b) => (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

/** The quota in force: what `fleet.yaml` states, else AWS's default. */
export function quotaOf(quotas: Record<string, RegionQuotas>, region: string, quota: QuotaName): number {
  return quotas[region]?.[quota] ?? AWS_DEFAULT_QUOTAS[quota];
}

/**
 * One problem per region and quota the cells would exceed, blaming `fleetFile` at `quotas.<region>.<quota>`, with
 * what is needed, by which cells, and the command that asks AWS for more.
 */
export function quotaProblems(
  cells: readonly QuotaCell[],
  quotas: Record<string, RegionQuotas>,
  fleetFile: string,
): FleetProblem[] {
  const problems: FleetProblem[] = [];
  for (const needs of regionNeeds(cells)) {
    const check = (quota: QuotaName, need: number, who: string, unit: string): void => {
      const limit = quotaOf(quotas, needs.region, quota);
      if (need > limit) {
        problems.push({
          file: fleetFile,
          path: `quotas.${needs.region}.${quota}`,
          value: quotas[needs.region]?.[quota],
          message:
            `${who} need ${need} ${unit} but the quota is ${limit}${quotaSource(quotas, needs.region, quota)}; ` +
            raiseHint(needs.region, quota, need),
        });
      }
    };
    const cellList = Object.entries(needs.perCell)
      .map(([cell, count]) => `${cell} ${count}`)
      .join(", ");
    const inRegion = `the cells in ${needs.region}`;
    check("elasticIps", needs.elasticIps, `${inRegion} (${cellList}; one per NAT gateway)`, "Elastic IPs");
    check("vpcs", needs.vpcs, `${inRegion} (one each)`, "VPCs");
    const [busiestZone, busiest] = Object.entries(needs.natGatewaysPerZone).sort((a, b) => b[1] - a[1])[0] ?? [];
    if (busiestZone !== undefined && busiest !== undefined) {
      check("natGatewaysPerZone", busiest, `the cells in zone ${busiestZone}`, "NAT gateways");
    }
  }
  return problems;
}

function quotaSource(quotas: Record<string, RegionQuotas>, region: string, quota: QuotaName): string {
  return quotas[region]?.[quota] === undefined ? " (AWS's default)" : "";
}

/** How to raise the quota, then declare it: the Service Quotas CLI call and the fleet.yaml line. */
export function raiseHint(region: string, quota: QuotaName, need: number): string {
  const { service, code, title } = QUOTA_CODES[quota];
  return (
    `raise "${title}" (${code}) with \`aws service-quotas request-service-quota-increase --region ${region} ` +
    `--service-code ${service} --quota-code ${code} --desired-value ${need}\`, then set quotas.${region}.${quota}: ` +
    `${need} in fleet.yaml (or use fewer cells, zones or natGateways: single)`
  );
}
