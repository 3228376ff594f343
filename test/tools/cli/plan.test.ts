import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCells, withoutProgress } from "../../support/cli";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

/** A copy of the reference fleet cut down to the cells named, to keep CLI runs short (and no global stack). */
function fleetWith(cellIds: string[]): TempFleet {
  const copy = copyReferenceFleet();
  rmSync(path.join(copy.stacksDir, "Pulumi.global.yaml"));
  for (const file of readdirSync(copy.cellsDir)) {
    const id = file.replace(/\.yaml$/, "");
    if (!["fleet", "tenants", ...cellIds].includes(id)) {
      copy.remove(file);
    }
  }
  return copy;
}

function plan(copy: TempFleet, extra: string[] = []) {
  return runCells([
    "plan",
    "--cells-dir",
    copy.cellsDir,
    "--stacks-dir",
    copy.stacksDir,
    "--out",
    path.join(copy.root, "out"),
    ...extra,
  ]);
}

describe("cells plan", () => {
  it("writes one plan per stack and prints the table", () => {
    fleet = fleetWith(["use1-c"]);
    const result = plan(fleet);
    expect(withoutProgress(result.stderr)).toBe(""); // progress lines only
    expect(result.stderr).toMatch(/^cells plan: 3\/3 stacks planned \(cell-use1-c\)$/m); // account, region, cell
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^STACK\s+REGION\s+STATE\s+RESOURCES/m);
    expect(result.stdout).toMatch(/^cell-use1-c\s+us-east-1\s+active\s+\d+\s+.*rds \d+/m);
    expect(result.stdout).toContain(
      "Deploy in this order (docs/deploy.md), each step after the one before:\n" +
        "  1. account: account\n  2. regions: region-us-east-1\n  3. cells: cell-use1-c\n\n",
    );
    const written = readdirSync(path.join(fleet.root, "out"));
    expect(written).toContain("cell-use1-c.json");
    const planFile = JSON.parse(readFileSync(path.join(fleet.root, "out", "cell-use1-c.json"), "utf8")) as {
      stack: string;
      resources: unknown[];
    };
    expect(planFile.stack).toBe("cell-use1-c");
    expect(planFile.resources.length).toBeGreaterThan(50);
  });

  it.each([
    [
      "a bad CIDR",
      "use1-c.yaml",
      (cell: Record<string, unknown>) => (cell.vpcCidr = "10.18.0.0/33"),
      /use1-c\.yaml: vpcCidr: has an octet above 255 or a prefix above \/32 \(found "10\.18\.0\.0\/33"\)/,
    ],
    [
      "an overlapping CIDR",
      "use1-c.yaml",
      (cell: Record<string, unknown>) => (cell.vpcCidr = "10.16.0.0/17"),
      /use1-c\.yaml: vpcCidr: overlaps 10\.16\.0\.0\/16 of cell use1-a/,
    ],
    [
      "an unknown region",
      "use1-c.yaml",
      (cell: Record<string, unknown>) => (cell.region = "sa-east-1"),
      /use1-c\.yaml: region: is not an allowed region/,
    ],
    [
      "zero replicas",
      "use1-c.yaml",
      (cell: Record<string, unknown>) => (cell.database = { readReplicas: 0 }),
      /use1-c\.yaml: database\.readReplicas: must be at least 1/,
    ],
    [
      "a typo'd field",
      "use1-c.yaml",
      (cell: Record<string, unknown>) => (cell.databse = {}),
      /use1-c\.yaml: databse: is not a known field \(did you mean "database"\?\)/,
    ],
    [
      "more Elastic IPs than the region's quota (use1-a's three NAT gateways and use1-c's one, against 3)",
      "fleet.yaml",
      (fleetFile: Record<string, unknown>) => (fleetFile.quotas = { "us-east-1": { elasticIps: 3 } }),
      new RegExp(
        "fleet\\.yaml: quotas\\.us-east-1\\.elasticIps: the cells in us-east-1 \\(use1-a 3, use1-c 1; one per NAT " +
          'gateway\\) need 4 Elastic IPs but the quota is 3; raise "EC2-VPC Elastic IPs" \\(L-0263D0A3\\) with ' +
          "`aws service-quotas request-service-quota-increase --region us-east-1 --service-code ec2 --quota-code " +
          "L-0263D0A3 --desired-value 4`",
      ),
    ],
  ])("rejects %s with exit code 2, naming file and field, and writes nothing", (_label, file, edit, message) => {
    fleet = fleetWith(["use1-a", "use1-c"]);
    fleet.edit(file, edit);
    const result = plan(fleet);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/nothing was written/);
    expect(result.stdout).toBe("");
    expect(existsSync(path.join(fleet.root, "out"))).toBe(false);
  });

  it("keeps the previous plan folder untouched when the fleet turns bad", () => {
    fleet = fleetWith(["use1-c"]);
    expect(plan(fleet).status).toBe(0);
    const before = readFileSync(path.join(fleet.root, "out", "cell-use1-c.json"), "utf8");
    fleet.edit("use1-c.yaml", (cell) => (cell.state = "sleeping"));
    expect(plan(fleet).status).toBe(2);
    expect(readFileSync(path.join(fleet.root, "out", "cell-use1-c.json"), "utf8")).toBe(before);
  });

  it("rejects a stack file that selects the wrong cell or region", () => {
    fleet = fleetWith(["use1-c"]);
    const stackFile = path.join(fleet.stacksDir, "Pulumi.cell-use1-c.yaml");
    const text = readFileSync(stackFile, "utf8").replace("aws:region: us-east-1", "aws:region: eu-west-1");
    writeFileSync(stackFile, text);
    const result = plan(fleet);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'Pulumi.cell-use1-c.yaml: config.aws:region: must be us-east-1, the region in use1-c.yaml (found "eu-west-1")',
    );
  });

  it("rejects a cell without a stack file, saying how to create it", () => {
    fleet = fleetWith(["use1-c"]);
    rmSync(path.join(fleet.stacksDir, "Pulumi.cell-use1-c.yaml"));
    const result = plan(fleet);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /Pulumi\.cell-use1-c\.yaml: is missing: create it with "pulumi stack init cell-use1-c"/,
    );
  });

  it("prints usage help and exits 2 on an unknown option", () => {
    const result = runCells(["plan", "--no-such-flag"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--no-such-flag'/);
  });
});
