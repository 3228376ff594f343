import { afterEach, describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import { formatProblem } from "../../fleet/problems";
import { awayFromHome, crossesContinent, defaultHome, proximityOrder, regionalMoves } from "../../fleet/proximity";
import { copyReferenceFleet, type TempFleet, rejectionOf } from "../support/fleet-dir";

const GROUPS = [["us-east-1", "us-west-2"], ["eu-west-1"], ["ap-southeast-2"]];

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

describe("region proximity", () => {
  it("orders regions from a home: itself, its group, then the other groups in listed order", () => {
    expect(proximityOrder("us-west-2", GROUPS)).toEqual(["us-west-2", "us-east-1", "eu-west-1", "ap-southeast-2"]);
    expect(proximityOrder("ap-southeast-2", GROUPS)).toEqual(["ap-southeast-2", "us-east-1", "us-west-2", "eu-west-1"]);
  });

  it("crosses a continent between groups only", () => {
    expect(crossesContinent(GROUPS, "us-east-1", "us-west-2")).toBe(false);
    expect(crossesContinent(GROUPS, "us-east-1", "eu-west-1")).toBe(true);
    expect(crossesContinent(GROUPS, "eu-west-1", "eu-west-1")).toBe(false);
  });

  it("defaults a home to the default region, or the nearest region of the tenant's residency", () => {
    const regions = { "us-east-1": [], "us-west-2": [], "eu-west-1": [], "ap-southeast-2": [] };
    const proximity = { regions, routing: { defaultRegion: "us-east-1", regionGroups: GROUPS } };
    expect(defaultHome(proximity)).toBe("us-east-1");
    expect(defaultHome(proximity, ["ap-southeast-2", "us-west-2"])).toBe("us-west-2");
    expect(defaultHome(proximity, ["eu-west-1"])).toBe("eu-west-1");
  });

  it("annotates moves and tenants away from home with their regions and continent crossings", () => {
    const facts = {
      regionOfCell: new Map([
        ["use1-a", "us-east-1"],
        ["usw2-a", "us-west-2"],
        ["euw1-a", "eu-west-1"],
      ]),
      homeOf: new Map([
        ["t1", "us-east-1"],
        ["t2", "us-east-1"],
        ["t3", "eu-west-1"],
      ]),
      groups: GROUPS,
    };
    expect(
      regionalMoves(
        [
          { tenant: "t1", from: "use1-a", to: "usw2-a" },
          { tenant: "t2", from: "use1-a", to: "euw1-a" },
          { tenant: "t3", to: "use1-a" },
        ],
        facts,
      ).map((move) => [move.tenant, move.fromRegion, move.toRegion, move.crossesContinent]),
    ).toEqual([
      ["t1", "us-east-1", "us-west-2", false],
      ["t2", "us-east-1", "eu-west-1", true],
      ["t3", "eu-west-1", "us-east-1", true],
    ]);
    expect(awayFromHome({ t1: "use1-a", t2: "usw2-a", t3: "use1-a" }, facts)).toEqual([
      {
        tenant: "t2",
        to: "usw2-a",
        home: "us-east-1",
        fromRegion: "us-east-1",
        toRegion: "us-west-2",
        crossesContinent: false,
      },
      {
        tenant: "t3",
        to: "use1-a",
        home: "eu-west-1",
        fromRegion: "eu-west-1",
        toRegion: "us-east-1",
        crossesContinent: true,
      },
    ]);
  });
});

describe("routing.regionGroups validation", () => {
  function problemsWith(groups: unknown): string[] {
    fleet = copyReferenceFleet();
    fleet.edit("fleet.yaml", (document) => ((document.routing as Record<string, unknown>).regionGroups = groups));
    const cellsDir = fleet.cellsDir;
    return rejectionOf(() => loadFleet(cellsDir)).map(formatProblem);
  }

  it("names an unknown region, a region listed twice and every allowed region left out, with the fix", () => {
    expect(
      problemsWith([
        ["us-east-1", "us-east-2"],
        ["eu-west-1", "us-east-1"],
      ]),
    ).toEqual([
      "fleet.yaml: routing.regionGroups[0][1]: is not one of the regions fleet.yaml allows " +
        '(did you mean "us-east-1"?) (found "us-east-2")',
      'fleet.yaml: routing.regionGroups[1][1]: is listed twice: each region once (found "us-east-1")',
      "fleet.yaml: routing.regionGroups: does not list us-west-2: add it to the group of regions near it (or a group " +
        "of its own), so placement knows how far it is from every tenant's home",
      "fleet.yaml: routing.regionGroups: does not list ap-southeast-2: add it to the group of regions near it (or a " +
        "group of its own), so placement knows how far it is from every tenant's home",
    ]);
  });
});
