/**
 * Arguments the cell's data components share (who the cell is, its KMS key, its private subnets and zones), the
 * rules that check them, and how nodes are spread over the zones.
 */
import type * as pulumi from "@pulumi/pulumi";
import { CELL_ID_PATTERN, cellIdentityRules, type ArgRule, type CellIdentity } from "./common";
import { kmsKeyArnRule, requiredInput } from "./arg-rules";

/** Arguments of every component that stores cell data: the cell and the key its data is encrypted with. */
export interface EncryptedCellArgs {
  /** The cell this component belongs to: prefixes physical names and sets the cell tags. */
  cell: CellIdentity;
  /** ARN of the cell's customer-managed KMS key (`CellKey.keyArn`). Every store of data is encrypted with it. */
  keyArn: pulumi.Input<string>;
}

/** Arguments of components that run nodes inside the cell's private network. */
export interface PrivateSubnetArgs {
  /** Ids of the cell's private subnets (`CellNetwork.privateSubnetIds`), at least two, one per zone. */
  subnetIds: pulumi.Input<string>[];
  /**
   * The cell's availability zones, e.g. `["us-east-1a", "us-east-1b", "us-east-1c"]` (at least two, in the cell's
   * region). Nodes are spread over them round-robin in this order, so the first zone gets the primary.
   */
  zones: string[];
}

export const MIN_ZONES = 2;

export function encryptedCellRules(args: Partial<EncryptedCellArgs>): ArgRule[] {
  return [...cellIdentityRules(args.cell), ...kmsKeyArnRule("keyArn", args.keyArn)];
}

export function privateSubnetRules(args: Partial<PrivateSubnetArgs>, region: string | undefined): ArgRule[] {
  const subnetIds = args.subnetIds ?? [];
  const zones = args.zones ?? [];
  return [
    {
      ok: subnetIds.length >= MIN_ZONES,
      problem: `subnetIds has ${subnetIds.length} subnet(s); pass the cell's private subnets, at least ${MIN_ZONES} in different zones`,
    },
    {
      ok: zones.length >= MIN_ZONES,
      problem: `zones has ${zones.length} zone(s); pass at least ${MIN_ZONES} so a zone outage leaves a replica`,
    },
    ...zoneNameRules(zones, region),
  ];
}

/**
 * The rules on the names in a `zones` argument: each zone listed once, and each a zone name of the cell's region
 * (checked once the region is known; a missing cell is reported by the cell rules). How many zones a component
 * needs is its own rule.
 */
export function zoneNameRules(zones: readonly string[], region: string | undefined): ArgRule[] {
  const foreignZones = region === undefined ? [] : zones.filter((zone) => !isZoneOf(zone, region));
  return [
    {
      ok: new Set(zones).size === zones.length,
      problem: `zones [${zones.join(", ")}] repeats a zone; list each zone once`,
    },
    {
      ok: foreignZones.length === 0,
      problem: `zones ${foreignZones.join(", ")} are not in the cell's region ${region}; use zones like "${region}a"`,
    },
  ];
}

/** The security group rule: data nodes only ever get the group `CellFirewall` made for them. */
export function securityGroupRule(field: string, value: pulumi.Input<string> | undefined, owner: string): ArgRule {
  return requiredInput(field, value, `pass the ${owner} security group id from CellFirewall`);
}

/**
 * The component name prefixes physical identifiers that RDS and ElastiCache restrict (final snapshot names: a
 * letter first, then lower-case letters, digits and single dashes), so it must have that shape too.
 */
export function identifierPrefixRule(name: string): ArgRule {
  return {
    ok: CELL_ID_PATTERN.test(name) && name.length <= 50,
    problem: `name "${name}" prefixes snapshot identifiers: use at most 50 lower-case letters, digits and single dashes, starting with a letter`,
  };
}

/** `count` zones taken round-robin from `zones`: node `i` goes to `zones[i % zones.length]`. */
export function spreadOverZones(zones: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => zones[index % zones.length]);
}

/** `us-east-1a` is a zone of `us-east-1`. Zone ids (`use1-az1`) are not accepted: RDS and ElastiCache want names. */
function isZoneOf(zone: string, region: string): boolean {
  return zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length));
}
