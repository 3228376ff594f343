/** `cells capacity`, run as a user runs it: exit 1 while a region fails N+1, 0 once every region passes. */
import { afterEach, describe, expect, it } from "vitest";
import { runCells } from "../../support/cli";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";

interface CapacityJson {
  targetUtilisation: number;
  ok: boolean;
  cells: { cell: string; load: number; target: number; headroom: number }[];
  regions: { region: string; ok: boolean; proposals: { id: string; vpcCidr: string; command: string }[] }[];
}

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

describe("cells capacity", () => {
  it("exits 1 on the reference fleet: its single-cell regions fail N+1, with the cells that fix them", () => {
    const text = runCells(["capacity"]);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^cell\s+region\s+state\s+tenants\s+load\s+target\s+capacity\s+headroom\s+used$/m);
    expect(text.stdout).toMatch(/^use1-a\s+us-east-1\s+active\s+\d+\s+\d+\s+480\s+600\s+\d+\s+\d+%$/m);
    expect(text.stdout).toMatch(/^us-west-2\s+1\s+\d+\s+320\s+usw2-a\s+\d+\s+0\s+FAIL$/m);
    expect(text.stdout).toMatch(/^us-east-1\s+3\s+\d+\s+960\s+use1-a\s+\d+\s+\d+\s+ok$/m);
    expect(text.stdout).toContain("2 region(s) fail N+1.");
    expect(text.stdout).toContain(
      "us-west-2: usw2-b (10.33.0.0/16, like usw2-a, maxTenants 400): npx cells new usw2-b --region us-west-2 " +
        "--like usw2-a",
    );
    expect(text.stdout).toContain("first raise a quota: cells/fleet.yaml: quotas.us-west-2.elasticIps:");

    const json = runCells(["capacity", "--json"]);
    expect(json.status).toBe(1);
    const report = JSON.parse(json.stdout) as CapacityJson;
    expect(report.ok).toBe(false);
    expect(report.targetUtilisation).toBe(80);
    expect(report.regions.filter((region) => !region.ok).map((region) => region.region)).toEqual([
      "ap-southeast-2",
      "us-west-2",
    ]);
    for (const entry of report.cells) expect(entry.headroom).toBe(entry.target - entry.load);
  });

  it("exits 0 once every region can lose its largest cell (the proposed cells added)", () => {
    fleet = copyReferenceFleet();
    fleet.write("usw2-b.yaml", "id: usw2-b\nregion: us-west-2\nvpcCidr: 10.33.0.0/16\nstate: active\n");
    fleet.write(
      "apse2-b.yaml",
      "id: apse2-b\nregion: ap-southeast-2\nvpcCidr: 10.65.0.0/16\nstate: active\nzoneCount: 2\n" +
        "capacity:\n  maxTenants: 250\n",
    );
    fleet.edit("fleet.yaml", (document) => {
      (document.quotas as Record<string, unknown>)["us-west-2"] = { elasticIps: 6 };
    });
    const text = runCells(["capacity", "--cells-dir", fleet.cellsDir]);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("Every region passes N+1.");
    expect(text.stdout).not.toContain("FAIL");
    const report = JSON.parse(runCells(["capacity", "--json", "--cells-dir", fleet.cellsDir]).stdout) as CapacityJson;
    expect(report.ok).toBe(true);
    expect(report.regions.every((region) => region.ok && region.proposals.length === 0)).toBe(true);
  });

  it("exits 2 naming the file and field when the fleet is invalid", () => {
    fleet = copyReferenceFleet();
    fleet.edit("fleet.yaml", (document) => (document.capacity = { targetUtilisation: 120 }));
    const run = runCells(["capacity", "--cells-dir", fleet.cellsDir]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/fleet\.yaml: capacity\.targetUtilisation: .*100/);
  });
});
