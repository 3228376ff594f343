/**
 * The one `isPlainObject` of the deployed code and the tools (the policy pack keeps its own: it is self-contained).
 * It lives in fleet/, the lowest layer that needs it, so every layer above can import it.
 */

/** A non-null object that is not an array: a parsed YAML or JSON mapping. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
