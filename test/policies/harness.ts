/**
 * Shared by the policy tests: builders for cell resources and stacks, a pack started the way the CLI starts it,
 * and a compact view of diagnostics (policy name + enforcement level + kind) to assert on.
 */
import * as path from "node:path";
import {
  startPolicyPack,
  type AnalyzerResourceInput,
  type PolicyDiagnostic,
  type PolicyPack,
  type PropertyMap,
  type StartPolicyPackOptions,
} from "../../tools/analyzer";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const PACK_DIR = path.join(REPO_ROOT, "policies");
export const FIXTURES = path.join(__dirname, "fixtures");

export const CELL = "use1-a";
export const CELL_STACK = `cell-${CELL}`;
export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:alias/${CELL}-key`;

export const CELL_TAGS = {
  "cellplane:cell": CELL,
  "cellplane:region": REGION,
  "cellplane:owner": "team-orders",
  "managed-by": "cellplane",
};

/** Pinned so waiver expiry in the fixtures never depends on the day the tests run. */
export const TODAY = "2025-06-01";

export function startTestPack(options: Partial<StartPolicyPackOptions> = {}): Promise<PolicyPack> {
  return startPolicyPack({
    packDir: PACK_DIR,
    cellsDir: path.join(FIXTURES, "cells"),
    waiversFile: path.join(FIXTURES, "no-waivers.yaml"),
    today: TODAY,
    ...options,
  });
}

export function urnOf(type: string, name: string, stack = CELL_STACK): string {
  return `urn:pulumi:${stack}::cellplane::${type}::${name}`;
}

export interface ResourceOptions {
  stack?: string;
  provider?: string;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  /** Pulumi's `protect` option, sent in the resource options. */
  protect?: boolean;
}

export function resource(
  type: string,
  name: string,
  inputs: PropertyMap,
  options: ResourceOptions = {},
): AnalyzerResourceInput {
  return {
    urn: urnOf(type, name, options.stack),
    type,
    name,
    inputs,
    dependencies: options.dependencies ?? [],
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.propertyDependencies ? { propertyDependencies: options.propertyDependencies } : {}),
    ...(options.protect ? { protect: true } : {}),
  };
}

export const AWS_PROVIDER_TYPE = "pulumi:providers:aws";

export function awsProvider(
  region = REGION,
  name = `${CELL}-aws`,
  extra: PropertyMap = {},
  stack = CELL_STACK,
): AnalyzerResourceInput {
  return resource(AWS_PROVIDER_TYPE, name, { region, ...extra }, { stack });
}

/** A cell resource: cell tags, the cell's provider. */
export function cellResource(
  type: string,
  name: string,
  inputs: PropertyMap,
  options: ResourceOptions = {},
): AnalyzerResourceInput {
  return resource(type, name, { tags: CELL_TAGS, ...inputs }, { provider: awsProvider().urn, ...options });
}

/** A cell stack: the cell's provider plus `resources`. */
export function cellStack(...resources: AnalyzerResourceInput[]): AnalyzerResourceInput[] {
  return [awsProvider(), ...resources];
}

export type Finding = [policy: string, level: string, kind: string];

/** Diagnostics as sorted [policy, level, kind] triples. */
export function findings(diagnostics: readonly PolicyDiagnostic[]): Finding[] {
  return diagnostics
    .map((diagnostic): Finding => [diagnostic.policyName, diagnostic.enforcementLevel, diagnostic.kind])
    .sort((a, b) => a.join().localeCompare(b.join()));
}

export function mandatory(policy: string, count = 1): Finding[] {
  return Array.from({ length: count }, (): Finding => [policy, "mandatory", "violation"]);
}

export function notYetCheckable(policy: string, count = 1): Finding[] {
  return Array.from({ length: count }, (): Finding => [policy, "advisory", "not-yet-checkable"]);
}

export function ofPolicy(diagnostics: readonly PolicyDiagnostic[], policy: string): PolicyDiagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.policyName === policy);
}

export function iamDocument(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
