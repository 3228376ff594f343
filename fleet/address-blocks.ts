/**
 * Address blocks for new cells: the next free VPC block, following the fleet's layout. Each region's cells take
 * consecutive blocks (us-east-1: 10.16.0.0/16, 10.17.0.0/16, …), so a new cell takes the first free block at or
 * after its region's lowest block; a region's first cell starts a new /12 after the highest block in use. Pure.
 */
import { cidrsOverlap, formatCidr, parseCidr, VPC_PREFIX_RANGE, type Ipv4Cidr } from "./cidr";

/** The block size of a new region: each region of the reference fleet has a /12 to itself (10.16/12, 10.32/12…). */
export const REGION_BLOCK_PREFIX = 12;
/** A new cell's VPC size when no cell to copy says otherwise. */
export const DEFAULT_VPC_PREFIX = 16;

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((text) => parseCidr(text) as Ipv4Cidr);

function parsed(blocks: readonly string[]): Ipv4Cidr[] {
  return blocks.map(parseCidr).filter((block): block is Ipv4Cidr => typeof block !== "string");
}

function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

function alignUp(value: number, prefix: number): number {
  return Math.ceil(value / size(prefix)) * size(prefix);
}

function alignDown(value: number, prefix: number): number {
  return Math.floor(value / size(prefix)) * size(prefix);
}

/**
 * The first `/prefix` block that overlaps none of `used`: from the region's lowest block upwards (or, for a region
 * without cells, from the next /12 after every block in use), wrapping round the private range; undefined when the
 * range is full.
 */
export function nextAddressBlock(options: {
  /** Every cell's `vpcCidr` (and blocks already proposed). */
  used: readonly string[];
  /** The `vpcCidr` of the region's cells. */
  region: readonly string[];
  prefix?: number;
}): string | undefined {
  const prefix = options.prefix ?? DEFAULT_VPC_PREFIX;
  if (prefix < VPC_PREFIX_RANGE.min || prefix > VPC_PREFIX_RANGE.max) {
    throw new RangeError(`a cell's block is a /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, not /${prefix}`);
  }
  const used = parsed(options.used);
  const own = parsed(options.region);
  const highestEnd = Math.max(0, ...used.map((block) => block.base + size(block.prefix)));
  const start =
    own.length > 0
      ? alignDown(Math.min(...own.map((block) => block.base)), prefix)
      : alignUp(highestEnd, REGION_BLOCK_PREFIX);
  const range =
    PRIVATE_RANGES.find((candidate) => cidrsOverlap(candidate, { base: start, prefix: 32, text: "" })) ??
    PRIVATE_RANGES[0];
  const rangeStart = range.base;
  const rangeEnd = range.base + size(range.prefix);
  const first = start >= rangeStart && start < rangeEnd ? start : rangeStart;
  const steps = size(range.prefix) / size(prefix);
  for (let step = 0; step < steps; step++) {
    const base = rangeStart + ((first - rangeStart + step * size(prefix)) % (rangeEnd - rangeStart));
    const candidate = { base, prefix, text: formatCidr(base, prefix) };
    if (!used.some((block) => cidrsOverlap(block, candidate))) {
      return candidate.text;
    }
  }
  return undefined;
}
