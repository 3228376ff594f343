/** Moves in flight: `moving:` in tenants.yaml, validated against the fleet and the placement, and routed by phase. */
import { afterEach, describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import { movingPlacementProblems, routedTenants } from "../../fleet/moving";
import { placeTenants } from "../../fleet/placement";
import { FleetValidationError } from "../../fleet/problems";
import { loadTenants } from "../../fleet/tenants";
import { copyReferenceFleet, type TempFleet } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => {
  fleet?.cleanup();
  fleet = undefined;
});

type TenantEntry = Record<string, unknown>;

/** The reference fleet with use1-c draining and `edit` applied to the tenant entries. */
function drainedFleet(edit: (tenants: TenantEntry[]) => void = () => undefined): TempFleet {
  const copy = copyReferenceFleet();
  copy.edit("use1-c.yaml", (cell) => (cell.state = "draining"));
  copy.edit("tenants.yaml", (document) => edit(document.tenants as TenantEntry[]));
  return copy;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof FleetValidationError) {
      return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
    throw error;
  }
  return [];
}

describe("tenants.yaml moving:", () => {
  it("accepts a move from the draining cell to where placement puts the tenant, and routes it by phase", () => {
    const reference = copyReferenceFleet();
    const before = placeTenants(
      loadFleet(reference.cellsDir).cells,
      loadTenants(loadFleet(reference.cellsDir)).tenants,
    );
    reference.cleanup();
    const leaving = Object.keys(before.assignments).filter((tenant) => before.assignments[tenant] === "use1-c");
    expect(leaving.length).toBeGreaterThan(3);
    fleet = drainedFleet();
    const drained = loadFleet(fleet.cellsDir);
    const after = placeTenants(drained.cells, loadTenants(drained).tenants).assignments;
    const [copying, frozen, flipped] = leaving;
    const phases: Record<string, string> = { [copying]: "copying", [frozen]: "frozen", [flipped]: "flipped" };
    fleet.edit("tenants.yaml", (document) => {
      for (const tenant of document.tenants as TenantEntry[]) {
        const phase = phases[String(tenant.id)];
        if (phase !== undefined) tenant.moving = { from: "use1-c", to: after[String(tenant.id)], phase };
      }
    });
    const tenants = loadTenants(loadFleet(fleet.cellsDir));
    expect(movingPlacementProblems(after, tenants.tenants, tenants.file)).toEqual([]);
    const routed = routedTenants(after, tenants.tenants);
    expect(routed.tenantCells[copying]).toBe("use1-c");
    expect(routed.tenantCells[frozen]).toBe("use1-c");
    expect(routed.tenantCells[flipped]).toBe(after[flipped]);
    expect(routed.frozen).toEqual([frozen]);
    // Everyone else is routed by placement alone.
    const others = Object.keys(after).filter((tenant) => !(tenant in phases));
    expect(others.every((tenant) => routed.tenantCells[tenant] === after[tenant])).toBe(true);
  });

  it("refuses a move whose to is not where placement puts the tenant, naming the file, field and fix", () => {
    fleet = drainedFleet();
    const drained = loadFleet(fleet.cellsDir);
    const after = placeTenants(drained.cells, loadTenants(drained).tenants).assignments;
    const tenant = Object.keys(after).find((id) => after[id] === "use1-a") ?? "";
    const wrong = after[tenant] === "use1-b" ? "use1-a" : "use1-b";
    fleet.edit("tenants.yaml", (document) => {
      const entry = (document.tenants as TenantEntry[]).find((candidate) => candidate.id === tenant);
      if (entry) entry.moving = { from: "use1-c", to: wrong, phase: "frozen" };
    });
    const tenants = loadTenants(loadFleet(fleet.cellsDir));
    const problems = movingPlacementProblems(after, tenants.tenants, tenants.file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: `tenants[id: ${tenant}].moving.to`, value: wrong });
    expect(problems[0].file).toMatch(/tenants\.yaml$/);
    expect(problems[0].message).toContain(`placement puts the tenant (use1-a): copy its data to use1-a`);
  });

  it("refuses unknown cells, a move to itself, a bad phase, and holding a tenant on an evacuated cell", () => {
    fleet = copyReferenceFleet();
    fleet.edit("use1-c.yaml", (cell) => (cell.state = "evacuated"));
    fleet.edit("tenants.yaml", (document) => {
      const tenants = document.tenants as TenantEntry[];
      const unpinned = tenants.filter((tenant) => tenant.pin === undefined && tenant.residency === undefined);
      unpinned[0].moving = { from: "use1-z", to: "use1-a", phase: "copying" };
      unpinned[1].moving = { from: "use1-a", to: "use1-a", phase: "copying" };
      unpinned[2].moving = { from: "use1-c", to: "use1-a", phase: "frozen" };
      unpinned[3].moving = { from: "use1-c", to: "use1-a", phase: "paused" };
      unpinned[4].moving = { from: "use1-c", to: "use1-a", phase: "flipped" };
    });
    const problems = problemsOf(() => loadTenants(loadFleet(fleet!.cellsDir)));
    expect(problems).toEqual([
      expect.stringMatching(/^tenants\[\d+\]\.moving\.phase: .*copying.*frozen.*flipped/),
      expect.stringMatching(/^tenants\[\d+\]\.moving: names cell use1-z, which is not a cell of the fleet/),
      expect.stringMatching(/^tenants\[\d+\]\.moving: moves the tenant from use1-a to itself/),
      expect.stringMatching(/^tenants\[\d+\]\.moving: keeps the tenant on use1-c \(phase frozen\), which is evacuated/),
    ]);
  });
});
