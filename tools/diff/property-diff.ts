/**
 * A structural differ for property maps, with the semantics a Pulumi diff needs: secrets, assets and resource
 * references are compared as whole values (never walked into, so a secret's plaintext never becomes a path or a
 * value), arrays compare by index, and paths use Pulumi's own property-path syntax (`a.b[0]["x.y"]`) so they read
 * the same as the engine's `detailedDiff` keys.
 */
import type { PropertyChangeKind } from "./model";
import { compareStrings } from "./model";
import { isOpaqueValue, isPlainObject } from "./values";

export type PathSegment = string | number;

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
  return changes.sort((a, b) => compareStrings(a.path, b.path));
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
    const length = Math.max(before.length, after.length);
    for (let index = 0; index < length; index += 1) {
      walk(before[index], after[index], [...segments, index], out);
    }
    return;
  }
  if (!deepEqual(before, after)) {
    out.push({ path: formatPath(segments), segments, kind: "update", before, after });
  }
}

function isWalkableObject(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && !isOpaqueValue(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keysA = Object.keys(a);
    const keysB = Object.keys(b);
    return keysA.length === keysB.length && keysA.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `["tags", "Name"]` → `tags.Name`; `["ingress", 0]` → `ingress[0]`; odd keys are quoted: `tags["a.b"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let path = "";
  for (const segment of segments) {
    if (typeof segment === "number") {
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

function findClosingBracket(path: string, open: number): number {
  if (path[open + 1] === '"') {
    let index = open + 2;
    while (index < path.length && path[index] !== '"') {
      index += path[index] === "\\" ? 2 : 1;
    }
    const close = path.indexOf("]", index);
    return close === -1 ? path.length : close;
  }
  const close = path.indexOf("]", open);
  return close === -1 ? path.length : close;
}

function parseBracketed(inner: string): PathSegment {
  if (/^\d+$/.test(inner)) {
    return Number(inner);
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
    if (typeof segment === "number" && Array.isArray(current)) {
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
  return first === undefined ? path : String(first);
}
