import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadFleet, readYamlObject } from "../../fleet/load";
import { newCellFile } from "../../fleet/new-cell";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

const fleet = loadFleet(REFERENCE_CELLS_DIR);
const like = (id: string) => {
  const spec = fleet.cells.find((cell) => cell.id === id)!;
  return { spec, raw: readYamlObject(spec.file).value! };
};

describe("a new cell's file", () => {
  it("takes the next free block of the region and the region's first zones; states nothing else without --like", () => {
    const made = newCellFile(fleet, { id: "usw2-b", region: "us-west-2", state: "active", defaultZoneCount: 3 });
    expect(made).toMatchObject({ vpcCidr: "10.33.0.0/16", zones: ["us-west-2a", "us-west-2b", "us-west-2c"] });
    const text = (made as { text: string }).text;
    expect(text).toMatch(/^# Cell usw2-b in us-west-2, created by `cells new`\./);
    expect(text).toContain("zones: [us-west-2a, us-west-2b, us-west-2c]\n");
    expect(parse(text)).toEqual({
      id: "usw2-b",
      region: "us-west-2",
      vpcCidr: "10.33.0.0/16",
      state: "active",
      zones: ["us-west-2a", "us-west-2b", "us-west-2c"],
    });
  });

  it("copies the shape of --like (zone count and block size too), never its id, region, block, state or zones", () => {
    const fromSydney = newCellFile(fleet, {
      id: "usw2-b",
      region: "us-west-2",
      state: "draining",
      like: like("apse2-a"),
      defaultZoneCount: 3,
    });
    expect(parse((fromSydney as { text: string }).text)).toMatchObject({
      id: "usw2-b",
      state: "draining",
      zones: ["us-west-2a", "us-west-2b"],
      capacity: { maxTenants: 250 },
    });
    expect(parse((fromSydney as { text: string }).text)).not.toHaveProperty("zoneCount");
    const small = newCellFile(fleet, {
      id: "use1-d",
      region: "us-east-1",
      state: "active",
      like: like("use1-c"),
      defaultZoneCount: 3,
    });
    // use1-c is a /17 at 10.18.0.0: the next free /17 is the other half of that /16.
    expect(small).toMatchObject({ vpcCidr: "10.18.128.0/17" });
  });

  it("refuses a cell with more zones than the region lists, naming the fix", () => {
    const tooMany = newCellFile(fleet, {
      id: "apse2-b",
      region: "ap-southeast-2",
      state: "active",
      defaultZoneCount: 4,
    });
    expect(tooMany).toBe(
      "ap-southeast-2 lists 3 zones in fleet.yaml but the cell needs 4: add zones to regions.ap-southeast-2",
    );
  });
});
