import type { JsonObject, JsonValue } from "../lib/plan-file";
import { SECRET_MARKER, UNKNOWN_MARKER } from "../lib/plan-file";
import { signatures } from "./pulumi-internals";

/**
 * Turns a property map in the engine's wire form (`Struct.toJavaScript()` of a registration) into plan JSON:
 * secrets become `"[secret]"`, unknowns `"[unknown]"`, resource references their URN, assets and archives a
 * short description. Key order is sorted so plans are byte-stable from run to run.
 */
export function toPlanValue(wire: unknown): JsonValue {
  if (wire === null || wire === undefined) {
    return null;
  }
  if (typeof wire === "string") {
    return wire === signatures.unknown ? UNKNOWN_MARKER : wire;
  }
  if (typeof wire === "number" || typeof wire === "boolean") {
    return wire;
  }
  if (Array.isArray(wire)) {
    return wire.map(toPlanValue);
  }
  if (typeof wire === "object") {
    return toPlanObjectValue(wire as Record<string, unknown>);
  }
  // Left: a bigint, a symbol or a function, none of which the wire form holds; described by its text, not dropped.
  if (typeof wire === "bigint" || typeof wire === "symbol" || typeof wire === "function") {
    return wire.toString();
  }
  return null;
}

function toPlanObjectValue(wire: Record<string, unknown>): JsonValue {
  switch (wire[signatures.key]) {
    case signatures.secret:
      return SECRET_MARKER;
    case signatures.resource:
      return typeof wire.urn === "string" ? wire.urn : UNKNOWN_MARKER;
    case signatures.asset:
    case signatures.archive: {
      const source = typeof wire.path === "string" ? wire.path : typeof wire.uri === "string" ? wire.uri : "inline";
      return `[asset ${source}]`;
    }
    default:
      return toPlanObject(wire);
  }
}

export function toPlanObject(wire: Record<string, unknown>): JsonObject {
  const result: JsonObject = {};
  for (const key of Object.keys(wire).sort()) {
    const value = wire[key];
    if (value !== undefined) {
      result[key] = toPlanValue(value);
    }
  }
  return result;
}

/** Wraps a plain value in the wire form of a secret, as the engine does for `additionalSecretOutputs`. */
export function wireSecret(value: unknown): Record<string, unknown> {
  return { [signatures.key]: signatures.secret, value };
}
