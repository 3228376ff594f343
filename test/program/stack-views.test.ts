/**
 * What each stack reads of the fleet and of other stacks (program/stack-views.ts): the input fingerprint hashes
 * exactly this, so a change outside a stack's view or its read outputs must not show in it, and one inside must.
 */
import { describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import {
  bootstrapView,
  globalView,
  outputsReadBy,
  READ_OUTPUTS,
  readOutputs,
  stacksReadBy,
} from "../../program/stack-views";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

const fleet = loadFleet(REFERENCE_CELLS_DIR);
const stacks = new Set([
  "account",
  "region-us-east-1",
  "region-us-west-2",
  ...fleet.cells.map((cell) => `cell-${cell.id}`),
  "global",
]);

describe("fleet views", () => {
  it("leave out what the stack does not read: a cell's database, queues and file path", () => {
    const edited = {
      ...fleet,
      dir: "/elsewhere",
      cells: fleet.cells.map((cell) => ({
        ...cell,
        file: `/elsewhere/${cell.id}.yaml`,
        database: { ...cell.database, instanceClass: "db.r7g.4xlarge" },
        queues: [],
      })),
    };
    expect(JSON.stringify(globalView(edited))).toBe(JSON.stringify(globalView(fleet)));
    expect(JSON.stringify(bootstrapView(edited))).toBe(JSON.stringify(bootstrapView(fleet)));
  });

  it("change with what the stack reads: a cell's state for global, the regions in use for the bootstrap stacks", () => {
    const draining = {
      ...fleet,
      cells: fleet.cells.map((cell, i) => (i === 0 ? { ...cell, state: "draining" as const } : cell)),
    };
    expect(JSON.stringify(globalView(draining))).not.toBe(JSON.stringify(globalView(fleet)));
    const oneRegion = { ...fleet, cells: fleet.cells.filter((cell) => cell.region === "us-east-1") };
    expect(bootstrapView(oneRegion).regionsInUse).toEqual(["us-east-1"]);
    expect(bootstrapView(fleet).regionsInUse.length).toBeGreaterThan(1);
  });
});

describe("the stacks and outputs a stack reads", () => {
  it("a region stack reads the account, a cell its region, global the account, the edge region and the cells", () => {
    const cell = fleet.cells.find((candidate) => candidate.region === "us-west-2")!;
    expect(stacksReadBy("account", fleet, stacks)).toEqual([]);
    expect(stacksReadBy("region-us-west-2", fleet, stacks)).toEqual(["account"]);
    expect(stacksReadBy(`cell-${cell.id}`, fleet, stacks)).toEqual(["region-us-west-2"]);
    expect(stacksReadBy("global", fleet, stacks)).toEqual([
      "account",
      "region-us-east-1",
      ...fleet.cells.map((entry) => `cell-${entry.id}`),
    ]);
    // Only among the stacks planned: without bootstrap stacks, a cell reads none.
    expect(stacksReadBy(`cell-${cell.id}`, fleet, new Set([`cell-${cell.id}`]))).toEqual([]);
  });

  it("global reads a cell's load balancer and health path, not its queues", () => {
    const outputs = {
      loadBalancerDnsName: "lb.example",
      loadBalancerZoneId: "Z1",
      healthCheckPath: "/health",
      queueUrls: { orders: "https://sqs/orders" },
    };
    expect(readOutputs("global", "cell-a", outputs)).toEqual({
      loadBalancerDnsName: "lb.example",
      loadBalancerZoneId: "Z1",
      healthCheckPath: "/health",
    });
    expect(outputsReadBy("cell-a", "region-us-east-1")).toEqual([READ_OUTPUTS.cellCertificate]);
    expect(outputsReadBy("global", "region-us-east-1")).toEqual([READ_OUTPUTS.edgeCertificate]);
    expect(outputsReadBy("region-us-east-1", "account")).toEqual([READ_OUTPUTS.accountZone]);
  });
});
