/**
 * Region proximity: how far a region is from a tenant's home. `fleet.yaml` lists `routing.regionGroups`, groups of
 * regions that are near each other (a continent), nearest groups first:
 *
 *     regionGroups: [[us-east-1, us-west-2], [eu-west-1], [ap-southeast-2]]
 *
 * From a home region, the order is: the home region, the other regions of its group (in listed order), then the
 * regions of the other groups (groups in listed order). A move between regions of two groups crosses a continent.
 * Without `regionGroups`, placement ignores homes (fleet/fleet-placement.ts); a default home is then picked as if
 * every allowed region were in one group, in the order `fleet.yaml` lists them. Pure.
 */
import type { FleetProblem } from "./problems";
import { suggestion } from "./problems";

/** The fields of a fleet proximity reads (a `Fleet` and a parsed `fleet.yaml` fit). */
export interface ProximityFleet {
  regions: Record<string, readonly string[]>;
  routing: { defaultRegion: string; regionGroups?: readonly (readonly string[])[] };
}

export type RegionGroups = readonly (readonly string[])[];

/** The fleet's region groups: as configured, or all allowed regions in one group. */
export function regionGroupsOf(fleet: ProximityFleet): RegionGroups {
  return fleet.routing.regionGroups ?? [Object.keys(fleet.regions)];
}

/** Every region of `groups`, nearest to `home` first; `home` itself first even when no group lists it. */
export function proximityOrder(home: string, groups: RegionGroups): string[] {
  const own = groups.findIndex((group) => group.includes(home));
  const ordered = [home, ...(own < 0 ? [] : groups[own]), ...groups.filter((_, index) => index !== own).flat()];
  return [...new Set(ordered)];
}

/** Index of the group holding `region`, or -1. */
export function groupIndexOf(groups: RegionGroups, region: string): number {
  return groups.findIndex((group) => group.includes(region));
}

/** True when `from` and `to` are in different groups (a region no group lists is its own continent). */
export function crossesContinent(groups: RegionGroups, from: string, to: string): boolean {
  if (from === to) {
    return false;
  }
  const a = groupIndexOf(groups, from);
  return a < 0 || a !== groupIndexOf(groups, to);
}

/**
 * The home of a tenant that states none: the fleet's default region, or — when the tenant's residency excludes
 * it — the residency region nearest to the default region.
 */
export function defaultHome(fleet: ProximityFleet, residencyRegions?: readonly string[]): string {
  const fallback = fleet.routing.defaultRegion;
  if (!residencyRegions || residencyRegions.includes(fallback)) {
    return fallback;
  }
  return (
    proximityOrder(fallback, regionGroupsOf(fleet)).find((region) => residencyRegions.includes(region)) ??
    residencyRegions[0]
  );
}

/**
 * `routing.regionGroups` names allowed regions, each once, and every allowed region (homes and cells may use any
 * of them, and placement must know how far each one is).
 */
export function regionGroupProblems(fleet: ProximityFleet, fleetPath: string): FleetProblem[] {
  const groups = fleet.routing.regionGroups;
  if (!groups) {
    return [];
  }
  const allowed = Object.keys(fleet.regions);
  const problems: FleetProblem[] = [];
  const seen = new Set<string>();
  groups.forEach((group, groupIndex) =>
    group.forEach((region, index) => {
      const at = `routing.regionGroups[${groupIndex}][${index}]`;
      if (!fleet.regions[region]) {
        problems.push({
          file: fleetPath,
          path: at,
          value: region,
          message: `is not one of the regions fleet.yaml allows${suggestion(region, allowed)}`,
        });
      } else if (seen.has(region)) {
        problems.push({ file: fleetPath, path: at, value: region, message: "is listed twice: each region once" });
      }
      seen.add(region);
    }),
  );
  for (const region of allowed.filter((candidate) => !seen.has(candidate))) {
    problems.push({
      file: fleetPath,
      path: "routing.regionGroups",
      message:
        `does not list ${region}: add it to the group of regions near it (or a group of its own), so placement ` +
        `knows how far it is from every tenant's home`,
    });
  }
  return problems;
}

/** A tenant placed outside its home region, or a move, with the regions at both ends. */
export interface RegionalMove {
  tenant: string;
  /** Cell before (absent: a new tenant) and after (absent: a removed tenant). */
  from?: string;
  to?: string;
  /** Region of `from`, or the tenant's home for a new tenant. */
  fromRegion?: string;
  toRegion?: string;
  /** The tenant's home region, when known. */
  home?: string;
  /** The two regions are in different groups: the tenant's data and traffic change continent. */
  crossesContinent: boolean;
}

/** Where each cell is and each tenant's home, for {@link regionalMoves} and {@link awayFromHome}. */
export interface RegionFacts {
  regionOfCell: ReadonlyMap<string, string>;
  homeOf: ReadonlyMap<string, string>;
  groups: RegionGroups | undefined;
}

/** The moves between two placements with their regions; a move crosses a continent only when groups are set. */
export function regionalMoves(
  moves: readonly { tenant: string; from?: string; to?: string }[],
  facts: RegionFacts,
): RegionalMove[] {
  return moves.map((move) => {
    const fromRegion = move.from === undefined ? facts.homeOf.get(move.tenant) : facts.regionOfCell.get(move.from);
    const toRegion = move.to === undefined ? undefined : facts.regionOfCell.get(move.to);
    const home = facts.homeOf.get(move.tenant);
    return {
      ...move,
      ...(home === undefined ? {} : { home }),
      ...(fromRegion === undefined ? {} : { fromRegion }),
      ...(toRegion === undefined ? {} : { toRegion }),
      crossesContinent:
        facts.groups !== undefined &&
        fromRegion !== undefined &&
        toRegion !== undefined &&
        crossesContinent(facts.groups, fromRegion, toRegion),
    };
  });
}

/** Tenants whose cell is outside their home region, by tenant id (`fromRegion` is the home). */
export function awayFromHome(assignments: Readonly<Record<string, string>>, facts: RegionFacts): RegionalMove[] {
  return Object.entries(assignments).flatMap(([tenant, cell]) => {
    const home = facts.homeOf.get(tenant);
    const region = facts.regionOfCell.get(cell);
    if (home === undefined || region === undefined || home === region) {
      return [];
    }
    return [
      {
        tenant,
        to: cell,
        home,
        fromRegion: home,
        toRegion: region,
        crossesContinent: facts.groups !== undefined && crossesContinent(facts.groups, home, region),
      },
    ];
  });
}
