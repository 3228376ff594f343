import { AWS_PROVIDER } from "../lib/aws";
import { knownCellIds, otherCellsNamed } from "../lib/cells";
import { CELLPLANE_CONTROLS, cellplaneControl } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { CELL_TAGS, effectiveTags, providerRegion } from "../lib/tags";
import { at, isUnknown } from "../lib/values";
import { TAGGABLE_AWS_TYPES } from "./taggable-aws-types";

interface RegionRead {
  region?: string;
  findings: Finding[];
}

/** The one region the stack's AWS providers deploy to. */
function cellRegion(providers: readonly CheckedResource[]): RegionRead {
  const findings: Finding[] = [];
  const regions = new Set<string>();
  for (const provider of providers) {
    const region = providerRegion(provider);
    if (isUnknown(region)) {
      findings.push(notYetCheckable("region", provider.urn));
    } else if (typeof region === "string" && region.length > 0) {
      regions.add(region);
    } else {
      findings.push(
        violation(`AWS provider ${provider.name} does not pin a region: set region to the cell's region`, provider.urn),
      );
    }
  }
  if (regions.size > 1) {
    const list = [...regions].sort().join(", ");
    return {
      findings: [
        ...findings,
        ...providers.map((provider) =>
          violation(
            `the cell stack's AWS providers deploy to several regions (${list}): a cell lives in one region`,
            provider.urn,
          ),
        ),
      ],
    };
  }
  return { region: [...regions][0], findings };
}

function resourceFindings(
  resource: CheckedResource,
  cell: string,
  region: string | undefined,
  cells: readonly string[],
): Finding[] {
  const findings: Finding[] = [];
  const others = otherCellsNamed(resource.name, cell, cells);
  if (others.length > 0) {
    findings.push(
      violation(
        `${resource.name} is named for cell ${others.join(", ")}, not ${cell}: it belongs in that cell's stack`,
        resource.urn,
      ),
    );
  }
  const tags = effectiveTags(resource);
  const cellTag = isUnknown(tags) ? tags : tags[CELL_TAGS.cell];
  const regionTag = isUnknown(tags) ? tags : tags[CELL_TAGS.region];
  const ownRegion = at(resource.props, "region");
  if ([cellTag, regionTag, ownRegion].some(isUnknown)) {
    findings.push(notYetCheckable("cell and region tags / region", resource.urn));
  }
  if (typeof cellTag === "string" && cellTag !== cell) {
    findings.push(
      violation(`${resource.name} is tagged ${CELL_TAGS.cell}=${cellTag} in the stack of cell ${cell}`, resource.urn),
    );
  }
  if (region && typeof regionTag === "string" && regionTag !== region) {
    findings.push(
      violation(
        `${resource.name} is tagged ${CELL_TAGS.region}=${regionTag} but the cell deploys to ${region}`,
        resource.urn,
      ),
    );
  }
  if (region && typeof ownRegion === "string" && ownRegion.length > 0 && ownRegion !== region) {
    findings.push(
      violation(
        `${resource.name} overrides its region to ${ownRegion} but the cell deploys to ${region}`,
        resource.urn,
      ),
    );
  }
  return findings;
}

function checkStack(stack: CheckedStack): Finding[] {
  const cell = stack.cell;
  if (!cell) {
    return [];
  }
  const providers = stack.resources.filter((resource) => resource.type === AWS_PROVIDER);
  const { region, findings } = cellRegion(providers);
  const cells = knownCellIds(cell);
  const resources = stack.resources.filter((resource) => resource.type !== AWS_PROVIDER);
  return [...findings, ...resources.flatMap((resource) => resourceFindings(resource, cell, region, cells))];
}

export const cellSingleCellRegion: StackPolicyDefinition = {
  scope: "stack",
  name: "cell-single-cell-region",
  description:
    "A cell stack (cell-<id>) holds resources of its own cell and one region only: its AWS providers share one " +
    "region, and no resource is tagged, named or regioned for another cell or region.",
  group: "isolation",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [cellplaneControl("CELL-2", "A cell stack deploys one cell into one region")],
  references: [CELLPLANE_CONTROLS],
  remediation:
    "Build each cell's resources only in its own `cell-<id>` stack, through the cell's explicit AWS provider (region " +
    "= the cell's region); do not set a per-resource `region` that differs from it.",
  resourceTypes: [...TAGGABLE_AWS_TYPES, AWS_PROVIDER],
  check: checkStack,
};
