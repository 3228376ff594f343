/**
 * Checks every component test makes: children named `${name}-<role>` and parented under the component, cell tags
 * on every taggable resource, IAM documents parsed into statements, and argument errors that name their field.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { CellIdentity } from "../../components/common";
import type { JsonObject, JsonValue, PlannedResource } from "../../synth/plan-file";
import { jsonInput, synthesize, type SynthesizedStack } from "../support/synth";

export const CELL: CellIdentity = { id: "use1-a", region: "us-east-1", owner: "team-payments", tags: { "cost-center": "cc-42" } };
export const ACCOUNT = "123456789012";

export const EXPECTED_CELL_TAGS = {
  "cellplane:cell": CELL.id,
  "cellplane:region": CELL.region,
  "cellplane:owner": CELL.owner,
  "managed-by": "cellplane",
  "cost-center": "cc-42",
};

/** The cloud resources of the plan: no stack, no providers, no components. */
export function cloudResources(stack: SynthesizedStack): PlannedResource[] {
  return stack.plan.resources.filter((resource) => !resource.component && !resource.type.startsWith("pulumi:"));
}

/** Every resource below the component is named `${name}-<role>` and has the component as parent or ancestor. */
export function expectChildrenOf(stack: SynthesizedStack, componentName: string): void {
  const component = stack.named(componentName);
  const byUrn = new Map(stack.plan.resources.map((resource) => [resource.urn, resource]));
  const below = stack.plan.resources.filter((resource) => resource.urn !== component.urn && !resource.type.startsWith("pulumi:"));
  expect(below.length).toBeGreaterThan(0);
  for (const resource of below) {
    expect(resource.name, resource.urn).toMatch(new RegExp(`^${componentName}-[a-z0-9]`));
    expect(ancestors(resource, byUrn), resource.urn).toContain(component.urn);
  }
}

function ancestors(resource: PlannedResource, byUrn: Map<string, PlannedResource>): string[] {
  const chain: string[] = [];
  for (let parent = resource.parent; parent; parent = byUrn.get(parent)?.parent) {
    chain.push(parent);
  }
  return chain;
}

const taggableByType = new Map<string, boolean>();

/** True when the type's `Args` declare `tags`, read from the provider's own type definitions (`aws:ec2/route:Route` → `ec2/route.d.ts`). */
export function isTaggable(type: string): boolean {
  const cached = taggableByType.get(type);
  if (cached !== undefined) {
    return cached;
  }
  const [, module = "", className = ""] = type.split(":");
  const [folder = "", file = ""] = module.split("/");
  const definitions = readFileSync(join(__dirname, "../../node_modules/@pulumi/aws", folder, `${file}.d.ts`), "utf8");
  const argsBlock = definitions.slice(definitions.indexOf(`export interface ${className}Args {`));
  const taggable = /\n {4}tags\?:/.test(argsBlock.slice(0, argsBlock.indexOf("\n}")));
  taggableByType.set(type, taggable);
  return taggable;
}

/** Every taggable resource carries the cell tags (and the cell's extra tags); returns how many were checked. */
export function expectCellTagsEverywhere(stack: SynthesizedStack): number {
  const taggable = cloudResources(stack).filter((resource) => isTaggable(resource.type));
  for (const resource of taggable) {
    const tags = resource.inputs.tags;
    if (Array.isArray(tags)) {
      expect(Object.fromEntries(tags.map((tag) => [field(tag, "key"), field(tag, "value")])), resource.urn).toMatchObject(EXPECTED_CELL_TAGS);
      expect(tags.every((tag) => field(tag, "propagateAtLaunch") === true), resource.urn).toBe(true);
    } else {
      expect(tags, resource.urn).toMatchObject(EXPECTED_CELL_TAGS);
    }
  }
  return taggable.length;
}

function field(value: JsonValue, key: string): JsonValue | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
}

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: "*" | Record<string, string | string[]>;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | boolean | string[]>>;
}

/** The statements of a JSON policy input. */
export function statementsOf(value: JsonValue | undefined): Statement[] {
  const document = jsonInput(value);
  expect(document.Version).toBe("2012-10-17");
  return document.Statement as unknown as Statement[];
}

export function bySid(statements: Statement[], sid: string): Statement {
  const found = statements.find((statement) => statement.Sid === sid);
  if (!found) {
    throw new Error(`no statement ${sid}; have ${statements.map((statement) => statement.Sid).join(", ")}`);
  }
  return found;
}

export function listOf(value: string | string[] | boolean | undefined): (string | boolean)[] {
  return value === undefined ? [] : ([] as (string | boolean)[]).concat(value);
}

/**
 * Constructing the component in `build` throws a ComponentArgsError whose message names every field in `fields`.
 * The error is caught inside the program, so the stack itself completes and leaves no rejected promise behind.
 */
export async function expectArgsError(build: Parameters<typeof synthesize>[0], fields: string[]): Promise<string> {
  let error: unknown;
  await synthesize((provider) => {
    try {
      build(provider);
    } catch (caught) {
      error = caught;
    }
  });
  expect(error, "the component accepted invalid arguments").toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect((error as Error).name).toBe("ComponentArgsError");
  for (const name of fields) {
    expect(message).toContain(name);
  }
  return message;
}

/** An object input, failing the test when the value is not one. */
export function objectInput(value: JsonValue | undefined): JsonObject {
  expect(value !== null && typeof value === "object" && !Array.isArray(value), JSON.stringify(value)).toBe(true);
  return value as JsonObject;
}
