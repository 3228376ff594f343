/**
 * Resource properties as the engine sends them to an analyzer: a protobuf Struct in which unknown values are the
 * runtime's unknown sentinel and secrets are wrapped in the secret signature object (`@pulumi/pulumi`'s
 * runtime/rpc conventions, the same the engine's MarshalProperties produces with KeepUnknowns and KeepSecrets).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { SECRET_MARKER, UNKNOWN_MARKER, type JsonPrimitive, type JsonValue } from "../lib/plan-file";

/** A value the engine does not know yet (an output of a resource that is still to be created). */
export const UNKNOWN: unique symbol = Symbol("unknown");

/** A secret value: sent wrapped in the secret signature, as the engine does. */
export class SecretValue {
  constructor(readonly value: PropertyValue) {}
}

export function secret(value: PropertyValue): SecretValue {
  return new SecretValue(value);
}

export type PropertyValue =
  JsonPrimitive | typeof UNKNOWN | SecretValue | undefined | PropertyValue[] | { [key: string]: PropertyValue };
export type PropertyMap = { [key: string]: PropertyValue };

export interface SerializeOptions {
  /**
   * Read the plan file's markers: `"[unknown]"` becomes an unknown value and `"[secret]"` a secret (whose
   * plaintext the plan never had). Default true.
   */
  planMarkers?: boolean;
}

export function serializeProperty(value: PropertyValue, options: SerializeOptions = {}): JsonValue | undefined {
  const planMarkers = options.planMarkers ?? true;
  if (value === undefined) {
    return undefined;
  }
  if (value === UNKNOWN || (planMarkers && value === UNKNOWN_MARKER)) {
    return unknownValue;
  }
  if (value instanceof SecretValue || (planMarkers && value === SECRET_MARKER)) {
    const inner = value instanceof SecretValue ? serializeProperty(value.value, options) : SECRET_MARKER;
    return { [specialSigKey]: specialSecretSig, value: inner ?? null };
  }
  if (Array.isArray(value)) {
    return value.map((item) => serializeProperty(item, options) ?? null);
  }
  if (typeof value === "object" && value !== null) {
    return serializePropertyMap(value, options);
  }
  return value;
}

/** Keys whose value is undefined are left out, as the engine leaves out absent properties. */
export function serializePropertyMap(map: PropertyMap, options: SerializeOptions = {}): { [key: string]: JsonValue } {
  const result: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(map)) {
    const serialized = serializeProperty(value, options);
    if (serialized !== undefined) {
      result[key] = serialized;
    }
  }
  return result;
}

export function toStruct(map: PropertyMap, options: SerializeOptions = {}): Struct {
  return Struct.fromJavaScript(serializePropertyMap(map, options));
}
