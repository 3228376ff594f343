/** `cells new`, run as a user runs it: a cell that plans clean with no hand edits, and refusals that write nothing. */
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { runCells } from "../../support/cli";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";
import { copyProject, type ProjectCopy } from "../../support/project-copy";

let fleet: TempFleet | undefined;
let project: ProjectCopy | undefined;
afterEach(() => {
  fleet?.cleanup();
  project?.cleanup();
  fleet = project = undefined;
});

function listing(copy: TempFleet): string[] {
  return [...readdirSync(copy.cellsDir), ...readdirSync(copy.stacksDir)].sort();
}

describe("cells new", () => {
  it("adds a cell (and a region's first cell) that plans clean against the policy pack with no hand edits", () => {
    project = copyProject();
    const root = project.root;
    // A fifth region, allowed but without cells yet: its first cell also needs the region's bootstrap stack.
    project.replaceIn(
      "cells/fleet.yaml",
      "  ap-southeast-2: [ap-southeast-2a, ap-southeast-2b, ap-southeast-2c]\n",
      "  ap-southeast-2: [ap-southeast-2a, ap-southeast-2b, ap-southeast-2c]\n" +
        "  ca-central-1: [ca-central-1a, ca-central-1b, ca-central-1d]\n",
    );
    project.replaceIn(
      "cells/fleet.yaml",
      "    - [us-east-1, us-west-2]\n",
      "    - [us-east-1, us-west-2, ca-central-1]\n",
    );

    const like = runCells(["new", "use1-d", "--region", "us-east-1", "--like", "use1-a"], { project: root });
    expect(like.stderr).toBe("");
    expect(like.status).toBe(0);
    expect(like.stdout).toContain(
      "Created cell use1-d: us-east-1, 10.19.0.0/16, zones us-east-1a, us-east-1b, us-east-1c, active, " +
        "shaped like use1-a.",
    );
    expect(like.stdout).toMatch(/^Once deployed, \d+ tenant\(s\) move onto use1-d:$/m);
    expect(like.stdout).toMatch(/^ {2}npm run plan\s+#/m);
    const cell = parse(readFileSync(path.join(root, "cells/use1-d.yaml"), "utf8")) as Record<string, unknown>;
    const original = parse(readFileSync(path.join(root, "cells/use1-a.yaml"), "utf8")) as Record<string, unknown>;
    expect(cell).toMatchObject({ id: "use1-d", region: "us-east-1", vpcCidr: "10.19.0.0/16", state: "active" });
    expect(cell.queues).toEqual(original.queues);
    expect(cell.capacity).toEqual(original.capacity);
    const stack = parse(readFileSync(path.join(root, "stacks/Pulumi.cell-use1-d.yaml"), "utf8")) as {
      config: Record<string, string>;
    };
    expect(stack.config).toEqual({ "aws:region": "us-east-1", "cellplane:cell": "use1-d" });

    const fresh = runCells(["new", "cac1-a", "--region", "ca-central-1"], { project: root });
    expect(fresh.stderr).toBe("");
    expect(fresh.status).toBe(0);
    expect(fresh.stdout).toContain("wrote stacks/Pulumi.region-ca-central-1.yaml");
    // Placement keeps tenants near home: nobody's home is in Canada, and us-east-1 has room.
    expect(fresh.stdout).toContain("No tenant moves onto cac1-a.");

    const plan = runCells(["plan", "--out", path.join(root, "plans")], { project: root });
    expect(plan.status, plan.stderr).toBe(0);
    for (const stack of ["cell-use1-d", "cell-cac1-a", "region-ca-central-1", "global"]) {
      expect(existsSync(path.join(root, "plans", `${stack}.json`)), stack).toBe(true);
    }
  }, 400_000);

  it("creates a draining cell that nobody moves onto", () => {
    fleet = copyReferenceFleet();
    const run = runCells(["new", "use1-d", "--region", "us-east-1", "--state", "draining", ...dirs(fleet)]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("No tenant moves onto use1-d (it is draining).");
    expect(readFileSync(path.join(fleet.cellsDir, "use1-d.yaml"), "utf8")).toContain("state: draining\n");
  });

  it.each([
    [
      ["use1-a", "--region", "us-east-1"],
      "already defines cell use1-a: choose another id (the next free id in us-east-1 is use1-d)",
    ],
    [["usw2-b", "--region", "us-wes-2"], "--region us-wes-2 is not a region of"],
    [["usw2-b", "--region", "us-west-2", "--like", "usw2-z"], "--like usw2-z is not a cell of the fleet"],
    [["Bad_Id", "--region", "us-west-2"], "the id must be lower-case letters"],
    [["usw2-b", "--region", "us-west-2", "--state", "evacuated"], "--state evacuated must be one of active, draining"],
  ])("refuses %j with exit 2, naming the fix, and writes nothing", (args, message) => {
    fleet = copyReferenceFleet();
    const before = listing(fleet);
    const run = runCells(["new", ...args, ...dirs(fleet)]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(listing(fleet)).toEqual(before);
  });

  it("refuses a region over its service quota, naming the quota in fleet.yaml and how to raise it", () => {
    fleet = copyReferenceFleet();
    const before = listing(fleet);
    const run = runCells(["new", "euw1-c", "--region", "eu-west-1", ...dirs(fleet)]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("nothing was written");
    expect(run.stderr).toMatch(
      /fleet\.yaml: quotas\.eu-west-1\.elasticIps: the cells in eu-west-1 .* need 9 Elastic IPs/,
    );
    expect(run.stderr).toContain("then set quotas.eu-west-1.elasticIps: 9 in fleet.yaml");
    expect(listing(fleet)).toEqual(before);
  });
});

function dirs(copy: TempFleet): string[] {
  return ["--cells-dir", copy.cellsDir, "--stacks-dir", copy.stacksDir];
}
