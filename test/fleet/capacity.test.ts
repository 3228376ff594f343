import { describe, expect, it } from "vitest";
import { nextAddressBlock } from "../../fleet/address-blocks";
import { capacityReport, type CapacityCell } from "../../fleet/capacity";
import { nextCellId, regionAbbreviation } from "../../fleet/cell-naming";
import { placeFleetTenants } from "../../fleet/fleet-placement";
import { loadFleet } from "../../fleet/load";
import type { CellState } from "../../fleet/schema";
import { loadTenants } from "../../fleet/tenants";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

function cell(id: string, region: string, maxTenants: number, vpcCidr: string, state: CellState = "active") {
  return {
    id,
    region,
    state,
    vpcCidr,
    zones: [`${region}a`, `${region}b`, `${region}c`],
    network: { natGateways: "perZone" as const },
    capacity: { maxTenants },
  } satisfies CapacityCell;
}

/** A report for cells with given loads (a placement is only loads here). */
function report(cells: CapacityCell[], loads: Record<string, number>, targetUtilisation = 80) {
  return capacityReport({
    cells,
    quotas: { "us-east-1": { elasticIps: 20, vpcs: 10 } },
    fleetFile: "cells/fleet.yaml",
    targetUtilisation,
    placement: {
      cells: cells.map((entry) => ({ cell: entry.id, tenants: loads[entry.id] ?? 0, load: loads[entry.id] ?? 0 })),
    },
  });
}

describe("N+1 per region", () => {
  const east = [
    cell("use1-a", "us-east-1", 100, "10.16.0.0/16"),
    cell("use1-b", "us-east-1", 100, "10.17.0.0/16"),
    cell("use1-c", "us-east-1", 100, "10.18.0.0/16"),
  ];

  it("passes when the others' headroom within the target takes the largest cell's load", () => {
    // Targets 80 each; losing any cell (load 50) leaves 30 + 30 = 60 of headroom.
    const result = report(east, { "use1-a": 50, "use1-b": 50, "use1-c": 50 });
    expect(result.ok).toBe(true);
    expect(result.regions).toEqual([
      expect.objectContaining({ region: "us-east-1", activeCells: 3, load: 150, target: 240, ok: true, proposals: [] }),
    ]);
    expect(result.regions[0]).toMatchObject({ mustAbsorb: 50, canAbsorb: 60 });
    expect(result.cells.map((entry) => entry.headroom)).toEqual([30, 30, 30]);
  });

  it("fails when it does not, and proposes the next cell of the region: next id, next free block", () => {
    const result = report(east, { "use1-a": 60, "use1-b": 60, "use1-c": 60 });
    expect(result.ok).toBe(false);
    const region = result.regions[0];
    expect(region).toMatchObject({ ok: false, mustAbsorb: 60, canAbsorb: 40 });
    expect(region.proposals).toEqual([
      {
        id: "use1-d",
        region: "us-east-1",
        vpcCidr: "10.19.0.0/16",
        like: "use1-a",
        capacity: 100,
        command: "cells new use1-d --region us-east-1 --like use1-a",
      },
    ]);
    expect(region.quotaNotes).toEqual([]);
  });

  it("checks the cell whose loss hurts most: the largest, not the busiest", () => {
    const cells = [cell("big", "us-east-1", 500, "10.16.0.0/16"), cell("small", "us-east-1", 100, "10.17.0.0/16")];
    // Losing "big" (load 70) leaves small's 80 − 75 = 5; losing "small" (75) would leave 330.
    const region = report(cells, { big: 70, small: 75 }).regions[0];
    expect(region).toMatchObject({ largestCell: "big", mustAbsorb: 70, canAbsorb: 5, ok: false });
  });

  it("proposes as many cells as it takes, and says which quota to raise first", () => {
    const result = capacityReport({
      cells: [cell("usw2-a", "us-west-2", 100, "10.32.0.0/16")],
      quotas: {},
      fleetFile: "cells/fleet.yaml",
      targetUtilisation: 50,
      placement: { cells: [{ cell: "usw2-a", tenants: 90, load: 90 }] },
    });
    const region = result.regions[0];
    // Each new cell brings 50 of headroom; 90 must fit: two cells.
    expect(region.proposals.map((proposal) => [proposal.id, proposal.vpcCidr])).toEqual([
      ["usw2-b", "10.33.0.0/16"],
      ["usw2-c", "10.34.0.0/16"],
    ]);
    expect(region.quotaNotes).toEqual([
      expect.stringContaining("cells/fleet.yaml: quotas.us-west-2.elasticIps: the cells in us-west-2"),
    ]);
  });

  it("ignores draining and evacuated cells, and passes a region without an active cell", () => {
    const result = report(
      [cell("use1-a", "us-east-1", 100, "10.16.0.0/16", "draining"), cell("euw1-a", "eu-west-1", 100, "10.48.0.0/16")],
      { "euw1-a": 0 },
    );
    expect(result.regions.find((region) => region.region === "us-east-1")).toMatchObject({ activeCells: 0, ok: true });
    expect(result.cells[0]).toMatchObject({ target: 0, headroom: 0 });
  });

  it("reports the reference fleet: the single-cell regions fail, us-east-1 and eu-west-1 pass", () => {
    const fleet = loadFleet(REFERENCE_CELLS_DIR);
    const result = capacityReport({
      cells: fleet.cells,
      quotas: fleet.quotas,
      fleetFile: "cells/fleet.yaml",
      targetUtilisation: fleet.capacity?.targetUtilisation,
      placement: placeFleetTenants(fleet, loadTenants(fleet).tenants),
    });
    expect(Object.fromEntries(result.regions.map((region) => [region.region, region.ok]))).toEqual({
      "ap-southeast-2": false,
      "eu-west-1": true,
      "us-east-1": true,
      "us-west-2": false,
    });
    expect(result.regions.flatMap((region) => region.proposals.map((proposal) => proposal.id))).toEqual([
      "apse2-b",
      "usw2-b",
    ]);
  });
});

