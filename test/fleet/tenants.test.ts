import { afterEach, describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import { formatProblem } from "../../fleet/problems";
import { loadTenants } from "../../fleet/tenants";
import { copyReferenceFleet, REFERENCE_CELLS_DIR, type TempFleet, rejectionOf } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

type TenantsDocument = { residency: Record<string, unknown>; tenants: Record<string, unknown>[] };

/** Problems (as the CLI prints them, file names only) after editing a copy of the reference tenants.yaml. */
function problemsAfter(
  edit: (document: TenantsDocument) => void,
  cellEdit?: [string, (document: Record<string, unknown>) => void],
): string[] {
  fleet = copyReferenceFleet();
  fleet.edit("tenants.yaml", (document) => edit(document as TenantsDocument));
  if (cellEdit) {
    fleet.edit(...cellEdit);
  }
  const cellsDir = fleet.cellsDir;
  return rejectionOf(() => loadTenants(loadFleet(cellsDir)), "tenants").map(formatProblem);
}

describe("the reference tenants", () => {
  const reference = loadTenants(loadFleet(REFERENCE_CELLS_DIR));

  it("lists a few hundred unique tenants, sorted by id, some pinned and some with EU residency", () => {
    const ids = reference.tenants.map((tenant) => tenant.id);
    expect(ids.length).toBeGreaterThanOrEqual(200);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    expect(reference.tenants.filter((tenant) => tenant.pin).length).toBeGreaterThanOrEqual(3);
    expect(reference.tenants.filter((tenant) => tenant.residency === "eu").length).toBeGreaterThanOrEqual(20);
  });

  it("resolves each residency to its regions and defaults the weight to 1", () => {
    const eu = reference.tenants.find((tenant) => tenant.residency === "eu")!;
    expect(eu.regions).toEqual(["eu-west-1"]);
    expect(reference.residency.us).toEqual(["us-east-1", "us-west-2"]);
    const free = reference.tenants.find((tenant) => tenant.residency === undefined && tenant.pin === undefined)!;
    expect(free.regions).toBeUndefined();
    expect(reference.tenants.every((tenant) => Number.isInteger(tenant.weight) && tenant.weight >= 1)).toBe(true);
  });

  it("gives every tenant a home: as stated, else the default region, else its residency's nearest region", () => {
    const byId = new Map(reference.tenants.map((tenant) => [tenant.id, tenant]));
    expect(byId.get("wingtip-toys")?.home).toBe("us-west-2");
    // EU residents state no home: the default region (us-east-1) is outside their residency.
    expect(reference.tenants.filter((tenant) => tenant.residency === "eu").map((tenant) => tenant.home)).toEqual(
      reference.tenants.filter((tenant) => tenant.residency === "eu").map(() => "eu-west-1"),
    );
    const homes = new Set(reference.tenants.map((tenant) => tenant.home));
    expect([...homes].sort()).toEqual(["ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"]);
  });
});

describe("invalid tenants", () => {
  it("rejects a pin to an unknown cell, suggesting the closest id", () => {
    expect(problemsAfter((document) => document.tenants.push({ id: "zeta-retail", pin: "use1-z" }))).toEqual([
      expect.stringMatching(
        /^tenants\.yaml: tenants\[\d+\]\.pin: is not a cell of the fleet \(did you mean "use1-[abc]"\?\) \(found "/,
      ),
    ]);
  });

  it("rejects a pin that breaks the tenant's residency", () => {
    const problems = problemsAfter((document) =>
      document.tenants.push({ id: "zeta-retail", pin: "use1-a", residency: "eu" }),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        "pin: breaks the tenant's eu residency: cell use1-a is in us-east-1, residency eu allows eu-west-1",
      ),
    ]);
  });

  it("rejects a duplicate tenant id, naming the first one", () => {
    const problems = problemsAfter((document) => document.tenants.push({ ...document.tenants[3] }));
    expect(problems).toEqual([
      expect.stringMatching(/tenants\[\d+\]\.id: is already the id of tenants\[3\]: tenant ids must be unique/),
    ]);
  });

  it("rejects residency regions the fleet does not allow, and residencies nobody defined", () => {
    const problems = problemsAfter((document) => {
      document.residency.eu = ["eu-west-1", "eu-central-1"];
      document.tenants.push({ id: "zeta-retail", residency: "euu" });
    });
    expect(problems).toEqual([
      expect.stringContaining(
        "residency.eu[1]: is not an allowed region; " +
          'fleet.yaml allows us-east-1, us-west-2, eu-west-1, ap-southeast-2 (found "eu-central-1")',
      ),
      expect.stringMatching(/tenants\[\d+\]\.residency: is not defined in the residency: map \(did you mean "eu"\?\)/),
    ]);
  });

  it("rejects a pin to a draining cell", () => {
    const problems = problemsAfter(
      (document) => document.tenants.push({ id: "zeta-retail", pin: "use1-c" }),
      ["use1-c.yaml", (cell) => (cell.state = "draining")],
    );
    expect(problems).toEqual([
      expect.stringContaining("names cell use1-c, which is draining: only active cells host pinned tenants"),
    ]);
  });

  it("rejects pins that overfill a cell", () => {
    const problems = problemsAfter((document) =>
      document.tenants.push(
        { id: "whale-one", weight: 150, pin: "use1-c" },
        { id: "whale-two", weight: 60, pin: "use1-c" },
      ),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        "puts pinned tenants of weight 210 on cell use1-c, more than its capacity.maxTenants 200",
      ),
    ]);
  });

  it("reports every shape problem at once: bad id, bad weight, unknown field with the allowed ones", () => {
    const problems = problemsAfter((document) =>
      document.tenants.push({ id: "Bad_Id", weight: 0 }, { id: "ok-tenant", pinned: "use1-a" }),
    );
    expect(problems).toEqual([
      expect.stringMatching(/tenants\[\d+\]\.id: must be a DNS label/),
      expect.stringMatching(/tenants\[\d+\]\.weight: must be at least 1 \(found 0\)/),
      expect.stringMatching(
        /tenants\[\d+\]\.pinned: is not a known field \(allowed: id, weight, pin, residency, home, moving\)/,
      ),
    ]);
  });

  it("rejects a home that is not an allowed region, or outside the tenant's residency", () => {
    const problems = problemsAfter((document) =>
      document.tenants.push(
        { id: "zeta-retail", home: "us-east-2" },
        { id: "zeta-health", residency: "eu", home: "us-east-1" },
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(/tenants\[\d+\]\.home: is not a region fleet\.yaml allows \(did you mean "us-east-1"\?\)/),
      expect.stringMatching(
        /tenants\[\d+\]\.home: is outside the tenant's eu residency \(eu-west-1\): make the home one of those/,
      ),
    ]);
  });

  it("names the missing file and what to put in it", () => {
    fleet = copyReferenceFleet();
    fleet.remove("tenants.yaml");
    expect(() => loadTenants(loadFleet(fleet!.cellsDir))).toThrow(
      /tenants\.yaml: not found: list the fleet's tenants in tenants\.yaml/,
    );
  });
});
