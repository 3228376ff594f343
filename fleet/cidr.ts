/** IPv4 CIDR arithmetic for VPC planning: parsing, overlap checks and the subnet layout of a cell. */

export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
  text: string;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason string when the text is not a valid network CIDR. */
export function parseCidr(text: string): Ipv4Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) {
    return "is not an IPv4 CIDR block like 10.16.0.0/16";
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) {
    return "has an octet above 255 or a prefix above /32";
  }
  const base = octets.reduce((value, octet) => value * 256 + octet, 0);
  if (base % blockSize(prefix) !== 0) {
    return (
      `has host bits set: the network address for /${prefix} is ` +
      `${formatAddress(base - (base % blockSize(prefix)))}`
    );
  }
  return { base, prefix, text };
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

function formatAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}

export function formatCidr(base: number, prefix: number): string {
  return `${formatAddress(base)}/${prefix}`;
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.base + blockSize(a.prefix);
  const bEnd = b.base + blockSize(b.prefix);
  return a.base < bEnd && b.base < aEnd;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((text) => parseCidr(text) as Ipv4Cidr);

/** True when the block lies inside one of the RFC 1918 private ranges. */
export function isPrivateRange(cidr: Ipv4Cidr): boolean {
  return PRIVATE_RANGES.some((range) => cidr.prefix >= range.prefix && cidrsOverlap(range, cidr));
}

/** VPC sizes a cell may use: large enough for six zones of subnets, small enough to leave room for many cells. */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;
/** Most zones a cell's subnet layout has room for. */
export const MAX_ZONES = 6;

export interface SubnetLayout {
  /** One private (application and data) subnet per zone, in zone order. */
  private: string[];
  /** One public (load balancer and NAT) subnet per zone, in zone order. */
  public: string[];
}

/**
 * The fixed subnet layout of a cell VPC: the VPC is cut in eighths; eighths 0..5 are the private subnets of
 * zones 0..5 and the last eighth is cut in eight public subnets. A /16 gives /19 private and /22 public subnets.
 * The layout depends only on the position of the zone, so adding a zone never moves an existing subnet.
 */
export function planSubnets(vpc: Ipv4Cidr, zoneCount: number): SubnetLayout {
  if (zoneCount < 1 || zoneCount > MAX_ZONES) {
    throw new RangeError(`a cell has room for 1 to ${MAX_ZONES} zones, not ${zoneCount}`);
  }
  const privatePrefix = vpc.prefix + 3;
  const publicPrefix = vpc.prefix + 6;
  const eighth = blockSize(privatePrefix);
  const publicBase = vpc.base + 7 * eighth;
  const zones = Array.from({ length: zoneCount }, (_, index) => index);
  return {
    private: zones.map((index) => formatCidr(vpc.base + index * eighth, privatePrefix)),
    public: zones.map((index) => formatCidr(publicBase + index * blockSize(publicPrefix), publicPrefix)),
  };
}
