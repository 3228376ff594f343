/** CloudFront distributions: their cache behaviours (the default and every ordered one) and custom origins. */
import type { CheckedResource } from "./policy";
import { at, isUnknown, listOf, type Plain, type Unknown } from "./values";

export const DISTRIBUTION = "aws:cloudfront/distribution:Distribution";

export interface Part {
  /** e.g. `defaultCacheBehavior`, `orderedCacheBehaviors[1] "/static/*"`, `origins[0] "fleet"`. */
  label: string;
  value: Plain;
}

/** The default cache behaviour and every ordered one, or {@link UNKNOWN} while the list is. */
export function cacheBehaviors(distribution: CheckedResource): Part[] | Unknown {
  const ordered = listOf(at(distribution.props, "orderedCacheBehaviors"));
  if (isUnknown(ordered)) {
    return ordered;
  }
  const first = at(distribution.props, "defaultCacheBehavior");
  const parts: Part[] = first === undefined || first === null ? [] : [{ label: "defaultCacheBehavior", value: first }];
  return [
    ...parts,
    ...ordered.map((value, index): Part => {
      const pattern = at(value, "pathPattern");
      return { label: `orderedCacheBehaviors[${index}]${typeof pattern === "string" ? ` "${pattern}"` : ""}`, value };
    }),
  ];
}

/** The distribution's custom origins (S3 origins have no protocol settings of their own). */
export function customOrigins(distribution: CheckedResource): Part[] | Unknown {
  const origins = listOf(at(distribution.props, "origins"));
  if (isUnknown(origins)) {
    return origins;
  }
  return origins.flatMap((origin, index): Part[] => {
    const config = at(origin, "customOriginConfig");
    const id = at(origin, "originId");
    return config === undefined || config === null
      ? []
      : [{ label: `origins[${index}]${typeof id === "string" ? ` "${id}"` : ""}`, value: config }];
  });
}
