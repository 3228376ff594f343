/**
 * A structural differ for property maps, with the semantics a Pulumi diff needs: secrets, assets and resource
 * references are compared as whole values (never walked into, so a secret's plaintext never becomes a path or a
 * value), and paths use Pulumi's own property-path syntax (`a.b[0]["x.y"]`) so they read the same as the engine's
 * `detailedDiff` keys. Lists whose items have identity (key-value pairs, tags, rules, policy statements) compare by
 * that identity, never by position: see list-match.ts. JSON documents held in strings (IAM policies) are walked.
 */
import type { PropertyChangeKind } from "./model";
import { compareStrings } from "./model";
import { deepEqual } from "./deep-equal";
import { matchLists, type KeySegment } from "./list-match";
import { isPlainObject } from "../../fleet/plain-object";
import { isOpaqueValue } from "./values";

export type { KeySegment } from "./list-match";
/** A map key, a list index, or a list item named by its identity (`[key="tenant:acme"]`). */
export type PathSegment = string | number | KeySegment;

export interface RawPropertyChange {
  path: string;
  segments: PathSegment[];
  kind: PropertyChangeKind;
  before?: unknown;
  after?: unknown;
}

/** Every leaf-level difference between two property maps, sorted by path. Keys starting `__` are bookkeeping. */
export function diffProperties(before: unknown, after: unknown): RawPropertyChange[] {
  const changes: RawPropertyChange[] = [];
  walk(before, after, [], changes);
  return changes.sort((a, b) => comparePaths(a.segments, b.segments));
}

/** Orders paths segment by segment: indices as numbers (`[25]` before `[110]`), names and keys as text. */
export function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) {
    const order = compareSegments(a[index], b[index]);
    if (order !== 0) {
      return order;
    }
  }
  return a.length - b.length;
}

function compareSegments(a: PathSegment, b: PathSegment): number {
  if (typeof a === "number" && typeof b === "number") {
    return a - b;
  }
  return compareStrings(segmentText(a), segmentText(b));
}

function segmentText(segment: PathSegment): string {
  return typeof segment === "object" ? `${segment.field}=${String(segment.value)}` : String(segment);
}

function walk(before: unknown, after: unknown, segments: PathSegment[], out: RawPropertyChange[]): void {
  if (before === undefined && after === undefined) {
    return;
  }
  if (before === undefined) {
    out.push({ path: formatPath(segments), segments, kind: "add", after });
    return;
  }
  if (after === undefined) {
    out.push({ path: formatPath(segments), segments, kind: "delete", before });
    return;
  }
  if (isWalkableObject(before) && isWalkableObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      if (!key.startsWith("__")) {
        walk(before[key], after[key], [...segments, key], out);
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (const pair of matchLists(before, after)) {
      walk(pair.before, pair.after, [...segments, pair.segment], out);
    }
    return;
  }
  const beforeDocument = jsonDocument(before);
  const afterDocument = jsonDocument(after);
  if (beforeDocument !== undefined && afterDocument !== undefined) {
    walk(beforeDocument, afterDocument, segments, out);
    return;
  }
  if (!deepEqual(before, after)) {
    out.push({ path: formatPath(segments), segments, kind: "update", before, after });
  }
}

/** A string holding a JSON object or list (an IAM policy, a redrive policy), parsed; otherwise undefined. */
export function jsonDocument(value: unknown): unknown {
  if (typeof value !== "string" || !/^\s*[[{]/.test(value)) {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isWalkableObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !isOpaqueValue(value);
}

export { deepEqual };

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * `["tags", "Name"]` → `tags.Name`; `["ingress", 0]` → `ingress[0]`; odd keys are quoted: `tags["a.b"]`; a list
 * item named by identity: `resourceKeyValuePairs[key="tenant:acme"].value`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "object") {
      path += `[${segment.field}=${JSON.stringify(segment.value)}]`;
    } else if (typeof segment === "number") {
      path += `[${segment}]`;
    } else if (SIMPLE_KEY.test(segment)) {
      path += path === "" ? segment : `.${segment}`;
    } else {
      path += `[${JSON.stringify(segment)}]`;
    }
  }
  return path;
}

/** Parses Pulumi's property-path syntax (as in `detailedDiff` keys) back into segments. */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let index = 0;
  while (index < path.length) {
    const char = path[index];
    if (char === ".") {
      index += 1;
    } else if (char === "[") {
      const close = findClosingBracket(path, index);
      const inner = path.slice(index + 1, close);
      segments.push(parseBracketed(inner));
      index = close + 1;
    } else {
      let end = index;
      while (end < path.length && path[end] !== "." && path[end] !== "[") {
        end += 1;
      }
      segments.push(path.slice(index, end));
      index = end;
    }
  }
  return segments;
}

/** The `]` closing the bracket at `open`; a quoted string inside (`["a]b"]`, `[key="x]"]`) is skipped whole. */
function findClosingBracket(path: string, open: number): number {
  let index = open + 1;
  while (index < path.length && path[index] !== "]") {
    if (path[index] === '"') {
      index += 1;
      while (index < path.length && path[index] !== '"') {
        index += path[index] === "\\" ? 2 : 1;
      }
    }
    index += 1;
  }
  return Math.min(index, path.length);
}

const KEY_SEGMENT = /^([A-Za-z_$][A-Za-z0-9_$]*)=(.+)$/s;

function parseBracketed(inner: string): PathSegment {
  if (/^\d+$/.test(inner)) {
    return Number(inner);
  }
  const keyed = KEY_SEGMENT.exec(inner);
  if (keyed !== null) {
    const value: unknown = JSON.parse(keyed[2]);
    return { field: keyed[1], value: typeof value === "number" ? value : String(value) };
  }
  if (inner.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(inner);
      return typeof parsed === "string" ? parsed : inner;
    } catch {
      return inner.slice(1, -1);
    }
  }
  return inner;
}

/** The value at `segments` inside `root`, or `undefined`; never walks into a secret or asset. */
export function valueAtPath(root: unknown, segments: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    if (isOpaqueValue(current)) {
      return current;
    }
    current = jsonDocument(current) ?? current;
    if (typeof segment === "object" && Array.isArray(current)) {
      current = current.find((item) => isPlainObject(item) && item[segment.field] === segment.value);
    } else if (typeof segment === "number" && Array.isArray(current)) {
      current = current[segment];
    } else if (typeof segment === "string" && isPlainObject(current)) {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** The top-level property a path starts with (`tags.Name` → `tags`). */
export function topLevelKey(path: string): string {
  const first = parsePath(path)[0];
  return first === undefined || typeof first === "object" ? path : String(first);
}
