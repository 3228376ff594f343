import { afterEach, describe, expect, it } from "vitest";
import * as path from "node:path";
import { loadFleet } from "../../fleet/load";
import { formatProblem, type FleetProblem } from "../../fleet/problems";
import { copyReferenceFleet, REFERENCE_CELLS_DIR, type TempFleet, rejectionOf } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

function problemsOf(dir: string): FleetProblem[] {
  return rejectionOf(() => loadFleet(dir));
}

function edited(file: string, edit: (document: Record<string, unknown>) => void): FleetProblem[] {
  fleet = copyReferenceFleet();
  fleet.edit(file, edit);
  return problemsOf(fleet.cellsDir);
}

describe("the reference fleet", () => {
  const reference = loadFleet(REFERENCE_CELLS_DIR);

  it("has at least 6 cells in at least 3 regions, sorted by id", () => {
    expect(reference.cells.length).toBeGreaterThanOrEqual(6);
    expect(new Set(reference.cells.map((cell) => cell.region)).size).toBeGreaterThanOrEqual(3);
    expect(reference.cells.map((cell) => cell.id)).toEqual([...reference.cells.map((cell) => cell.id)].sort());
  });

  it("fills what a cell file leaves out from the fleet defaults, and keeps what it states", () => {
    const usw2 = reference.cells.find((cell) => cell.id === "usw2-a")!;
    expect(usw2.owner).toBe("platform-team");
    expect(usw2.zones).toEqual(["us-west-2a", "us-west-2b", "us-west-2c"]);
    expect(usw2.database).toEqual({
      engineVersion: "16.8",
      instanceClass: "db.r7g.large",
      readReplicas: 2,
      backupRetentionDays: 14,
    });
    const use1a = reference.cells.find((cell) => cell.id === "use1-a")!;
    expect(use1a.database.readReplicas).toBe(3);
    expect(use1a.database.engineVersion).toBe("16.8");
    expect(use1a.queues.map((queue) => [queue.name, queue.fifo])).toEqual([
      ["orders", false],
      ["notifications", false],
      ["ledger", true],
    ]);
    const apse2 = reference.cells.find((cell) => cell.id === "apse2-a")!;
    expect(apse2.zones).toEqual(["ap-southeast-2a", "ap-southeast-2b"]);
  });
});

