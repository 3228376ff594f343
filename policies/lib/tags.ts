/**
 * The tags a resource ends up with: its provider's default tags, then the `tagsAll` the provider computes
 * (resolved outputs), then its own `tags`. Each layer may be a map, a JSON string (provider state), or a list of
 * `{ key, value }` entries (autoscaling groups).
 */
import type { CheckedProvider, CheckedResource } from "./policy";
import { at, isPlainArray, isPlainObject, isUnknown, objectOrJson, UNKNOWN, type Plain, type Unknown } from "./values";

/** The cell tags every AWS resource of a cell carries (components/lib/common.ts CELL_TAG_KEYS). */
export const CELL_TAGS = {
  cell: "cellplane:cell",
  region: "cellplane:region",
  owner: "cellplane:owner",
  managedBy: "managed-by",
} as const;

export const MANAGED_BY = "cellplane";

export type TagMap = Readonly<Record<string, Plain>>;

function tagLayer(value: Plain | undefined): TagMap | Unknown {
  if (isUnknown(value)) {
    return UNKNOWN;
  }
  if (isPlainArray(value)) {
    return tagEntries(value);
  }
  const parsed = objectOrJson(value);
  return "value" in parsed && isPlainObject(parsed.value) ? parsed.value : {};
}

function tagEntries(entries: readonly Plain[]): TagMap | Unknown {
  const tags: Record<string, Plain> = {};
  for (const entry of entries) {
    const key = at(entry, "key") ?? at(entry, "Key");
    if (isUnknown(entry) || isUnknown(key)) {
      return UNKNOWN;
    }
    if (typeof key === "string") {
      tags[key] = at(entry, "value") ?? at(entry, "Value") ?? null;
    }
  }
  return tags;
}

export function providerDefaultTags(provider: CheckedProvider | undefined): TagMap | Unknown {
  if (!provider) {
    return {};
  }
  const defaultTags = objectOrJson(at(provider.props, "defaultTags"));
  return "value" in defaultTags ? tagLayer(at(defaultTags.value, "tags")) : {};
}

/** The merged tags, or {@link UNKNOWN} when a layer is not computed yet. */
export function effectiveTags(resource: CheckedResource): TagMap | Unknown {
  const layers = [
    providerDefaultTags(resource.provider),
    tagLayer(at(resource.props, "tagsAll")),
    tagLayer(at(resource.props, "tags")),
  ];
  if (layers.some(isUnknown)) {
    return UNKNOWN;
  }
  return Object.assign({}, ...layers) as TagMap;
}

/** The region a provider resource (or a resource's provider) deploys to. */
export function providerRegion(provider: { props: CheckedProvider["props"] } | undefined): Plain | undefined {
  return provider ? at(provider.props, "region") : undefined;
}

/**
 * Whether a resource belongs to a cell: its effective tags carry `cellplane:cell` (every cell component tags its
 * resources so; `cell-resource-tags` makes sure of it in cell stacks). Unknown while the tags are.
 */
export function cellOwnership(resource: CheckedResource): "cell" | "other" | Unknown {
  const tags = effectiveTags(resource);
  if (isUnknown(tags)) {
    return UNKNOWN;
  }
  const cell = tags[CELL_TAGS.cell];
  if (isUnknown(cell)) {
    return UNKNOWN;
  }
  return typeof cell === "string" && cell.length > 0 ? "cell" : "other";
}