describe("names and address blocks for new cells", () => {
  it("abbreviates regions the way the fleet names cells", () => {
    expect(["us-east-1", "ap-southeast-2", "eu-central-1", "ap-northeast-3"].map(regionAbbreviation)).toEqual([
      "use1",
      "apse2",
      "euc1",
      "apne3",
    ]);
  });

  it("takes the letter after the region's last one, or starts the region's prefix at a", () => {
    const cells = [
      { id: "use1-a", region: "us-east-1" },
      { id: "use1-c", region: "us-east-1" },
      { id: "euw1-a", region: "eu-west-1" },
    ];
    expect(nextCellId("us-east-1", cells)).toBe("use1-d");
    expect(nextCellId("eu-west-1", cells)).toBe("euw1-b");
    expect(nextCellId("ap-southeast-2", cells)).toBe("apse2-a");
  });

  it("finds the first free block from the region's lowest one, skipping every block in use", () => {
    const used = ["10.16.0.0/16", "10.17.0.0/16", "10.18.0.0/17", "10.32.0.0/16"];
    expect(nextAddressBlock({ used, region: ["10.16.0.0/16", "10.17.0.0/16", "10.18.0.0/17"] })).toBe("10.19.0.0/16");
    expect(nextAddressBlock({ used, region: ["10.18.0.0/17"], prefix: 17 })).toBe("10.18.128.0/17");
    // A region's first cell starts the next /12 after every block in use.
    expect(nextAddressBlock({ used, region: [] })).toBe("10.48.0.0/16");
  });

  it("wraps round the private range and says when it is full", () => {
    expect(nextAddressBlock({ used: ["10.255.0.0/16"], region: ["10.255.0.0/16"] })).toBe("10.0.0.0/16");
    const all = Array.from({ length: 256 }, (_, index) => `10.${index}.0.0/16`);
    expect(nextAddressBlock({ used: all, region: ["10.3.0.0/16"] })).toBeUndefined();
  });
});
