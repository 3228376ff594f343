/**
 * The one reader of Pulumi stack files (`Pulumi.<stack>.yaml`) for the whole project: the planner reads their
 * config to run a stack, the differ compares their encrypted (`secure:`) values. Encrypted values stay ciphertext:
 * nothing here can decrypt them, and callers show only that they changed.
 */
import { existsSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { readYamlObject } from "../../fleet/load";
import type { FleetProblem } from "../../fleet/problems";

export type StackConfigEntry =
  { key: string; kind: "plain"; value: unknown } | { key: string; kind: "secure"; ciphertext: string };

export interface StackFile {
  stack: string;
  file: string;
  /** Every `config:` entry, in file order. */
  entries: StackConfigEntry[];
}

const STACK_FILE = /^Pulumi\.(.+)\.ya?ml$/;

export function stackFilePath(stacksDir: string, stack: string): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** The stack files of a folder, by stack name. */
export function listStackFiles(stacksDir: string): { stack: string; file: string }[] {
  if (!existsSync(stacksDir)) {
    return [];
  }
  return readdirSync(stacksDir)
    .sort()
    .flatMap((name) => {
      const stack = STACK_FILE.exec(name)?.[1];
      return stack === undefined ? [] : [{ stack, file: path.join(stacksDir, name) }];
    });
}

/**
 * Reads one stack file. Problems name the file and the field: not YAML, not a mapping, `config` not a mapping.
 * A missing file is the caller's to explain (it knows the fix).
 */
export function readStackFile(file: string, stack: string): { stackFile?: StackFile; problems: FleetProblem[] } {
  const { value, problems } = readYamlObject(file);
  if (!value) {
    return { problems };
  }
  const raw = value.config ?? {};
  if (typeof raw !== "object" || Array.isArray(raw) || raw === null) {
    return { problems: [{ file, path: "config", message: "must be a mapping of namespace:key to value" }] };
  }
  const entries = Object.entries(raw as Record<string, unknown>).map(([key, entry]): StackConfigEntry => {
    const ciphertext = secureCiphertext(entry);
    return ciphertext === undefined ? { key, kind: "plain", value: entry } : { key, kind: "secure", ciphertext };
  });
  return { stackFile: { stack, file, entries }, problems: [] };
}

/** `{ secure: "<ciphertext>" }` is how Pulumi writes an encrypted value. */
function secureCiphertext(entry: unknown): string | undefined {
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
    return undefined;
  }
  const keys = Object.keys(entry);
  const secure = (entry as { secure?: unknown }).secure;
  return keys.length === 1 && typeof secure === "string" ? secure : undefined;
}

/** The folder holding stack files, from `Pulumi.yaml`'s `stackConfigDir` (default: the project folder). */
export function stackConfigDir(projectDir: string): string {
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  if (!existsSync(projectFile)) {
    return projectDir;
  }
  const { value } = readYamlObject(projectFile);
  const dir = typeof value?.stackConfigDir === "string" ? value.stackConfigDir : ".";
  return path.join(projectDir, dir);
}
