/**
 * Per-stack enforcement: any policy can be made mandatory for some stacks while it stays at its own level
 * elsewhere, through the pack configuration (`--policy-pack-config`, or policies/pack-config.json, the pack's
 * initial config):
 *
 * ```json
 * { "rds-deletion-protection": { "mandatoryStacks": ["cell-*", "global"] } }
 * ```
 *
 * A pattern is a stack name, or a prefix ending in `*`. Waived and not-yet-checkable findings stay advisory.
 */

export const MANDATORY_STACKS = "mandatoryStacks";

/** The JSON schema of the property, served in each policy's config schema. */
export const MANDATORY_STACKS_SCHEMA = {
  type: "array",
  items: { type: "string" },
  description: "Stacks (names, or prefixes ending in *) where this policy's violations are mandatory",
} as const;

/** The patterns in a config entry: a list of strings, or none when the entry does not set the property. */
export function mandatoryStacksOf(entry: Readonly<Record<string, unknown>> | undefined): string[] | undefined {
  const value = entry?.[MANDATORY_STACKS];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : undefined;
}

export function stackMatches(stack: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) =>
    pattern.endsWith("*") ? stack.startsWith(pattern.slice(0, -1)) : stack === pattern,
  );
}
