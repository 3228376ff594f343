/**
 * Fixtures and checks every component test shares: a test cell, children named `${name}-<role>` under the
 * component, cell tags on every taggable resource (taggability read from the providers' own type definitions), IAM
 * documents parsed into statements, nested inputs read safely, and argument errors that name their field. Running a
 * component and looking resources up is `../support/synth`; everything here builds on it.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { CellIdentity } from "../../components/lib/tags";
import type { JsonObject, JsonValue, PlannedResource } from "../../tools/lib/plan-file";
import * as aws from "@pulumi/aws";
import type { RecordedResource } from "../../tools/plan/recording-monitor";
import { recordStack } from "../../tools/plan/synthesize";
import { inspect, jsonInput, synthesize, type SynthesizedStack } from "../support/synth";

export const CELL: CellIdentity = {
  id: "use1-a",
  region: "us-east-1",
  owner: "payments-team",
  tags: { "cost-center": "4410" },
};
export const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ZONES = ["us-east-1a", "us-east-1b", "us-east-1c"];
export const SUBNET_IDS = ["subnet-0a", "subnet-0b", "subnet-0c"];

export const EXPECTED_CELL_TAGS = {
  ...CELL.tags,
  "cellplane:cell": CELL.id,
  "cellplane:region": CELL.region,
  "cellplane:owner": CELL.owner,
  "managed-by": "cellplane",
};

// ---- what the engine received ------------------------------------------------------------------------------------

/** A synthesized stack with the engine's view: each registration request as sent, and what each resource registered. */
export interface RecordedStack extends SynthesizedStack {
  /** The registration request of the resource with that logical name (aliases included). */
  registration(name: string): RecordedResource;
  /** Every registration request, in the order the engine received them. */
  registrations: readonly RecordedResource[];
  /** The outputs the resource with that logical name registered (`registerOutputs`), as the plan serializes values. */
  registeredOutputs(name: string): JsonObject;
}

/**
 * {@link synthesize}, keeping the engine's view of the run. `aliasSpecs: false` plays an engine without structured
 * aliases, to which the SDK sends every child the former URNs it inherits from its parent.
 */
export async function synthesizeRecorded(
  build: (provider: aws.Provider) => unknown,
  options: { aliasSpecs?: boolean } = {},
): Promise<RecordedStack> {
  const { plan, monitor } = await recordStack({
    project: "cellplane",
    stack: "test",
    config: { "aws:region": CELL.region },
    aliasSpecs: options.aliasSpecs,
    program: async () =>
      (await build(new aws.Provider("test-aws", { region: CELL.region }))) as Record<string, unknown> | undefined,
  });
  const stack = inspect(plan);
  return {
    ...stack,
    registrations: monitor.registrations,
    registration(name) {
      const found = monitor.registrations.find((resource) => resource.name === name);
      if (!found) {
        throw new Error(`no registration named ${name}`);
      }
      return found;
    },
    registeredOutputs: (name) => monitor.plannedOutputs(stack.named(name).urn),
  };
}

/**
 * The component `name` registered exactly its `outputs` object. The program returned that object as the stack's
 * outputs (plus the `extra` keys the test reads besides), so both went through the same serialization: a missing
 * `registerOutputs` (which leaves `{}`) or a different set fails. Returns the registered outputs, never empty.
 */
export function expectRegisteredOutputs(
  stack: RecordedStack,
  name: string,
  options: { extra?: string[] } = {},
): JsonObject {
  const extra = new Set(options.extra ?? []);
  const returned = Object.fromEntries(Object.entries(stack.plan.outputs).filter(([key]) => !extra.has(key)));
  expect(Object.keys(returned).length, "the program must return the component's outputs").toBeGreaterThan(0);
  const registered = stack.registeredOutputs(name);
  expect(registered, `${name} registers exactly its outputs object`).toEqual(returned);
  return registered;
}

// ---- resources of a plan ------------------------------------------------------------------------------------------

