/**
 * Which resource of a stack another one points at: a flow log at its VPC, a database at its parameter group, an
 * S3 companion at its bucket. The engine's property dependencies decide on the real path (`AnalyzeStack`), plain
 * dependencies in an offline plan, and the referenced name or id when neither links them.
 */
import type { CheckedResource } from "./policy";
import { at, isUnknown } from "./values";

export type Link = "yes" | "no" | "unknown";

/**
 * Whether `from.props[field]` refers to `target`: through the property's dependencies (or, when the engine sent
 * none for it, the resource's dependencies), else by value, against the target's `names` properties (e.g. `name`,
 * `bucket`, `id`) and its logical name.
 */
export function refersTo(
  from: CheckedResource,
  field: string,
  target: CheckedResource,
  names: readonly string[],
): Link {
  const linked = from.propertyDependencies[field] ?? from.dependencies;
  if (linked.includes(target.urn)) {
    return "yes";
  }
  const value = at(from.props, field);
  if (isUnknown(value)) {
    return "unknown";
  }
  const candidates = [...names.map((name) => at(target.props, name)), target.name];
  return typeof value === "string" && candidates.includes(value) ? "yes" : "no";
}

/** The resources among `candidates` that `from.props[field]` refers to, and whether some link was undecidable. */
export function referencedBy(
  from: CheckedResource,
  field: string,
  candidates: readonly CheckedResource[],
  names: readonly string[],
): { found: CheckedResource[]; undecided: boolean } {
  const links = candidates.map((candidate) => ({ candidate, link: refersTo(from, field, candidate, names) }));
  return {
    found: links.filter((entry) => entry.link === "yes").map((entry) => entry.candidate),
    undecided: links.some((entry) => entry.link === "unknown"),
  };
}
