/**
 * How a cellplane policy is written: its catalog entry (metadata an auditor reads) plus a pure check over plain
 * resource data. lib/adapter.ts turns each definition into a `@pulumi/policy` policy.
 */
import type { Control } from "./controls";
import type { Finding } from "./findings";
import type { PlainObject } from "./values";

export type PolicyGroup =
  "encryption" | "least-privilege" | "isolation" | "resilience" | "logging" | "edge" | "governance";
export type PolicySeverity = "low" | "medium" | "high" | "critical";
export type PolicyEnforcement = "advisory" | "mandatory";

export interface PolicyMetadata {
  /** Stable identifier; waivers, config and reports key on it. */
  name: string;
  description: string;
  group: PolicyGroup;
  severity: PolicySeverity;
  enforcementLevel: PolicyEnforcement;
  controls: readonly Control[];
  /**
   * Where each control is defined, so an auditor can check the id and title: the AWS, CIS, Kubernetes or NIST page
   * (absolute https URL, with the control's anchor where the page has one), or for cellplane's own controls their
   * definition in this repository (`docs/policies.md#cellplane-controls`). test/policies/catalog.test.ts checks
   * that every control is covered by one of these.
   */
  references: readonly string[];
  /** What to change, in the program or the fleet file, to comply. */
  remediation: string;
  /** Pulumi type tokens the policy reads. */
  resourceTypes: readonly string[];
}

export interface CheckedProvider {
  urn: string;
  type: string;
  name: string;
  props: PlainObject;
}

/** One resource as a policy sees it: plain properties, unknowns marked. */
export interface CheckedResource {
  urn: string;
  type: string;
  name: string;
  props: PlainObject;
  provider?: CheckedProvider;
  parent?: string;
  /** Pulumi's `protect` resource option, as the engine sends it (false when not set). */
  protect: boolean;
  dependencies: readonly string[];
  propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export interface CheckedStack {
  /** Stack name read from the URNs; undefined for an empty stack. */
  stack?: string;
  /** The cell the stack builds (`cell-<id>` stacks), undefined for other stacks. */
  cell?: string;
  /** The resources of the types the policy declared. */
  resources: readonly CheckedResource[];
}

export interface PackContext {
  /** Names of every policy in the pack (the waiver policy validates against them). */
  policyNames: ReadonlySet<string>;
}

export interface ResourcePolicyDefinition extends PolicyMetadata {
  scope: "resource";
  check(resource: CheckedResource): Finding[];
}

export interface StackPolicyDefinition extends PolicyMetadata {
  scope: "stack";
  check(stack: CheckedStack, context: PackContext): Finding[];
}

export type PolicyDefinition = ResourcePolicyDefinition | StackPolicyDefinition;
