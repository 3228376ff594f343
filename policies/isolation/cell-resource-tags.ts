import { CELLPLANE_CONTROLS, cellplaneControl, nist, NIST_800_53 } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, StackPolicyDefinition } from "../lib/policy";
import { CELL_TAGS, effectiveTags, MANAGED_BY } from "../lib/tags";
import { isNonEmptyString, isUnknown } from "../lib/values";
import { TAGGABLE_AWS_TYPES } from "./taggable-aws-types";

function tagFindings(resource: CheckedResource): Finding[] {
  const tags = effectiveTags(resource);
  if (isUnknown(tags)) {
    return [notYetCheckable("tags", resource.urn)];
  }
  const keys = Object.values(CELL_TAGS);
  if (keys.some((key) => isUnknown(tags[key]))) {
    return [notYetCheckable(`tags ${keys.filter((key) => isUnknown(tags[key])).join(", ")}`, resource.urn)];
  }
  const missing = keys.filter((key) => !isNonEmptyString(tags[key]));
  const findings: Finding[] = [];
  if (missing.length > 0) {
    findings.push(
      violation(
        `${resource.name} lacks the cell tag(s) ${missing.join(", ")}: tag it with cellTags(cell) ` +
          `(components/lib/common.ts)`,
        resource.urn,
      ),
    );
  }
  const managedBy = tags[CELL_TAGS.managedBy];
  if (isNonEmptyString(managedBy) && managedBy !== MANAGED_BY) {
    findings.push(
      violation(`${resource.name} has ${CELL_TAGS.managedBy}=${managedBy}, expected "${MANAGED_BY}"`, resource.urn),
    );
  }
  return findings;
}

export const cellResourceTags: StackPolicyDefinition = {
  scope: "stack",
  name: "cell-resource-tags",
  description:
    `In a cell stack, every taggable AWS resource carries ${Object.values(CELL_TAGS).join(", ")} (own ` +
    `tags, tagsAll or the provider's default tags).`,
  group: "isolation",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    cellplaneControl("CELL-1", "Every cell resource is attributable to its cell, region and owner"),
    nist("CM-8", "System component inventory"),
  ],
  references: [CELLPLANE_CONTROLS, NIST_800_53],
  remediation:
    "Pass `tags: cellTags(cell)` to every AWS resource (or set the cell provider's `defaultTags`). Component " +
    "resources carry no tags and are not checked.",
  resourceTypes: [...TAGGABLE_AWS_TYPES],
  check: (stack) => (stack.cell ? stack.resources.flatMap(tagFindings) : []),
};
