/**
 * Reading what `cells diff` compares: saved plan folders and `pulumi preview --json` files. This is the I/O edge
 * of the differ; errors name the file and the fix, and the CLI turns them into usage errors (exit 2).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { PlanFile } from "../../lib/plan-file";
import { parsePreviewDigest, PreviewFormatError, previewStackName, type NamedPreview } from "../preview-reader";

/** Bad input to the differ: the message names the file or flag and how to fix it. */
export class DiffInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiffInputError";
  }
}

const jsonObject = z.record(z.string(), z.unknown());

/** Checks the parts of the plan file contract the differ relies on (tools/lib/plan-file.ts). */
const planFileSchema = z.looseObject({
  stack: z.string().min(1),
  cell: z.string().optional(),
  region: z.string().optional(),
  resources: z.array(
    z.looseObject({
      urn: z.string(),
      type: z.string(),
      name: z.string(),
      parent: z.string().optional(),
      component: z.boolean().optional(),
      inputs: jsonObject,
      dependencies: z.array(z.string()),
      protect: z.boolean().optional(),
      provider: z.string().optional(),
    }),
  ),
  outputs: jsonObject,
  policy: z
    .looseObject({
      violations: z.array(
        z.looseObject({
          policy: z.string(),
          packName: z.string(),
          enforcementLevel: z.enum(["advisory", "mandatory", "remediate", "disabled"]),
          message: z.string(),
          urn: z.string().optional(),
          waived: z.looseObject({ reason: z.string(), owner: z.string(), expires: z.string() }).optional(),
        }),
      ),
    })
    .optional(),
});

function readJson(file: string, flag: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new DiffInputError(`${flag}: cannot read ${file}; check the path`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DiffInputError(
      `${flag}: ${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

function issuePath(issue: z.core.$ZodIssue | undefined): string {
  return issue === undefined || issue.path.length === 0 ? "document" : issue.path.map(String).join(".");
}

/** Every `<stack>.json` plan file in `dir`, validated against the plan file contract. */
export function readPlanFolder(dir: string, flag: string): PlanFile[] {
  if (!isDirectory(dir)) {
    throw new DiffInputError(`${flag} ${dir}: no such folder; write one with \`cells plan --out ${dir}\``);
  }
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".json") && !name.startsWith("."))
    .sort();
  if (files.length === 0) {
    throw new DiffInputError(
      `${flag} ${dir}: the folder has no plan files (<stack>.json); write them with \`cells plan --out ${dir}\``,
    );
  }
  const plans = files.map((name) => parsePlanFile(readJson(path.join(dir, name), flag), path.join(dir, name), flag));
  assertUniqueStacks(
    plans.map((plan) => plan.stack),
    flag,
    dir,
  );
  return plans;
}

function parsePlanFile(document: unknown, file: string, flag: string): PlanFile {
  const result = planFileSchema.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DiffInputError(
      `${flag}: ${file} is not a cellplane plan file: ${issuePath(issue)}: ${issue?.message ?? "invalid"} ` +
        "(regenerate it with `cells plan`)",
    );
  }
  // The schema checks the fields the differ reads; the rest passes through as the plan file contract types them.
  return result.data as PlanFile;
}

/** Reads `pulumi preview --json` outputs; each names its stack through its URNs. */
export function readPreviewFiles(files: readonly string[], flag = "--preview-json"): NamedPreview[] {
  const previews = files.map((file) => {
    try {
      const digest = parsePreviewDigest(readJson(file, flag));
      return { digest, stack: previewStackName(digest, path.basename(file).replace(/\.json$/i, "")) };
    } catch (error) {
      if (error instanceof PreviewFormatError) {
        throw new DiffInputError(`${flag}: ${file} is not \`pulumi preview --json\` output: ${error.message}`);
      }
      throw error;
    }
  });
  assertUniqueStacks(
    previews.map((preview) => preview.stack),
    flag,
    files.join(", "),
  );
  return previews;
}

function assertUniqueStacks(stacks: readonly string[], flag: string, where: string): void {
  const seen = new Set<string>();
  for (const stack of stacks) {
    if (seen.has(stack)) {
      throw new DiffInputError(`${flag} ${where}: stack ${stack} appears twice; give one plan or preview per stack`);
    }
    seen.add(stack);
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
