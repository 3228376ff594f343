import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isReservedDomain, reservedDomainProblems } from "../../fleet/domains";
import {
  AWS_DEFAULT_QUOTAS,
  natZones,
  quotaProblems,
  regionNeeds,
  regionQuotasSchema,
  type QuotaCell,
} from "../../fleet/quotas";

const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];
const cell = (id: string, natGateways: "perZone" | "single" = "perZone", zones = ZONES): QuotaCell => ({
  id,
  region: zones[0].slice(0, -1),
  zones,
  network: { natGateways },
});

describe("regionNeeds", () => {
  it("counts one VPC per cell and one Elastic IP per NAT gateway, per region", () => {
    const euZones = ["eu-west-1a", "eu-west-1b"];
    const needs = regionNeeds([cell("use1-a"), cell("use1-b", "single"), cell("euw1-a", "perZone", euZones)]);
    expect(needs).toEqual([
      {
        region: "eu-west-1",
        elasticIps: 2,
        vpcs: 1,
        natGatewaysPerZone: { "eu-west-1a": 1, "eu-west-1b": 1 },
        perCell: { "euw1-a": 2 },
      },
      {
        region: "us-east-1",
        elasticIps: 4,
        vpcs: 2,
        natGatewaysPerZone: { "us-east-1a": 2, "us-east-1b": 1, "us-east-1c": 1 },
        perCell: { "use1-a": 3, "use1-b": 1 },
      },
    ]);
  });

  it("agrees with natZones for any fleet: EIPs = NAT gateways, VPCs = cells", () => {
    const arbitraryCell = fc.record({
      id: fc.constantFrom("a", "b", "c", "d"),
      region: fc.constantFrom("us-east-1", "eu-west-1"),
      zones: fc.subarray(["z1", "z2", "z3", "z4"], { minLength: 2 }),
      network: fc.record({ natGateways: fc.constantFrom<"perZone" | "single">("perZone", "single") }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryCell, { maxLength: 12 }), (cells) => {
        const needs = regionNeeds(cells);
        for (const region of needs) {
          const inRegion = cells.filter((candidate) => candidate.region === region.region);
          const nats = inRegion.flatMap(natZones);
          expect(region.vpcs).toBe(inRegion.length);
          expect(region.elasticIps).toBe(nats.length);
          expect(Object.values(region.natGatewaysPerZone).reduce((sum, n) => sum + n, 0)).toBe(nats.length);
        }
        expect(needs.reduce((sum, region) => sum + region.vpcs, 0)).toBe(cells.length);
      }),
    );
  });
});

describe("quotaProblems", () => {
  const fleetFile = "cells/fleet.yaml";
  const threeCells = [cell("use1-a"), cell("use1-b"), cell("use1-c")];

  it("refuses 9 Elastic IPs against AWS's default of 5, naming region, quota, need and the fix", () => {
    const problems = quotaProblems(threeCells, {}, fleetFile);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: fleetFile, path: "quotas.us-east-1.elasticIps" });
    expect(problems[0].message).toContain("need 9 Elastic IPs but the quota is 5 (AWS's default)");
    expect(problems[0].message).toContain("use1-a 3, use1-b 3, use1-c 3");
    expect(problems[0].message).toContain(
      "aws service-quotas request-service-quota-increase --region us-east-1 --service-code ec2 " +
        "--quota-code L-0263D0A3 --desired-value 9",
    );
    expect(problems[0].message).toContain("set quotas.us-east-1.elasticIps: 9");
  });

  it("accepts the fleet once the raised quota is declared, and then checks the declared value", () => {
    expect(quotaProblems(threeCells, { "us-east-1": { elasticIps: 9 } }, fleetFile)).toEqual([]);
    const short = quotaProblems(threeCells, { "us-east-1": { elasticIps: 8 } }, fleetFile);
    expect(short.map((problem) => [problem.path, problem.value])).toEqual([["quotas.us-east-1.elasticIps", 8]]);
    expect(short[0].message).toContain("the quota is 8;");
  });

  it("checks VPCs per region and NAT gateways per zone", () => {
    const six = ["a", "b", "c", "d", "e", "f"].map((suffix) => cell(`use1-${suffix}`, "single"));
    const problems = quotaProblems(six, { "us-east-1": { elasticIps: 50 } }, fleetFile);
    expect(problems.map((problem) => problem.path)).toEqual([
      "quotas.us-east-1.vpcs",
      "quotas.us-east-1.natGatewaysPerZone",
    ]);
    expect(problems[1].message).toContain("the cells in zone us-east-1a need 6 NAT gateways but the quota is 5");
  });

  it("never reports a fleet within every quota, and always one that exceeds the EIP quota", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 1, max: 30 }), (cells, limit) => {
        const fleet = Array.from({ length: cells }, (_, index) => cell(`c${index}`));
        const quotas = { "us-east-1": { elasticIps: limit, vpcs: 100, natGatewaysPerZone: 100 } };
        const problems = quotaProblems(fleet, quotas, fleetFile);
        expect(problems.length).toBe(cells * 3 > limit ? 1 : 0);
      }),
    );
  });

  it("defaults are AWS's: 5 EIPs, 5 VPCs, 5 NAT gateways per zone", () => {
    expect(AWS_DEFAULT_QUOTAS).toEqual({ elasticIps: 5, vpcs: 5, natGatewaysPerZone: 5 });
    expect(regionQuotasSchema.safeParse({ elasticIps: 0 }).success).toBe(false);
    expect(regionQuotasSchema.safeParse({ elasticIPs: 10 }).success).toBe(false);
  });
});

describe("reserved domains", () => {
  it("recognises RFC 2606 / 6761 names and their subdomains, not look-alikes", () => {
    for (const domain of ["example.com", "storefront.example.com", "a.example.org", "shop.test", "x.example"]) {
      expect(isReservedDomain(domain), domain).toBe(true);
    }
    for (const domain of ["storefront.acme.com", "myexample.com", "example.com.au", "testing.io"]) {
      expect(isReservedDomain(domain), domain).toBe(false);
    }
  });

  it("names the file, the field and the fix", () => {
    expect(reservedDomainProblems("storefront.example.com", "cells/fleet.yaml")).toEqual([
      expect.objectContaining({ file: "cells/fleet.yaml", path: "routing.domain", value: "storefront.example.com" }),
    ]);
    expect(reservedDomainProblems("storefront.acme.com", "cells/fleet.yaml")).toEqual([]);
  });
});