describe("fleet validation", () => {
  it("rejects a malformed CIDR, naming file, field and value", () => {
    expect(edited("use1-b.yaml", (cell) => (cell.vpcCidr = "10.17.0.0/33"))).toEqual([
      {
        file: "use1-b.yaml",
        path: "vpcCidr",
        value: "10.17.0.0/33",
        message: "has an octet above 255 or a prefix above /32",
      },
    ]);
  });

  it("rejects a CIDR with host bits set, telling the network address", () => {
    expect(edited("use1-b.yaml", (cell) => (cell.vpcCidr = "10.17.5.0/16"))).toEqual([
      {
        file: "use1-b.yaml",
        path: "vpcCidr",
        value: "10.17.5.0/16",
        message: "has host bits set: the network address for /16 is 10.17.0.0",
      },
    ]);
  });

  it("rejects VPCs outside /16-/20 and outside the private ranges", () => {
    expect(edited("use1-b.yaml", (cell) => (cell.vpcCidr = "10.17.0.0/24"))[0].message).toBe(
      "must be a /16 to /20 block, room for the subnets of six zones",
    );
    expect(edited("use1-b.yaml", (cell) => (cell.vpcCidr = "11.17.0.0/16"))[0].message).toBe(
      "must lie in a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16)",
    );
  });

  it("rejects overlapping CIDRs across cells and names the other cell", () => {
    const problems = edited("use1-b.yaml", (cell) => (cell.vpcCidr = "10.16.128.0/17"));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "use1-b.yaml", path: "vpcCidr", value: "10.16.128.0/17" });
    expect(problems[0].message).toMatch(
      /^overlaps 10\.16\.0\.0\/16 of cell use1-a \(.*use1-a\.yaml\): every cell needs its own address block$/,
    );
  });

  it("rejects a region outside the allow-list, listing the allowed ones", () => {
    expect(edited("usw2-a.yaml", (cell) => (cell.region = "sa-east-1"))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "region",
        value: "sa-east-1",
        message: "is not an allowed region; fleet.yaml allows us-east-1, us-west-2, eu-west-1, ap-southeast-2",
      },
    ]);
  });

  it("rejects zones that belong to another region", () => {
    expect(edited("use1-b.yaml", (cell) => (cell.zones = ["us-east-1b", "eu-west-1a"]))).toEqual([
      {
        file: "use1-b.yaml",
        path: "zones[1]",
        value: "eu-west-1a",
        message: "is not a zone of us-east-1; use one of us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f",
      },
    ]);
  });

  it("rejects fewer than two zones", () => {
    expect(edited("use1-b.yaml", (cell) => (cell.zones = ["us-east-1b"]))).toEqual([
      { file: "use1-b.yaml", path: "zones", value: ["us-east-1b"], message: "must list at least 2 zones" },
    ]);
    expect(edited("usw2-a.yaml", (cell) => (cell.zoneCount = 1))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "zoneCount",
        value: 1,
        message: "must be at least 2: a cell spans several availability zones",
      },
    ]);
  });

  it("rejects zero read replicas with the reason", () => {
    expect(edited("usw2-a.yaml", (cell) => (cell.database = { readReplicas: 0 }))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "database.readReplicas",
        value: 0,
        message: "must be at least 1: every cell keeps a reader replica to fail over to",
      },
    ]);
  });

  it("rejects a typo'd field and suggests the right name", () => {
    expect(edited("usw2-a.yaml", (cell) => (cell.capacty = { min: 3 }))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "capacty",
        message: 'is not a known field (did you mean "capacity"?); remove it or fix its spelling',
      },
    ]);
    expect(edited("usw2-a.yaml", (cell) => (cell.database = { readReplica: 2 }))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "database.readReplica",
        message: 'is not a known field (did you mean "readReplicas"?); remove it or fix its spelling',
      },
    ]);
  });

  it("rejects min > desired or desired > max", () => {
    expect(edited("usw2-a.yaml", (cell) => (cell.capacity = { min: 5, desired: 2 }))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "capacity.desired",
        value: 2,
        message: "must satisfy min <= desired <= max (min 5, desired 2, max 12)",
      },
    ]);
    expect(edited("usw2-a.yaml", (cell) => (cell.capacity = { desired: 20 }))[0]).toMatchObject({
      path: "capacity.desired",
      value: 20,
    });
  });

  it("rejects duplicate queue names in a cell", () => {
    expect(edited("usw2-a.yaml", (cell) => (cell.queues = [{ name: "orders" }, { name: "orders" }]))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "queues[1].name",
        value: "orders",
        message: "is already used by another queue of this cell: queue names must be unique in a cell",
      },
    ]);
  });

  it("rejects duplicate cell ids and ids that do not match the file name", () => {
    fleet = copyReferenceFleet();
    fleet.edit("usw2-a.yaml", (cell) => (cell.id = "use1-a"));
    const problems = problemsOf(fleet.cellsDir);
    expect(problems).toContainEqual({
      file: "usw2-a.yaml",
      path: "id",
      value: "use1-a",
      message: 'must match the file name: rename the file to use1-a.yaml or set id to "usw2-a"',
    });
    expect(
      problems.some((problem) => problem.path === "id" && problem.message.startsWith("is already the id of ")),
    ).toBe(true);
  });

  it("rejects an unknown lifecycle state, listing the allowed ones", () => {
    expect(edited("usw2-a.yaml", (cell) => (cell.state = "paused"))).toEqual([
      {
        file: "usw2-a.yaml",
        path: "state",
        value: "paused",
        message: 'must be one of "active", "draining", "evacuated"',
      },
    ]);
  });

  it("blames fleet.yaml when the bad value comes from the defaults", () => {
    const problems = edited(
      "fleet.yaml",
      (file) => ((file.defaults as Record<string, Record<string, unknown>>).cache.replicas = 0),
    );
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems.filter((p) => p.path.endsWith("cache.replicas"))) {
      expect(problem).toEqual({
        file: "fleet.yaml",
        path: "defaults.cache.replicas",
        value: 0,
        message: "must be at least 1: automatic failover needs a replica",
      });
    }
    // apse2-a, use1-c state their own cache replicas; the other five cells inherit the bad default.
    expect(problems.filter((p) => p.path === "defaults.cache.replicas")).toHaveLength(5);
  });

  it("reports every problem in every file at once", () => {
    fleet = copyReferenceFleet();
    fleet.edit("usw2-a.yaml", (cell) => Object.assign(cell, { vpcCidr: "10.32.0.0/33", region: "mars-1" }));
    fleet.edit("euw1-b.yaml", (cell) => Object.assign(cell, { database: { readReplicas: 0 }, capacty: {} }));
    const problems = problemsOf(fleet.cellsDir);
    expect(problems.map((problem) => `${problem.file}:${problem.path}`).sort()).toEqual([
      "euw1-b.yaml:capacty",
      "euw1-b.yaml:database.readReplicas",
      "usw2-a.yaml:region",
      "usw2-a.yaml:vpcCidr",
    ]);
  });

  it("reports YAML syntax errors with line and column", () => {
    fleet = copyReferenceFleet();
    fleet.write("usw2-a.yaml", "id: usw2-a\nregion: [us-west-2\n");
    const [problem] = problemsOf(fleet.cellsDir);
    expect(problem.file).toBe("usw2-a.yaml");
    expect(problem.path).toMatch(/^line \d+, column \d+$/);
    expect(problem.message).toMatch(/^is not valid YAML: /);
  });

  it("formats a problem as file: field: message (found value)", () => {
    expect(
      formatProblem({ file: "cells/a.yaml", path: "database.readReplicas", value: 0, message: "must be at least 1" }),
    ).toBe("cells/a.yaml: database.readReplicas: must be at least 1 (found 0)");
  });

  it("rejects a folder without fleet.yaml with the fix", () => {
    const [problem] = problemsOf(path.join(REFERENCE_CELLS_DIR, "does-not-exist"));
    expect(problem.message).toContain("pass --cells-dir <folder>");
  });
});
