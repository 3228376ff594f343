/**
 * How components validate their arguments, in one place: every component builds a list of {@link ArgRule}s and
 * calls {@link validateArgs} as the first statement of its constructor (before `super()`, so a refused component
 * registers nothing), which reports every failed rule at once. Limits on values a fleet file can set come from
 * `fleet/limits.ts`, the definitions the fleet loader checks too; a component's own limits stay in the component.
 * Values that are still unresolved Pulumi outputs cannot be checked at construction time and pass.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  CELL_ID_PATTERN,
  inRange,
  isTeamName,
  isZoneOf,
  REGION_PATTERN,
  ZONE_COUNT,
  type IntegerRange,
  type StringShape,
} from "../../fleet/limits";
import type { EncryptedCellArgs, PrivateSubnetArgs } from "./cell-args";
import type { CellIdentity } from "./tags";

/** One argument rule: when `ok` is false, `problem` says which field is wrong and how to fix it. */
export interface ArgRule {
  ok: boolean;
  problem: string;
}

/** A component was given arguments it cannot build safely. Names the component, the field and the fix. */
export class ComponentArgsError extends Error {
  constructor(component: string, name: string, problems: string[]) {
    const listed = problems.map((problem) => `  - ${problem}`).join("\n");
    super(`${component} "${name}" has invalid arguments:\n${listed}`);
    this.name = "ComponentArgsError";
  }
}

/** Throws a {@link ComponentArgsError} listing every failed rule, so all problems are reported at once. */
export function validateArgs(component: string, name: string, rules: ArgRule[]): void {
  const problems = rules.filter((rule) => !rule.ok).map((rule) => rule.problem);
  if (problems.length > 0) {
    throw new ComponentArgsError(component, name, problems);
  }
}

// ---- generic rules -------------------------------------------------------------------------------------------------

/** `value` is a whole number in `range` (a limit of fleet/limits.ts, or the component's own). */
export function integerInRange(field: string, value: number, range: IntegerRange): ArgRule {
  return {
    ok: inRange(range, value),
    problem: `${field} is ${value}; it must be a whole number from ${range.min} to ${range.max}`,
  };
}

/** `value` is a finite number in `[min, max]` (fractions allowed). */
export function numberInRange(field: string, value: number, min: number, max: number): ArgRule {
  return {
    ok: Number.isFinite(value) && value >= min && value <= max,
    problem: `${field} is ${value}; it must be a number from ${min} to ${max}`,
  };
}

/** `value` is one of `allowed`. */
export function oneOf<T extends string | number>(field: string, value: T, allowed: readonly T[]): ArgRule {
  return {
    ok: allowed.includes(value),
    problem:
      `${field} is ${JSON.stringify(value)}; it must be one of ` +
      `${allowed.map((option) => JSON.stringify(option)).join(", ")}`,
  };
}

/** `value` has `shape` (a shape of fleet/limits.ts, or the component's own). */
export function matches(field: string, value: string, shape: StringShape): ArgRule {
  return { ok: shape.pattern.test(value), problem: `${field} "${value}" is invalid; it must be ${shape.shape}` };
}

/** A required Pulumi input was given: not missing, and not an empty string when it is already known. */
export function requiredInput(field: string, value: pulumi.Input<string> | undefined, fix: string): ArgRule {
  const missing = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  return { ok: !missing, problem: `${field} is required: ${fix}` };
}

/** Checks `value` against `shape` only when it is already a plain string; outputs are checked by AWS later. */
export function knownStringRule(field: string, value: pulumi.Input<string> | undefined, shape: StringShape): ArgRule[] {
  return typeof value === "string" && value !== "" ? [matches(field, value, shape)] : [];
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * `keyArn` is given and, when already known, is a KMS key ARN. RDS, ElastiCache and CloudWatch Logs need the full
 * key ARN (not an alias or key id) for cross-service encryption, so the rule insists on it.
 */
export function kmsKeyArnRule(field: string, keyArn: pulumi.Input<string> | undefined): ArgRule[] {
  return [
    requiredInput(field, keyArn, "pass the cell's KMS key ARN (CellKey.outputs.keyArn)"),
    {
      ok: typeof keyArn !== "string" || keyArn.trim() === "" || KMS_KEY_ARN.test(keyArn),
      problem:
        `${field} "${typeof keyArn === "string" ? keyArn : ""}" is not a KMS key ARN ` +
        `(arn:aws:kms:<region>:<account>:key/<id>)`,
    },
  ];
}

// ---- defaults ------------------------------------------------------------------------------------------------------

/** `T` with the keys `K` required and never undefined. */
export type WithDefaults<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> };

/**
 * `args` with every field of `defaults` that the caller left undefined filled in. Each component keeps its
 * defaults in one table, used both to build resources and to validate what will actually be built.
 */
export function withDefaults<T extends object, K extends keyof T>(
  args: T,
  defaults: { [P in K]-?: Exclude<T[P], undefined> },
): WithDefaults<T, K> {
  const resolved: Record<string, unknown> = { ...(args as object) };
  for (const [key, value] of Object.entries(defaults)) {
    if (resolved[key] === undefined) {
      resolved[key] = value;
    }
  }
  return resolved as WithDefaults<T, K>;
}

// ---- rules on the cell arguments components share ------------------------------------------------------------------

/** Rules every component applies to its `cell` argument. */
export function cellIdentityRules(cell: CellIdentity | undefined): ArgRule[] {
  return [
    { ok: cell !== undefined, problem: "cell is required: pass the cell's id, region and owner" },
    {
      ok: cell === undefined || CELL_ID_PATTERN.test(cell.id),
      problem: `cell.id "${cell?.id}" must be lower-case letters, digits and dashes, e.g. "use1-a"`,
    },
    {
      ok: cell === undefined || REGION_PATTERN.test(cell.region),
      problem: `cell.region "${cell?.region}" is not an AWS region name, e.g. "us-east-1"`,
    },
    { ok: cell === undefined || isTeamName(cell.owner), problem: "cell.owner must name the owning team" },
  ];
}

export function encryptedCellRules(args: Partial<EncryptedCellArgs>): ArgRule[] {
  return [...cellIdentityRules(args.cell), ...kmsKeyArnRule("keyArn", args.keyArn)];
}

export function privateSubnetRules(args: Partial<PrivateSubnetArgs>, region: string | undefined): ArgRule[] {
  const subnetIds = args.subnetIds ?? [];
  const zones = args.zones ?? [];
  return [
    {
      ok: subnetIds.length >= ZONE_COUNT.min,
      problem:
        `subnetIds has ${subnetIds.length} subnet(s); ` +
        `pass the cell's private subnets, at least ${ZONE_COUNT.min} in different zones`,
    },
    {
      ok: zones.length >= ZONE_COUNT.min,
      problem: `zones has ${zones.length} zone(s); pass at least ${ZONE_COUNT.min} so a zone outage leaves a replica`,
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
    problem:
      `name "${name}" prefixes snapshot identifiers: use at most 50 lower-case letters, digits and single ` +
      "dashes, starting with a letter",
  };
}