/** The cloud resources of the plan: no stack, no providers, no components. */
export function cloudResources(stack: SynthesizedStack): PlannedResource[] {
  return stack.plan.resources.filter((resource) => !resource.component && !resource.type.startsWith("pulumi:"));
}

/** The cloud resources whose type takes `tags`. */
export function taggableResources(stack: SynthesizedStack): PlannedResource[] {
  return cloudResources(stack).filter((resource) => isTaggable(resource.type));
}

export function dependsOn(resource: PlannedResource, target: PlannedResource): boolean {
  return resource.dependencies.includes(target.urn);
}

/**
 * Security group and rule descriptions use only the characters EC2 accepts, or the first real `pulumi up` fails.
 * CreateSecurityGroup: "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*"; rule descriptions (IpRange,
 * UserIdGroupPair): the same without "&". Up to 255 characters. Returns how many descriptions were checked.
 */
export function expectEc2AcceptedDescriptions(stack: SynthesizedStack): number {
  const groupDescription = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{0,255}$/;
  const ruleDescription = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=;{}!$*]{0,255}$/;
  let checked = 0;
  for (const resource of cloudResources(stack)) {
    const description = resource.inputs.description;
    if (typeof description !== "string") {
      continue;
    }
    if (resource.type === "aws:ec2/securityGroup:SecurityGroup") {
      expect(description, resource.name).toMatch(groupDescription);
      checked++;
    } else if (/^aws:(ec2|vpc)\/securityGroup(Ingress|Egress)?Rule:/.test(resource.type)) {
      expect(description, resource.name).toMatch(ruleDescription);
      checked++;
    }
  }
  return checked;
}

/**
 * Every resource below the component `name` (all but the stack, providers and the component itself) is named
 * `${name}-<role>` and has the component as its parent or an ancestor, so nested children are covered. With `roles`,
 * the component is flat: its direct children are exactly `${name}-<role>` for `roles` (in any order), and every
 * resource below it is one of them.
 */
export function expectChildren(stack: SynthesizedStack, name: string, roles?: string[]): void {
  const component = stack.named(name);
  const byUrn = new Map(stack.plan.resources.map((resource) => [resource.urn, resource]));
  const below = stack.plan.resources.filter(
    (resource) => resource.urn !== component.urn && !resource.type.startsWith("pulumi:"),
  );
  expect(below.length).toBeGreaterThan(0);
  const childName = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-[a-z0-9]`);
  for (const resource of below) {
    expect(resource.name, resource.urn).toMatch(childName);
    expect(ancestors(resource, byUrn), resource.urn).toContain(component.urn);
  }
  if (roles !== undefined) {
    expect(
      stack
        .childrenOf(name)
        .map((child) => child.name)
        .sort(),
    ).toEqual(roles.map((role) => `${name}-${role}`).sort());
    expect(below.filter((resource) => resource.parent !== component.urn).map((resource) => resource.name)).toEqual([]);
  }
}

function ancestors(resource: PlannedResource, byUrn: Map<string, PlannedResource>): string[] {
  const chain: string[] = [];
  for (let parent = resource.parent; parent; parent = byUrn.get(parent)?.parent) {
    chain.push(parent);
  }
  return chain;
}

// ---- tags ----------------------------------------------------------------------------------------------------------

const taggableByType = new Map<string, boolean>();

/**
 * Whether a resource type takes `tags`: its `<Resource>Args` interface in the installed SDK's `.d.ts` declares a
 * top-level `tags` (`aws:ec2/route:Route` → `@pulumi/aws/ec2/route.d.ts`,
 * `random:index/randomPassword:RandomPassword` → `@pulumi/random/randomPassword.d.ts`), so a new resource type is
 * covered without editing a list. An AWS type without definitions fails the test; a type of another package without
 * them (not installed, or laid out differently) counts as untaggable.
 */
export function isTaggable(type: string): boolean {
  let taggable = taggableByType.get(type);
  if (taggable === undefined) {
    taggable = readTaggable(type);
    taggableByType.set(type, taggable);
  }
  return taggable;
}

function readTaggable(type: string): boolean {
  const [pkg = "", module = "", className = ""] = type.split(":");
  const definitions = typeDefinitions(`@pulumi/${pkg}/${module.replace(/^index\//, "")}.d.ts`);
  const start = definitions?.indexOf(`export interface ${className}Args {`) ?? -1;
  if (definitions === undefined || start < 0) {
    if (pkg === "aws") {
      throw new Error(`no ${className}Args in the @pulumi/aws type definitions for ${type}`);
    }
    return false;
  }
  const argsBlock = definitions.slice(start, definitions.indexOf("\n}", start));
  return /\n {4}tags\?:/.test(argsBlock);
}

function typeDefinitions(path: string): string | undefined {
  let resolved: string;
  try {
    resolved = require.resolve(path);
  } catch {
    return undefined;
  }
  return readFileSync(resolved, "utf8");
}

/**
 * Every taggable resource carries the cell tags (and the cell's extra tags); returns how many were checked, at least
 * one. List-form tags (an Auto Scaling group's `{ key, value, propagateAtLaunch }`) must also propagate at launch.
 */
export function expectCellTagsEverywhere(stack: SynthesizedStack): number {
  const taggable = taggableResources(stack);
  expect(taggable.length).toBeGreaterThan(0);
  for (const resource of taggable) {
    const tags = resource.inputs.tags;
    if (Array.isArray(tags)) {
      expect(
        Object.fromEntries(tags.map((tag) => [field(tag, "key"), field(tag, "value")])),
        resource.urn,
      ).toMatchObject(EXPECTED_CELL_TAGS);
      expect(
        tags.every((tag) => field(tag, "propagateAtLaunch") === true),
        resource.urn,
      ).toBe(true);
    } else {
      expect(tags, resource.urn).toMatchObject(EXPECTED_CELL_TAGS);
    }
  }
  return taggable.length;
}

function field(value: JsonValue, key: string): JsonValue | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value[key] : undefined;
}

// ---- nested inputs and IAM documents -------------------------------------------------------------------------------

/** A scalar input as text (fails the test when it is an object, an array or missing). */
export function textOf(value: JsonValue | undefined): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  throw new Error(`expected a scalar input, got ${JSON.stringify(value)}`);
}

