/**
 * The pack's catalog, machine-readable: what each policy checks, how hard it enforces, which controls it maps
 * to (and where those are defined) and how to fix a finding. The audit report and docs/policies.md read it;
 * importing it starts no server.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { controlVersion, FRAMEWORKS, type FrameworkId } from "./lib/controls";
import type { PolicyEnforcement, PolicyGroup, PolicySeverity } from "./lib/policy";
import { PACK_NAME, POLICIES } from "./registry";

export interface CatalogControl {
  framework: FrameworkId;
  frameworkName: string;
  /** The framework's version; for Security Hub controls, the standards the control belongs to. */
  frameworkVersion: string;
  id: string;
  title: string;
  /** Security Hub controls: the Security Hub standards the control is part of (FSBP only where it is). */
  standards?: string[];
}

export interface PolicyCatalogEntry {
  name: string;
  description: string;
  group: PolicyGroup;
  /**
   * `resource`: checked per resource (Analyze) and again over the stack (AnalyzeStack); `stack`: over the stack
   * only.
   */
  scope: "resource" | "stack";
  severity: PolicySeverity;
  enforcementLevel: PolicyEnforcement;
  controls: CatalogControl[];
  /** Names of the frameworks the controls belong to. */
  frameworks: string[];
  /** Where the controls are defined: https URLs, or `docs/policies.md#…` for cellplane's own controls. */
  references: string[];
  resourceTypes: string[];
  remediation: string;
}

export interface PolicyCatalog {
  pack: string;
  version: string;
  policies: PolicyCatalogEntry[];
}

export function policyCatalog(): PolicyCatalog {
  return { pack: PACK_NAME, version: packVersion(), policies: POLICIES.map(catalogEntry) };
}

function catalogEntry(policy: (typeof POLICIES)[number]): PolicyCatalogEntry {
  const controls = policy.controls.map((control): CatalogControl => ({
    framework: control.framework,
    frameworkName: FRAMEWORKS[control.framework].name,
    frameworkVersion: controlVersion(control),
    id: control.id,
    title: control.title,
    ...(control.standards ? { standards: [...control.standards] } : {}),
  }));
  return {
    name: policy.name,
    description: policy.description,
    group: policy.group,
    scope: policy.scope,
    severity: policy.severity,
    enforcementLevel: policy.enforcementLevel,
    controls,
    frameworks: [...new Set(controls.map((control) => control.frameworkName))],
    references: [...policy.references],
    resourceTypes: [...policy.resourceTypes],
    remediation: policy.remediation,
  };
}

function packVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(path.join(__dirname, "package.json"), "utf8"));
  return typeof manifest === "object" && manifest !== null && "version" in manifest
    ? String(manifest.version)
    : "0.0.0";
}
