/** Reads the `secure:` (encrypted) config entries of every `Pulumi.<stack>.yaml` of a project, ciphertext only. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import type { SecureConfig } from "../secret-config";
import { isPlainObject as isRecord } from "../values";

/** The folder holding stack files, from `Pulumi.yaml`'s `stackConfigDir` (default: the project folder). */
function stackConfigDir(projectDir: string): string {
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  if (!existsSync(projectFile)) {
    return projectDir;
  }
  const project: unknown = parse(readFileSync(projectFile, "utf8"));
  const dir = isRecord(project) && typeof project.stackConfigDir === "string" ? project.stackConfigDir : ".";
  return path.join(projectDir, dir);
}

export function readSecureConfig(projectDir: string): SecureConfig {
  const dir = stackConfigDir(projectDir);
  const result = new Map<string, Map<string, string>>();
  if (!existsSync(dir)) {
    return result;
  }
  for (const file of readdirSync(dir).sort()) {
    const match = /^Pulumi\.(.+)\.ya?ml$/.exec(file);
    if (match?.[1] === undefined) {
      continue;
    }
    let document: unknown;
    try {
      document = parse(readFileSync(path.join(dir, file), "utf8"));
    } catch {
      continue; // `cells plan` reports malformed stack files; the secret comparison just skips them.
    }
    const config = isRecord(document) && isRecord(document.config) ? document.config : {};
    const secure = new Map<string, string>();
    for (const [key, entry] of Object.entries(config)) {
      if (isRecord(entry) && typeof entry.secure === "string") {
        secure.set(key, entry.secure);
      }
    }
    result.set(match[1], secure);
  }
  return result;
}
