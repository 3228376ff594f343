/**
 * Policy pack configuration in the format of `pulumi preview --policy-pack-config <file>`: per policy, an
 * enforcement level or an object with `enforcementLevel` and the policy's own properties. The same file can be
 * given to tools/analyzer/ so both paths run with the same configuration.
 */
import { readFileSync } from "node:fs";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import type { JsonValue } from "../lib/plan-file";
import { enforcementLevelToProto, type EnforcementLevel } from "./protocol-types";

export type PolicyConfigEntry =
  EnforcementLevel | { enforcementLevel?: EnforcementLevel; [property: string]: JsonValue | undefined };
export type PolicyPackConfig = Readonly<Record<string, PolicyConfigEntry>>;

const LEVELS: readonly string[] = ["advisory", "mandatory", "remediate", "disabled"];

function isEnforcementLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && LEVELS.includes(value);
}

/** Reads a `--policy-pack-config` JSON file; throws naming the file and the policy when an entry is invalid. */
export function readPolicyPackConfig(file: string): PolicyPackConfig {
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: a policy pack config is a JSON object keyed by policy name`);
  }
  for (const [policy, entry] of Object.entries(parsed)) {
    const level: unknown =
      typeof entry === "object" && entry !== null ? (entry as { enforcementLevel?: unknown }).enforcementLevel : entry;
    if (level !== undefined && !isEnforcementLevel(level)) {
      throw new Error(
        `${file}: ${policy} has enforcement level ${JSON.stringify(level)}; use one of ${LEVELS.join(", ")}`,
      );
    }
  }
  return parsed as PolicyPackConfig;
}

/**
 * The `Configure` request. The protocol has no "unset" level (0 means advisory), so an entry without one keeps
 * the policy's declared default from `GetAnalyzerInfo`, as the engine does.
 */
export function toConfigureRequest(
  config: PolicyPackConfig,
  defaultLevels: Readonly<Record<string, EnforcementLevel>>,
): analyzerProto.ConfigureAnalyzerRequest {
  const request = new analyzerProto.ConfigureAnalyzerRequest();
  for (const [policy, entry] of Object.entries(config)) {
    const { enforcementLevel, ...properties } = typeof entry === "string" ? { enforcementLevel: entry } : entry;
    const message = new analyzerProto.PolicyConfig();
    message.setEnforcementlevel(enforcementLevelToProto(enforcementLevel ?? defaultLevels[policy] ?? "advisory"));
    message.setProperties(Struct.fromJavaScript(withoutUndefined(properties)));
    request.getPolicyconfigMap().set(policy, message);
  }
  return request;
}

function withoutUndefined(properties: Record<string, JsonValue | undefined>): Record<string, JsonValue> {
  return Object.fromEntries(
    Object.entries(properties).filter((entry): entry is [string, JsonValue] => entry[1] !== undefined),
  );
}
