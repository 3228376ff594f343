/**
 * Shared fixtures and assertions for the cell component tests: a test cell, the cell-tag check on every taggable
 * resource (taggability read from the pinned provider's own type definitions), child naming and parenting, and
 * argument-error checks.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { CellIdentity } from "../../components/common";
import type { JsonObject, JsonValue, PlannedResource } from "../../synth/plan-file";
import type { SynthesizedStack } from "../support/synth";

export const CELL: CellIdentity = { id: "use1-a", region: "us-east-1", owner: "payments-team", tags: { "cost-center": "4410" } };
export const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];
export const SUBNET_IDS = ["subnet-0a", "subnet-0b", "subnet-0c"];

export const EXPECTED_CELL_TAGS = {
  "cellplane:cell": "use1-a",
  "cellplane:region": "us-east-1",
  "cellplane:owner": "payments-team",
  "managed-by": "cellplane",
  "cost-center": "4410",
};

const taggableCache = new Map<string, boolean>();

/**
 * Whether a resource type takes `tags`, from its `<Resource>Args` interface in the installed SDK's `.d.ts`
 * (`aws:sqs/queuePolicy:QueuePolicy` → `@pulumi/aws/sqs/queuePolicy.d.ts`), so a new resource type is covered
 * without editing a list.
 */
export function isTaggable(type: string): boolean {
  const cached = taggableCache.get(type);
  if (cached !== undefined) {
    return cached;
  }
  const [pkg, module, className] = type.split(":");
  const [folder, file] = module!.includes("/") ? module!.split("/") : ["", module!];
  const path = require.resolve(`@pulumi/${pkg}/${folder === "index" || folder === "" ? "" : `${folder}/`}${file}.d.ts`);
  const source = readFileSync(path, "utf8");
  const argsBlock = new RegExp(`export interface ${className}Args \\{([\\s\\S]*?)\\n\\}`).exec(source)?.[1] ?? "";
  const taggable = /\n\s+tags\?:/.test(argsBlock);
  taggableCache.set(type, taggable);
  return taggable;
}

/** Every custom resource whose type is taggable carries the cell tags (and the cell's extra tags). */
export function expectCellTagsEverywhere(stack: SynthesizedStack): void {
  const taggable = stack.plan.resources.filter((resource) => !resource.component && !resource.type.startsWith("pulumi:") && isTaggable(resource.type));
  expect(taggable.length).toBeGreaterThan(0);
  for (const resource of taggable) {
    expect(resource.inputs.tags, `${resource.type} ${resource.name}`).toMatchObject(EXPECTED_CELL_TAGS);
  }
}

/**
 * The component `name` has exactly the children `${name}-<role>` for `roles` (in any order), each parented to it,
 * and every non-provider resource of the plan other than the stack and the component is one of them.
 */
export function expectChildren(stack: SynthesizedStack, name: string, roles: string[]): void {
  const component = stack.named(name);
  const children = stack.childrenOf(name);
  expect(children.map((child) => child.name).sort()).toEqual(roles.map((role) => `${name}-${role}`).sort());
  const stray = stack.plan.resources.filter((resource) =>
    resource.urn !== component.urn && !resource.type.startsWith("pulumi:") && resource.parent !== component.urn);
  expect(stray.map((resource) => resource.name)).toEqual([]);
}

/** `build` throws a ComponentArgsError whose message names every field in `fields`. */
export function expectArgsError(build: () => unknown, fields: string[]): void {
  let message = "";
  try {
    build();
  } catch (error) {
    expect((error as Error).name).toBe("ComponentArgsError");
    message = (error as Error).message;
  }
  expect(message, "expected the constructor to reject its arguments").not.toBe("");
  for (const field of fields) {
    expect(message).toContain(field);
  }
}

/** A nested input as an object (fails the test when it is not one). */
export function objectAt(value: JsonValue | undefined): JsonObject {
  expect(value !== null && typeof value === "object" && !Array.isArray(value), `expected an object, got ${JSON.stringify(value)}`).toBe(true);
  return value as JsonObject;
}

/** A nested input as an array (fails the test when it is not one). */
export function arrayAt(value: JsonValue | undefined): JsonValue[] {
  expect(Array.isArray(value), `expected an array, got ${JSON.stringify(value)}`).toBe(true);
  return value as JsonValue[];
}

export function urnsOf(resources: PlannedResource[]): string[] {
  return resources.map((resource) => resource.urn);
}
