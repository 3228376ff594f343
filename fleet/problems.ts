/**
 * Fleet validation problems: each names the file, the field path, the value found and what is allowed, so a
 * platform engineer can fix a cell file without reading cellplane's code.
 */
import type { core } from "zod";

export interface FleetProblem {
  /** File the problem is in, relative to the working directory. */
  file: string;
  /** Dotted field path inside that file, e.g. `database.readReplicas` or `queues[1].name`; empty for the file. */
  path: string;
  /** What the file holds at that path, when there is one. */
  value?: unknown;
  /** What is wrong and what is allowed. */
  message: string;
}

/** Raised when the fleet files are invalid; carries every problem found, not only the first. */
export class FleetValidationError extends Error {
  constructor(readonly problems: FleetProblem[]) {
    super(formatProblems(problems));
    this.name = "FleetValidationError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    "",
  );
}

export function formatProblem(problem: FleetProblem): string {
  const where = problem.path ? `${problem.file}: ${problem.path}` : problem.file;
  const found = problem.value === undefined ? "" : ` (found ${JSON.stringify(problem.value)})`;
  return `${where}: ${problem.message}${found}`;
}

export function formatProblems(problems: FleetProblem[]): string {
  const noun = problems.length === 1 ? "problem" : "problems";
  return (
    `The fleet has ${problems.length} ${noun}; nothing was ` +
    `written:\n${problems.map((problem) => `  - ${formatProblem(problem)}`).join("\n")}`
  );
}

export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") {
      return undefined;
    }
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Turns one zod issue into problems (an unknown-keys issue becomes one problem per key, with a suggestion). */
export function problemsFromIssue(
  issue: core.$ZodIssue,
  file: string,
  input: unknown,
  schema: core.$ZodType,
  pathPrefix: readonly PropertyKey[] = [],
): FleetProblem[] {
  const path = [...pathPrefix, ...issue.path];
  if (issue.code === "unrecognized_keys") {
    const allowed = objectKeysAt(schema, issue.path);
    return issue.keys.map((key) => ({
      file,
      path: formatPath([...path, key]),
      message: `is not a known field${suggestion(key, allowed)}; remove it or fix its spelling`,
    }));
  }
  const value = valueAt(input, issue.path);
  return [{ file, path: formatPath(path), value, message: describeIssue(issue, value) }];
}

function describeIssue(issue: core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      return value === undefined ? `is required (a ${issue.expected})` : `must be a ${issue.expected}`;
    case "too_small":
      return issue.message.startsWith("Too small")
        ? `must be at least ${String(issue.minimum)}${unitOf(issue.origin)}`
        : issue.message;
    case "too_big":
      return issue.message.startsWith("Too big")
        ? `must be at most ${String(issue.maximum)}${unitOf(issue.origin)}`
        : issue.message;
    case "invalid_value":
      return `must be one of ${issue.values.map((allowed) => JSON.stringify(allowed)).join(", ")}`;
    case "invalid_union":
      return "is not one of the allowed values";
    case "invalid_format":
      return issue.message.startsWith("Invalid") ? `must be a valid ${issue.format}` : issue.message;
    default:
      return issue.message;
  }
}

/** What a length limit counts: items of a list, characters of a string, nothing for a number. */
function unitOf(origin: string): string {
  return origin === "array" ? " items" : origin === "string" ? " characters" : "";
}

/** The field names an object schema accepts at `path`, walking through optional, default and array wrappers. */
export function objectKeysAt(schema: core.$ZodType, path: readonly PropertyKey[]): string[] {
  const def = schema._zod.def as unknown as {
    type: string;
    shape?: Record<string, core.$ZodType>;
    innerType?: core.$ZodType;
    element?: core.$ZodType;
    in?: core.$ZodType;
  };
  const inner = def.innerType ?? def.in;
  if (inner) {
    return objectKeysAt(inner, path);
  }
  if (def.type === "array" && def.element) {
    return objectKeysAt(def.element, typeof path[0] === "number" ? path.slice(1) : path);
  }
  if (def.type === "object" && def.shape) {
    if (path.length === 0) {
      return Object.keys(def.shape);
    }
    const child = def.shape[String(path[0])];
    return child ? objectKeysAt(child, path.slice(1)) : [];
  }
  return [];
}

export function suggestion(key: string, allowed: string[]): string {
  const best = allowed
    .map((candidate) => ({ candidate, distance: editDistance(key.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= Math.max(2, Math.floor(key.length / 3)))
    .sort((a, b) => a.distance - b.distance)[0];
  return best ? ` (did you mean "${best.candidate}"?)` : allowed.length > 0 ? ` (allowed: ${allowed.join(", ")})` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