/** A nested input as an object (fails the test when it is not one). */
export function objectAt(value: JsonValue | undefined): JsonObject {
  expect(
    value !== null && typeof value === "object" && !Array.isArray(value),
    `expected an object, got ${JSON.stringify(value)}`,
  ).toBe(true);
  return value as JsonObject;
}

/** A nested input as an array (fails the test when it is not one). */
export function arrayAt(value: JsonValue | undefined): JsonValue[] {
  expect(Array.isArray(value), `expected an array, got ${JSON.stringify(value)}`).toBe(true);
  return value as JsonValue[];
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

// ---- argument errors -----------------------------------------------------------------------------------------------

/**
 * `build` (constructing a component outside any stack) throws a ComponentArgsError whose message names every field
 * in `fields`; returns the message. Components validate before they register, so nothing is left registered.
 */
export function expectArgsError(build: () => unknown, fields: string[]): string {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  return expectArgsErrorNaming(error, fields);
}

/**
 * The same with the component constructed inside a stack, with the stack's AWS provider. The error is caught inside
 * the program, so the stack itself completes and leaves no rejected promise behind.
 */
export async function expectArgsErrorInStack(
  build: Parameters<typeof synthesize>[0],
  fields: string[],
): Promise<string> {
  let error: unknown;
  await synthesize((provider) => {
    try {
      build(provider);
    } catch (caught) {
      error = caught;
    }
  });
  return expectArgsErrorNaming(error, fields);
}

function expectArgsErrorNaming(error: unknown, fields: string[]): string {
  expect(error, "the component accepted invalid arguments").toBeInstanceOf(Error);
  expect((error as Error).name).toBe("ComponentArgsError");
  const message = (error as Error).message;
  expect(message, "expected the constructor to reject its arguments").not.toBe("");
  for (const name of fields) {
    expect(message).toContain(name);
  }
  return message;
}
