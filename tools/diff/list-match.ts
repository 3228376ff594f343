/**
 * Pairs the items of two versions of a list before they are compared, so that removing one item reports one
 * removal instead of shifting every later item.
 *
 * - Items with identity (every item on both sides is an object with a unique `key`, `Sid`, `name`, … field) pair
 *   by that field, and their path names it: `resourceKeyValuePairs[key="tenant:acme"]`.
 * - Other lists pair equal items first (an unchanged rule stays unchanged wherever it moved); the items left
 *   over pair in order, at their new index (removed ones keep their old index).
 */
import { isPlainObject } from "../../fleet/plain-object";
import { isOpaqueValue } from "./values";

/** A list item named by the value of its identity field. */
export interface KeySegment {
  field: string;
  value: string | number;
}

export interface ListPair {
  segment: number | KeySegment;
  before?: unknown;
  after?: unknown;
}

/**
 * Fields that name a list item, most specific first: key-value pairs and tags (`key`, `Key`), policy statements
 * (`Sid`), rules and named blocks (`name`, `ruleNumber`, `priority`), anything else with an `id`.
 */
export const IDENTITY_FIELDS = ["key", "Key", "Sid", "name", "Name", "ruleNumber", "priority", "id", "Id"] as const;

export function matchLists(before: readonly unknown[], after: readonly unknown[]): ListPair[] {
  const field = identityField(before, after);
  return field === undefined ? matchByValue(before, after) : matchByKey(before, after, field);
}

/** The first identity field every item of both lists has (a string or number), unique within each list. */
export function identityField(before: readonly unknown[], after: readonly unknown[]): string | undefined {
  if (before.length + after.length === 0) {
    return undefined;
  }
  return IDENTITY_FIELDS.find((field) => uniquelyKeyed(before, field) && uniquelyKeyed(after, field));
}

function uniquelyKeyed(items: readonly unknown[], field: string): boolean {
  const seen = new Set<unknown>();
  for (const item of items) {
    if (!isPlainObject(item) || isOpaqueValue(item)) {
      return false;
    }
    const value = item[field];
    if ((typeof value !== "string" && typeof value !== "number") || seen.has(value)) {
      return false;
    }
    seen.add(value);
  }
  return true;
}

function keyOf(item: unknown, field: string): string | number {
  return (item as Record<string, string | number>)[field];
}

function matchByKey(before: readonly unknown[], after: readonly unknown[], field: string): ListPair[] {
  const afterByKey = new Map(after.map((item) => [keyOf(item, field), item]));
  const pairs: ListPair[] = before.map((item) => {
    const value = keyOf(item, field);
    const pair: ListPair = { segment: { field, value }, before: item, after: afterByKey.get(value) };
    afterByKey.delete(value);
    return pair;
  });
  for (const [value, item] of afterByKey) {
    pairs.push({ segment: { field, value }, after: item });
  }
  return pairs;
}

function matchByValue(before: readonly unknown[], after: readonly unknown[]): ListPair[] {
  const afterByValue = new Map<string, number[]>();
  after.forEach((item, index) => {
    const text = canonical(item);
    afterByValue.set(text, [...(afterByValue.get(text) ?? []), index]);
  });
  const matchedAfter = new Set<number>();
  const leftBefore: number[] = [];
  before.forEach((item, index) => {
    const equal = afterByValue.get(canonical(item))?.find((candidate) => !matchedAfter.has(candidate));
    if (equal === undefined) {
      leftBefore.push(index);
    } else {
      matchedAfter.add(equal);
    }
  });
  const leftAfter = after.map((_, index) => index).filter((index) => !matchedAfter.has(index));
  const pairs: ListPair[] = [];
  leftBefore.forEach((beforeIndex, order) => {
    const afterIndex = leftAfter[order];
    pairs.push(
      afterIndex === undefined
        ? { segment: beforeIndex, before: before[beforeIndex] }
        : { segment: afterIndex, before: before[beforeIndex], after: after[afterIndex] },
    );
  });
  for (const afterIndex of leftAfter.slice(leftBefore.length)) {
    pairs.push({ segment: afterIndex, after: after[afterIndex] });
  }
  return pairs;
}

/** The same text for structurally equal values (object keys sorted), so equal items meet in a map. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(",")}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}
