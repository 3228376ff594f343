/**
 * Reads the engine's `pulumi preview --json` digest (pkg/display PreviewDigest: steps with `op`, `urn`,
 * `oldState`/`newState`, `detailedDiff`, `diffReasons`/`replaceReasons`, plus `changeSummary` and `diagnostics`)
 * into the same StackDiff the offline differ produces. The engine's word on replacement is final here.
 *
 * The JSON view lists `same` steps only for the root stack, so unchanged counts come from `changeSummary`.
 */
import { z } from "zod";
import type { Diagnostic, DiffReport, PropertyChange, ResourceChange, StackDiff } from "./model";
import { compareStrings, countChanges, parseUrn } from "./model";
import { newResourceChange, toPropertyChange } from "./property-change";
import {
  comparePaths,
  diffProperties,
  parsePath,
  topLevelKey,
  valueAtPath,
  type RawPropertyChange,
} from "./property-diff";
import { buildReport } from "./report";
import { truncate } from "./values";

const objectMap = z.record(z.string(), z.unknown());

const stateSchema = z.looseObject({
  type: z.string().optional(),
  inputs: objectMap.nullish(),
  outputs: objectMap.nullish(),
  protect: z.boolean().optional(),
  retainOnDelete: z.boolean().optional(),
  additionalSecretOutputs: z.array(z.string()).nullish(),
});

const stepSchema = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: stateSchema.nullish(),
  newState: stateSchema.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  detailedDiff: z.record(z.string(), z.looseObject({ kind: z.string(), inputDiff: z.boolean().optional() })).nullish(),
});

const digestSchema = z.looseObject({
  steps: z.array(stepSchema).nullish(),
  diagnostics: z
    .array(
      z.looseObject({ urn: z.string().optional(), message: z.string().optional(), severity: z.string().optional() }),
    )
    .nullish(),
  changeSummary: z.record(z.string(), z.number()).nullish(),
});

export type PreviewDigest = z.infer<typeof digestSchema>;
export type PreviewStep = z.infer<typeof stepSchema>;
type PreviewState = z.infer<typeof stateSchema>;

export class PreviewFormatError extends Error {}

/** Validates a parsed preview document; the error names the first offending field. */
export function parsePreviewDigest(document: unknown): PreviewDigest {
  const result = digestSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "document" : issue.path.join(".");
    throw new PreviewFormatError(`${where}: ${issue?.message ?? "not a pulumi preview --json document"}`);
  }
  return result.data;
}

const REPLACE_OPS = new Set([
  "replace",
  "create-replacement",
  "delete-replaced",
  "discard-replaced",
  "import-replacement",
  "read-replacement",
]);
const KIND_BY_OP: Readonly<Record<string, ResourceChange["kind"]>> = {
  create: "create",
  update: "update",
  delete: "delete",
};

/** The stack a preview belongs to, from its steps' URNs (`urn:pulumi:<stack>::…`), else the fallback. */
export function previewStackName(digest: PreviewDigest, fallback: string): string {
  const first = digest.steps?.[0];
  return first === undefined ? fallback : parseUrn(first.urn).stack || fallback;
}

export function previewToStackDiff(digest: PreviewDigest, stack: string): StackDiff {
  const steps = digest.steps ?? [];
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of steps) {
    byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  }
  const resources: ResourceChange[] = [];
  for (const [urn, urnSteps] of byUrn) {
    const change = resourceChangeFor(urn, urnSteps);
    if (change !== undefined) {
      resources.push(change);
    }
  }
  resources.sort((a, b) => compareStrings(a.urn, b.urn));
  const sameSteps = steps.filter((step) => step.op === "same").length;
  const counts = countChanges(resources, digest.changeSummary?.same ?? sameSteps);
  const diagnostics = toDiagnostics(digest);
  const changed = resources.length > 0 || diagnostics.some((d) => d.severity === "error");
  return { stack, status: changed ? "changed" : "unchanged", resources, counts, policy: [], diagnostics };
}

function resourceChangeFor(urn: string, steps: readonly PreviewStep[]): ResourceChange | undefined {
  const replaceStep = steps.find((step) => step.op === "replace") ?? steps.find((step) => REPLACE_OPS.has(step.op));
  const step = replaceStep ?? steps.find((candidate) => KIND_BY_OP[candidate.op] !== undefined);
  if (step === undefined) {
    return undefined;
  }
  const kind = replaceStep === undefined ? KIND_BY_OP[step.op] : "replace";
  if (kind === undefined) {
    return undefined;
  }
  const { type: urnType, name } = parseUrn(urn);
  const type = step.newState?.type ?? step.oldState?.type ?? urnType;
  const change = newResourceChange(urn, type, name, kind);
  change.replaceConfirmed = kind === "replace";
  if (kind === "update" || kind === "replace") {
    change.properties = propertyChanges(type, step);
    change.replaceReasons = replaceReasons(step, change);
  }
  noteProtection(change, step.oldState, step.newState);
  return change;
}

