/**
 * Test helpers: run a component (or a whole program) under the offline planner and query what it registered.
 * Components are tested through the same mock runtime and recording monitor that `cells plan` uses.
 */
import * as aws from "@pulumi/aws";
import type { JsonObject, JsonValue, PlanFile, PlannedResource } from "../../tools/lib/plan-file";
import { synthesizeStack } from "../../tools/plan/synthesize";

export interface SynthesizedStack {
  plan: PlanFile;
  /** Every resource of the given type token. */
  ofType(type: string): PlannedResource[];
  /** The single resource of that type (fails the test if there are none or several). */
  one(type: string): PlannedResource;
  /** The resource with that logical name. */
  named(name: string): PlannedResource;
  /** Children whose parent is the resource with that logical name. */
  childrenOf(name: string): PlannedResource[];
}

/**
 * Runs `build` in a fresh stack with an explicit AWS provider for `region`, the way the cell program does, and
 * returns the plan. `build` receives the provider so it can pass `{ providers: { aws: provider } }`.
 */
export async function synthesize(
  build: (provider: aws.Provider) => unknown,
  options: { stack?: string; region?: string; config?: Record<string, string> } = {},
): Promise<SynthesizedStack> {
  const region = options.region ?? "us-east-1";
  const plan = await synthesizeStack({
    project: "cellplane",
    stack: options.stack ?? "test",
    config: { "aws:region": region, ...options.config },
    program: async () => {
      const provider = new aws.Provider("test-aws", { region });
      const result = build(provider);
      return (await result) as Record<string, unknown> | undefined;
    },
  });
  return inspect(plan);
}

export function inspect(plan: PlanFile): SynthesizedStack {
  const byName = new Map(plan.resources.map((resource) => [resource.name, resource]));
  return {
    plan,
    ofType: (type) => plan.resources.filter((resource) => resource.type === type),
    one(type) {
      const found = plan.resources.filter((resource) => resource.type === type);
      if (found.length !== 1) {
        throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
      }
      return found[0];
    },
    named(name) {
      const found = byName.get(name);
      if (!found) {
        throw new Error(`no resource named ${name}; have ${[...byName.keys()].join(", ")}`);
      }
      return found;
    },
    childrenOf(name) {
      const parent = byName.get(name);
      return parent ? plan.resources.filter((resource) => resource.parent === parent.urn) : [];
    },
  };
}

/** Parses a JSON document input (IAM policies, redrive policies), which the program passes as a string. */
export function jsonInput(value: JsonValue | undefined): JsonObject {
  if (typeof value !== "string") {
    throw new Error(`expected a JSON string, got ${JSON.stringify(value)}`);
  }
  return JSON.parse(value) as JsonObject;
}
