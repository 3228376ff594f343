/** `cells placement`, run as a user runs it: the CLI in a child process, checking stdout, stderr and the exit code. */
import { afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";
import { initGitRepo } from "../../support/git-repo";
import { pattern } from "../../support/pattern";

const PROJECT = path.resolve(__dirname, "../../..");
const TSX = path.join(PROJECT, "node_modules/.bin/tsx");
const MAIN = path.join(PROJECT, "tools/cli/main.ts");

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cells(args: string[], cwd = PROJECT): Run {
  const result = spawnSync(TSX, [MAIN, "placement", ...args], { cwd, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface PlacementJson {
  tenants: number;
  cells: { cell: string; region: string; tenants: number; load: number; capacity: number }[];
  assignments: Record<string, string>;
  unplaced: { tenant: string; reason: string }[];
  moves?: {
    moved: number;
    common: number;
    moves: { tenant: string; from?: string; to?: string }[];
    cells: { cell: string; movedIn: number; movedOut: number }[];
  };
}

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

/** A git repository holding a copy of the reference `cells/`, committed; the working tree is then free to change. */
function referenceRepository(): TempFleet {
  const copy = copyReferenceFleet();
  initGitRepo(copy.root).commitPaths("reference fleet", ["cells"]);
  return copy;
}

describe("cells placement", () => {
  it("prints the cells' loads and the tenant → cell map of the reference fleet", () => {
    const run = cells([]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Placement of \d+ tenants on 7 cells \(cells\)\n/);
    expect(run.stdout).toMatch(/^cell\s+region\s+state\s+tenants\s+load\/capacity$/m);
    expect(run.stdout).toMatch(/^use1-a\s+us-east-1\s+active\s+\d+\s+\d+\/600$/m);
    expect(run.stdout).toMatch(/^northwind-traders\s+use1-a$/m);
  });

  it("prints JSON with --json, writes the same map with --out, reads it back with --previous: nothing moves", () => {
    fleet = copyReferenceFleet();
    const out = path.join(fleet.root, "placement.json");
    const run = cells(["--json", "--out", out]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as PlacementJson;
    expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(report);
    expect(Object.keys(report.assignments)).toHaveLength(report.tenants);
    expect(report.unplaced).toEqual([]);
    const again = cells(["--previous", out]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(
      `Against ${out}: 0 of ${report.tenants} tenants move (0.0%), 0 new, 0 gone.\nNo tenant moves.`,
    );
  });

  it("--base shows the moves caused by adding a cell: all onto the new cell, only from cells of its region", () => {
    fleet = referenceRepository();
    fleet.write(
      "use1-d.yaml",
      readFileSync(path.join(fleet.cellsDir, "use1-b.yaml"), "utf8")
        .replace("id: use1-b", "id: use1-d")
        .replace("10.17.0.0/16", "10.19.0.0/16"),
    );
    const text = cells(["--base", "HEAD"], fleet.root);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^Against HEAD: \d+ of \d+ tenants move \(\d+\.\d%\), 0 new, 0 gone\.$/m);
    expect(text.stdout).toMatch(/^tenant\s+from\s+to$/m);
    expect(text.stdout).toMatch(/^use1-d\s+0\s+\d+\s+\+\d+\s+-0$/m);
    expect(text.stdout).toContain("Active cells: 7 → 8. Adding one cell moves only tenants onto it");
    const report = JSON.parse(cells(["--base", "HEAD", "--json"], fleet.root).stdout) as PlacementJson;
    const moves = report.moves!;
    expect(moves.moves.every((move) => move.to === "use1-d" && move.from?.startsWith("use1-"))).toBe(true);
    // Homes keep it to us-east-1's tenants: at most the new cell's capacity share (400 of 1,600) of them.
    const eastTenants = report.cells
      .filter((cell) => cell.region === "us-east-1")
      .reduce((sum, cell) => sum + cell.tenants, 0);
    expect(moves.moved).toBeGreaterThan(0);
    expect(moves.moved / eastTenants).toBeLessThan(1.5 * (400 / 1600));
    expect(moves.cells.find((cell) => cell.cell === "use1-d")).toMatchObject({ movedIn: moves.moved, movedOut: 0 });
  });

  it("--base shows that draining a cell moves only its own tenants, and none of them stays", () => {
    fleet = referenceRepository();
    fleet.edit("use1-c.yaml", (cell) => (cell.state = "draining"));
    const report = JSON.parse(cells(["--base", "HEAD", "--json"], fleet.root).stdout) as PlacementJson;
    const moves = report.moves!;
    expect(moves.moves.length).toBeGreaterThan(0);
    expect(moves.moves.every((move) => move.from === "use1-c" && move.to !== "use1-c")).toBe(true);
    expect(report.cells.find((cell) => cell.cell === "use1-c")).toMatchObject({ tenants: 0, load: 0 });
  });

  it("--base marks the moves that cross a continent: draining the only Sydney cell sends its tenants abroad", () => {
    fleet = referenceRepository();
    fleet.edit("apse2-a.yaml", (cell) => (cell.state = "draining"));
    fleet.edit("tenants.yaml", (document) => {
      for (const tenant of document.tenants as { pin?: string }[]) {
        if (tenant.pin === "apse2-a") delete tenant.pin;
      }
    });
    const text = cells(["--base", "HEAD"], fleet.root);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^\d+ move\(s\) cross a continent \(marked CROSSES CONTINENT below\)\.$/m);
    expect(text.stdout).toMatch(/^tenant\s+from\s+to\s+note$/m);
    expect(text.stdout).toMatch(
      /^tailspin-travel\s+apse2-a\s+use1-[abc]\s+CROSSES CONTINENT ap-southeast-2 → us-east-1, away from home ap-/m,
    );
    const report = JSON.parse(cells(["--base", "HEAD", "--json"], fleet.root).stdout) as Omit<
      PlacementJson,
      "moves"
    > & {
      moves: {
        crossingContinent: number;
        moves: { tenant: string; from?: string; crossesContinent: boolean; toRegion: string }[];
      };
      awayFromHome: { tenant: string; crossesContinent: boolean }[];
    };
    // Every Sydney tenant leaves; ap-southeast-2's nearest group is the US one (listed first).
    expect(report.moves.moves.every((move) => move.from === "apse2-a" && move.crossesContinent)).toBe(true);
    expect(report.moves.moves.every((move) => move.toRegion.startsWith("us-"))).toBe(true);
    expect(report.moves.crossingContinent).toBe(report.moves.moves.length);
    expect(report.awayFromHome.map((entry) => entry.tenant)).toEqual(report.moves.moves.map((move) => move.tenant));
    const current = cells([], fleet.root);
    expect(current.stdout).toMatch(
      /^\d+ tenant\(s\) are placed outside their home region \(\d+ on another continent\):$/m,
    );
  });

  it("without routing.regionGroups ignores homes: no tenant is reported away from home", () => {
    fleet = copyReferenceFleet();
    fleet.edit("fleet.yaml", (document) => delete (document.routing as Record<string, unknown>).regionGroups);
    const run = cells(["--cells-dir", fleet.cellsDir]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("home region");
    const report = JSON.parse(cells(["--cells-dir", fleet.cellsDir, "--json"]).stdout) as Record<string, unknown>;
    expect(report).not.toHaveProperty("awayFromHome");
  });

  it("exits 2 and writes nothing when tenants.yaml is invalid, listing every problem", () => {
    fleet = copyReferenceFleet();
    fleet.edit("tenants.yaml", (document) =>
      (document.tenants as unknown[]).push({ id: "zeta-retail", pin: "use1-z" }, { id: "zeta-retail" }),
    );
    const out = path.join(fleet.root, "placement.json");
    const run = cells(["--cells-dir", fleet.cellsDir, "--out", out]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("The fleet has 2 problems; nothing was written:");
    expect(run.stderr).toMatch(/tenants\.yaml: tenants\[\d+\]\.pin: is not a cell of the fleet/);
    expect(run.stderr).toMatch(/tenants\.yaml: tenants\[\d+\]\.id: is already the id of tenants\[\d+\]/);
    expect(existsSync(out)).toBe(false);
  });

  it("exits 1 and explains the tenants it cannot place", () => {
    fleet = copyReferenceFleet();
    fleet.edit("tenants.yaml", (document) => (document.tenants as unknown[]).push({ id: "whale", weight: 900 }));
    const run = cells(["--cells-dir", fleet.cellsDir]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      pattern([
        /1 tenant\(s\) cannot be placed:\n/,
        /tenant\s+reason\s+why\n/,
        /whale\s+no-capacity\s+every eligible cell \(7\) has less than 900 capacity left/,
      ]),
    );
  });

  it("exits 2 on usage errors: both --base and --previous, an unknown ref, a previous map that is not one", () => {
    fleet = referenceRepository();
    expect(cells(["--base", "HEAD", "--previous", "x.json"], fleet.root)).toMatchObject({
      status: 2,
      stderr: "pass either --base <git ref> or --previous <map.json>, not both\n",
    });
    const unknownRef = cells(["--base", "no-such-ref"], fleet.root);
    expect(unknownRef.status).toBe(2);
    expect(unknownRef.stderr).toContain("--base no-such-ref is not a commit of the repository");
    const bad = path.join(fleet.root, "bad.json");
    writeFileSync(bad, JSON.stringify({ acme: 3 }));
    const notAMap = cells(["--previous", bad], fleet.root);
    expect(notAMap.status).toBe(2);
    expect(notAMap.stderr).toContain("must be the JSON that cells placement --out writes");
  });
});
