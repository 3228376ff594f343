/**
 * Reusable argument rules and defaulting for cell components. Each rule returns an {@link ArgRule} whose problem
 * names the field and the fix, to be collected by `validateArgs`. Values that are still unresolved Pulumi outputs
 * cannot be checked at construction time and pass; everything known up front is checked.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ArgRule } from "./common";

/** `value` is a whole number in `[min, max]`. */
export function integerInRange(field: string, value: number, min: number, max: number): ArgRule {
  return {
    ok: Number.isInteger(value) && value >= min && value <= max,
    problem: `${field} is ${value}; it must be a whole number from ${min} to ${max}`,
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
export function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): ArgRule {
  return {
    ok: (allowed as readonly string[]).includes(value),
    problem: `${field} is "${value}"; it must be one of ${allowed.map((option) => `"${option}"`).join(", ")}`,
  };
}

/** `value` matches `pattern`; `shape` describes a valid value for the message. */
export function matches(field: string, value: string, pattern: RegExp, shape: string): ArgRule {
  return { ok: pattern.test(value), problem: `${field} "${value}" is invalid; it must be ${shape}` };
}

/** A required Pulumi input was given: not missing, and not an empty string when it is already known. */
export function requiredInput(field: string, value: pulumi.Input<string> | undefined, fix: string): ArgRule {
  const missing = value === undefined || value === null || (typeof value === "string" && value.trim() === "");
  return { ok: !missing, problem: `${field} is required: ${fix}` };
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * `keyArn` is given and, when already known, is a KMS key ARN. RDS, ElastiCache and CloudWatch Logs need the full
 * key ARN (not an alias or key id) for cross-service encryption, so the rule insists on it.
 */
export function kmsKeyArnRule(field: string, keyArn: pulumi.Input<string> | undefined): ArgRule[] {
  return [
    requiredInput(field, keyArn, "pass the cell's KMS key ARN (CellKey.keyArn)"),
    {
      ok: typeof keyArn !== "string" || keyArn.trim() === "" || KMS_KEY_ARN.test(keyArn),
      problem: `${field} "${String(keyArn)}" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)`,
    },
  ];
}

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
