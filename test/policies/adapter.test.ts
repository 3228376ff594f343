/**
 * How policies/lib/adapter.ts hands the definitions to `@pulumi/policy`: a policy that reads one resource type
 * carries the type marker `@pulumi/policy`'s own `validateResourceOfType` sets (policy.js: `__pulumiType`), which
 * its server reads to skip the policy before decoding properties: a resource of another type in `Analyze`, a stack
 * without the type in `AnalyzeStack` (server.js). The findings stay the same (test/policies/policies.test.ts).
 */
import { describe, expect, it } from "vitest";
import { toPulumiPolicy } from "../../policies/lib/adapter";
import { POLICIES } from "../../policies/registry";

const context = { policyNames: new Set(POLICIES.map((policy) => policy.name)) };

function typeMarker(validate: unknown): unknown {
  return typeof validate === "function" ? (validate as { __pulumiType?: unknown }).__pulumiType : undefined;
}

describe("the type marker @pulumi/policy skips on", () => {
  const resourcePolicies = POLICIES.filter((definition) => definition.scope !== "stack");

  it("is on both functions of every one-type policy, with its type", () => {
    const oneType = resourcePolicies.filter((definition) => definition.resourceTypes.length === 1);
    expect(oneType.length).toBeGreaterThan(10);
    for (const definition of oneType) {
      const policy = toPulumiPolicy(definition, context) as { validateResource?: unknown; validateStack?: unknown };
      expect(typeMarker(policy.validateResource), definition.name).toBe(definition.resourceTypes[0]);
      expect(typeMarker(policy.validateStack), definition.name).toBe(definition.resourceTypes[0]);
    }
  });

  it("is on no policy that reads several types, or the whole stack", () => {
    const others = POLICIES.filter((definition) => definition.scope === "stack" || definition.resourceTypes.length > 1);
    expect(others.length).toBeGreaterThan(10);
    for (const definition of others) {
      const policy = toPulumiPolicy(definition, context) as { validateResource?: unknown; validateStack?: unknown };
      expect(typeMarker(policy.validateResource), definition.name).toBeUndefined();
      expect(typeMarker(policy.validateStack), definition.name).toBeUndefined();
    }
  });
});
