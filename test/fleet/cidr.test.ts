import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { cidrsOverlap, formatCidr, parseCidr, planSubnets, type Ipv4Cidr } from "../../fleet/cidr";

const cidr = (text: string): Ipv4Cidr => parseCidr(text) as Ipv4Cidr;

describe("CIDR arithmetic", () => {
  it("parses a network block and rejects malformed ones with the reason", () => {
    expect(cidr("10.16.0.0/16")).toEqual({ base: 168_820_736, prefix: 16, text: "10.16.0.0/16" });
    expect(parseCidr("10.16.0/16")).toBe("is not an IPv4 CIDR block like 10.16.0.0/16");
    expect(parseCidr("10.300.0.0/16")).toBe("has an octet above 255 or a prefix above /32");
  });

  it("detects overlap exactly", () => {
    expect(cidrsOverlap(cidr("10.16.0.0/16"), cidr("10.16.255.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.16.0.0/16"), cidr("10.17.0.0/16"))).toBe(false);
    expect(cidrsOverlap(cidr("10.18.0.0/17"), cidr("10.18.128.0/17"))).toBe(false);
  });

  it("lays out a /16 as /19 private and /22 public subnets", () => {
    expect(planSubnets(cidr("10.16.0.0/16"), 3)).toEqual({
      private: ["10.16.0.0/19", "10.16.32.0/19", "10.16.64.0/19"],
      public: ["10.16.224.0/22", "10.16.228.0/22", "10.16.232.0/22"],
    });
  });

  it("gives every zone subnets inside the VPC that never overlap each other, for any VPC size and zone count", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 16, max: 20 }),
        fc.integer({ min: 1, max: 6 }),
        (second, prefix, zones) => {
          const vpcBase = 10 * 2 ** 24 + second * 2 ** 16;
          const vpc = cidr(formatCidr(vpcBase - (vpcBase % 2 ** (32 - prefix)), prefix));
          const layout = planSubnets(vpc, zones);
          const subnets = [...layout.private, ...layout.public].map(cidr);
          expect(subnets).toHaveLength(2 * zones);
          subnets.forEach((subnet, index) => {
            expect(cidrsOverlap(subnet, vpc) && subnet.prefix > vpc.prefix).toBe(true);
            subnets.slice(index + 1).forEach((other) => expect(cidrsOverlap(subnet, other)).toBe(false));
          });
        },
      ),
    );
  });
});