function propertyChanges(type: string, step: PreviewStep): PropertyChange[] {
  const secretKeys = new Set([
    ...(step.oldState?.additionalSecretOutputs ?? []),
    ...(step.newState?.additionalSecretOutputs ?? []),
  ]);
  const replaceKeys = new Set(step.replaceReasons ?? []);
  if (step.detailedDiff !== null && step.detailedDiff !== undefined) {
    return Object.entries(step.detailedDiff)
      .map(([path, diff]) => {
        const raw = detailedChange(step, path, diff.kind, diff.inputDiff === true);
        const forcesReplacement = diff.kind.endsWith("-replace") || replaceKeys.has(topLevelKey(path));
        return toPropertyChange(type, raw, { forcesReplacement, secretKeys });
      })
      .sort((a, b) => comparePaths(parsePath(a.path), parsePath(b.path)));
  }
  const raws = diffProperties(step.oldState?.inputs ?? {}, step.newState?.inputs ?? {});
  const changes = raws.map((raw) =>
    toPropertyChange(type, raw, { forcesReplacement: replaceKeys.has(topLevelKey(raw.path)), secretKeys }),
  );
  if (changes.length > 0) {
    return changes;
  }
  // No input changed: the engine diffed against refreshed outputs, so name what it reported.
  return (step.diffReasons ?? [])
    .map((reason) =>
      toPropertyChange(type, detailedChange(step, reason, "update", false), {
        forcesReplacement: replaceKeys.has(reason),
        secretKeys,
      }),
    )
    .sort((a, b) => comparePaths(parsePath(a.path), parsePath(b.path)));
}

/** Old values come from the old outputs unless the engine diffed inputs against inputs (`inputDiff`). */
function detailedChange(step: PreviewStep, path: string, diffKind: string, inputDiff: boolean): RawPropertyChange {
  const segments = parsePath(path);
  const oldSource = inputDiff ? step.oldState?.inputs : (step.oldState?.outputs ?? step.oldState?.inputs);
  const kind = diffKind.startsWith("add") ? "add" : diffKind.startsWith("delete") ? "delete" : "update";
  const raw: RawPropertyChange = { path, segments, kind };
  if (kind !== "add") {
    raw.before = valueAtPath(oldSource ?? {}, segments);
  }
  if (kind !== "delete") {
    raw.after = valueAtPath(step.newState?.inputs ?? {}, segments);
  }
  return raw;
}

function replaceReasons(step: PreviewStep, change: ResourceChange): string[] {
  const fromEngine = step.replaceReasons ?? [];
  const fromDetail = change.properties.filter((p) => p.forcesReplacement).map((p) => topLevelKey(p.path));
  return [...new Set([...fromEngine, ...fromDetail])].sort(compareStrings);
}

function noteProtection(
  change: ResourceChange,
  oldState: PreviewState | null | undefined,
  newState: PreviewState | null | undefined,
): void {
  const before = oldState?.protect === true;
  if (change.kind === "delete") {
    if (before) {
      change.protect = { before: true, after: false };
      change.notes.push("protected: Pulumi refuses to delete it until `protect` is removed");
    }
    if (oldState?.retainOnDelete === true) {
      change.notes.push("`retainOnDelete` is set: Pulumi forgets it but leaves the cloud resource in place");
    }
    return;
  }
  const after = newState?.protect === true;
  if (oldState !== null && oldState !== undefined && before !== after) {
    change.protect = { before, after };
  }
}

const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function toDiagnostics(digest: PreviewDigest): Diagnostic[] {
  return (digest.diagnostics ?? [])
    .filter((diagnostic) => diagnostic.severity === "error" || diagnostic.severity === "warning")
    .map((diagnostic) => {
      const entry: Diagnostic = {
        severity: diagnostic.severity ?? "info",
        message: truncate((diagnostic.message ?? "").replace(ANSI_ESCAPE, "").trim(), 500),
      };
      if (diagnostic.urn !== undefined && diagnostic.urn !== "") {
        entry.urn = diagnostic.urn;
      }
      return entry;
    });
}

export interface NamedPreview {
  digest: PreviewDigest;
  stack: string;
}

/** A report over one preview per stack. */
export function previewReport(previews: readonly NamedPreview[]): DiffReport {
  return buildReport(
    "preview",
    previews.map((preview) => previewToStackDiff(preview.digest, preview.stack)),
  );
}
