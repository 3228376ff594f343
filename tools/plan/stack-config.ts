/**
 * Reads the project file and the stack files the way the Pulumi CLI does for a program: project-level defaults
 * from `Pulumi.yaml`, then `stacks/Pulumi.<stack>.yaml`. Encrypted (`secure:`) values cannot be decrypted
 * offline; they are passed as secret placeholders so the program still sees them as secrets.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { readYamlObject } from "../../fleet/load";
import type { FleetProblem } from "../../fleet/problems";

export interface ProjectFile {
  name: string;
  /** Project config defaults, fully qualified (`cellplane:cellsDir`) → string value. */
  defaults: Record<string, string>;
  stackConfigDir: string;
}

export interface StackConfig {
  stack: string;
  file: string;
  /** Fully qualified key → string value (objects JSON-encoded), as `pulumi.runtime.setAllConfig` takes them. */
  values: Record<string, string>;
  secretKeys: string[];
}

export const SECURE_PLACEHOLDER = "[secure value: decrypted by the Pulumi CLI]";

export function readProjectFile(projectDir: string): ProjectFile {
  const file = path.join(projectDir, "Pulumi.yaml");
  const { value, problems } = readYamlObject(file);
  if (!value || typeof value.name !== "string") {
    throw new Error(`${file}: ${problems[0]?.message ?? "needs a name"}`);
  }
  const defaults: Record<string, string> = {};
  const config = (value.config ?? {}) as Record<string, unknown>;
  for (const [key, declaration] of Object.entries(config)) {
    const fullKey = key.includes(":") ? key : `${value.name}:${key}`;
    const declared =
      declaration && typeof declaration === "object"
        ? (declaration as Record<string, unknown>)
        : { value: declaration };
    const defaultValue = declared.default ?? declared.value;
    if (defaultValue !== undefined) {
      defaults[fullKey] = configString(defaultValue);
    }
  }
  return {
    name: value.name,
    defaults,
    stackConfigDir: typeof value.stackConfigDir === "string" ? value.stackConfigDir : ".",
  };
}

export function stackFilePath(stacksDir: string, stack: string): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Reads one stack file; a missing or malformed file is a problem that names the file and the fix. */
export function readStackConfig(
  stacksDir: string,
  stack: string,
  project: ProjectFile,
): { config?: StackConfig; problems: FleetProblem[] } {
  const file = stackFilePath(stacksDir, stack);
  if (!existsSync(file)) {
    return {
      problems: [
        {
          file,
          path: "",
          message:
            `is missing: create it with "pulumi stack init ${stack}" ` +
            `and set its config (see README, "Add a cell")`,
        },
      ],
    };
  }
  const { value, problems } = readYamlObject(file);
  if (!value) {
    return { problems };
  }
  const raw = value.config ?? {};
  if (typeof raw !== "object" || Array.isArray(raw) || raw === null) {
    return { problems: [{ file, path: "config", message: "must be a mapping of namespace:key to value" }] };
  }
  const values: Record<string, string> = { ...project.defaults };
  const secretKeys: string[] = [];
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    if (!key.includes(":")) {
      problems.push({ file, path: `config.${key}`, message: `must be namespaced, e.g. ${project.name}:${key}` });
      continue;
    }
    if (isSecureValue(entry)) {
      values[key] = SECURE_PLACEHOLDER;
      secretKeys.push(key);
    } else {
      values[key] = configString(entry);
    }
  }
  return problems.length > 0 ? { problems } : { config: { stack, file, values, secretKeys }, problems: [] };
}

function isSecureValue(entry: unknown): boolean {
  return (
    entry !== null &&
    typeof entry === "object" &&
    !Array.isArray(entry) &&
    Object.keys(entry).length === 1 &&
    "secure" in entry
  );
}

function configString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
