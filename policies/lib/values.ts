/**
 * Resource properties as plain data. `@pulumi/policy` hands policies a proxy that throws on the first unknown
 * value it meets, which would abort a whole policy at the first computed field. Policies here read a plain copy
 * instead, in which every unknown is the {@link UNKNOWN} marker, so each rule decides for itself what it can
 * still check during a preview.
 */

/** Stands in for a value the engine only learns during the update (an output of a resource not yet created). */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;

export type Plain = null | boolean | number | string | Unknown | readonly Plain[] | PlainObject;
export interface PlainObject {
  readonly [key: string]: Plain;
}

/**
 * The engine's unknown sentinels, one per expected type (see `@pulumi/policy` proxy.js and the engine's
 * `plugin.MarshalPropertyValue`). A preview sends them in place of values that are not computed yet.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

export function isPlainObject(value: Plain | undefined): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isPlainArray(value: Plain | undefined): value is readonly Plain[] {
  return Array.isArray(value);
}

/**
 * Copies a value received from `@pulumi/policy` into plain data. Reads go through property descriptors, which
 * the policy proxy does not trap, so unknown sentinels come back as values rather than thrown errors.
 */
export function toPlain(value: unknown): Plain {
  if (value === null || value === undefined) {
    return null;
  }
  if (typeof value === "string") {
    return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  }
  if (typeof value === "boolean" || typeof value === "number") {
    return value;
  }
  if (Array.isArray(value)) {
    return Array.from({ length: value.length }, (_, index) => toPlain(rawProperty(value, String(index))));
  }
  if (typeof value === "object" && isDataObject(value)) {
    return toPlainObject(value);
  }
  // Assets, archives and other runtime objects carry nothing the policies read.
  return null;
}

export function toPlainObject(value: object): PlainObject {
  const copy: Record<string, Plain> = {};
  for (const key of Object.keys(value)) {
    const field = rawProperty(value, key);
    if (field !== undefined) {
      copy[key] = toPlain(field);
    }
  }
  return copy;
}

function rawProperty(target: object, key: string): unknown {
  return Object.getOwnPropertyDescriptor(target, key)?.value;
}

function isDataObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The value at `path` under `root`: `undefined` when absent, {@link UNKNOWN} when any step is unknown. */
export function at(root: Plain | undefined, ...path: (string | number)[]): Plain | undefined {
  let current: Plain | undefined = root;
  for (const step of path) {
    if (isUnknown(current)) {
      return UNKNOWN;
    }
    if (typeof step === "number" ? !isPlainArray(current) : !isPlainObject(current)) {
      return undefined;
    }
    current = (current as Record<string | number, Plain | undefined>)[step];
  }
  return current;
}

/** A list value as an array: a single value becomes a list of one, absent becomes empty. */
export function listOf(value: Plain | undefined): readonly Plain[] | Unknown {
  if (isUnknown(value)) {
    return UNKNOWN;
  }
  if (value === undefined || value === null) {
    return [];
  }
  return isPlainArray(value) ? value : [value];
}

export function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** True for `true` and for the string `"true"` (launch templates carry some flags as strings). */
export function isTrueFlag(value: Plain | undefined): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

/** A string value that holds something (an empty string counts as absent, as AWS treats it). */
export function isNonEmptyString(value: Plain | undefined): value is string {
  return typeof value === "string" && value.trim().length > 0;
}

/** Parses a JSON string into plain data; objects pass through. Provider inputs and IAM documents come either way. */
export function objectOrJson(value: Plain | undefined): { value: Plain | undefined } | { error: string } {
  if (typeof value !== "string") {
    return { value };
  }
  try {
    return { value: toPlain(JSON.parse(value) as unknown) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A value as a message shows it: strings as they are, other values as JSON, unknowns as `(unknown)`. */
export function shown(value: Plain | undefined): string {
  if (isUnknown(value)) {
    return "(unknown)";
  }
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}
