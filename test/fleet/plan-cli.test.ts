/**
 * `cells plan` as a user runs it: a value a component would refuse is the user's mistake (exit 2, naming the cell
 * file, the field, the value and what is allowed, nothing written), never an internal error (exit 3).
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ComponentArgsError } from "../../components/lib/validation";
import { FleetValidationError } from "../../fleet/problems";
import { failureOutcome, REPORT_INTERNAL_ERROR } from "../../tools/cli/errors";
import { SynthesisError } from "../../tools/plan/rejections";
import { runCells } from "../support/cli";
import { copyReferenceFleet, type TempFleet } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

/** The reference fleet cut down to the cells named, and no global stack unless asked, to keep runs short. */
function fleetWith(cellIds: string[], options: { global?: boolean } = {}): TempFleet {
  const copy = copyReferenceFleet();
  if (!options.global) {
    rmSync(path.join(copy.stacksDir, "Pulumi.global.yaml"));
  }
  for (const file of readdirSync(copy.cellsDir)) {
    const id = file.replace(/\.yaml$/, "");
    if (!["fleet", "tenants", ...cellIds].includes(id)) {
      copy.remove(file);
    }
  }
  return copy;
}

function plan(copy: TempFleet) {
  const out = path.join(copy.root, "out");
  const args = ["plan", "--cells-dir", copy.cellsDir, "--stacks-dir", copy.stacksDir, "--out", out, "--no-policy"];
  return { result: runCells(args), out };
}

describe("cells plan with values a component would refuse", () => {
  it("exits 2 on flowLogRetentionDays: 30, naming the file, the field, the value and what is allowed", () => {
    fleet = fleetWith(["use1-c"]);
    fleet.edit("use1-c.yaml", (cell) => (cell.network = { natGateways: "single", flowLogRetentionDays: 30 }));
    const { result, out } = plan(fleet);
    expect(result.stderr).toMatch(
      /use1-c\.yaml: network\.flowLogRetentionDays: must be one of 365, 400, .*3653 \(found 30\)/,
    );
    expect(result.stderr).toMatch(/nothing was written/);
    expect(result.stderr).not.toMatch(/internal error|SynthesisError|CellNetwork/);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(existsSync(out)).toBe(false);
  });

  it("exits 2 when the global stack cannot place a tenant, naming the tenants file and the tenant", () => {
    fleet = fleetWith(["use1-c"], { global: true });
    fleet.edit("tenants.yaml", (document) => {
      document.tenants = [{ id: "whale", weight: 300 }]; // use1-c takes 200
    });
    const { result, out } = plan(fleet);
    expect(result.stderr).toMatch(/planning stack global: .*nothing was written/);
    expect(result.stderr).toMatch(/tenants\.yaml: tenants\[id: whale\]: cannot be placed/);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describe("how a failed command ends", () => {
  it(
    "reports an error the fleet loader should have caught " + "as cellplane's own (exit 3), saying how to report it",
    () => {
      const componentError = new ComponentArgsError("CellNetwork", "use1-c-network", ["flowLogRetentionDays is 30"]);
      const outcome = failureOutcome(new SynthesisError("planning stack cell-use1-c", [componentError]));
      expect(outcome.code).toBe(3);
      expect(outcome.message).toContain("planning stack cell-use1-c failed");
      expect(outcome.message).toContain(REPORT_INTERNAL_ERROR);
      expect(REPORT_INTERNAL_ERROR).toMatch(/report it as an issue in the cellplane repository with the command/);
    },
  );

  it("reports fleet problems raised by a stack's program as the user's (exit 2), against that stack", () => {
    const problem = { file: "cells/tenants.yaml", path: "tenants[id: whale]", message: "cannot be placed" };
    const outcome = failureOutcome(new SynthesisError("planning stack global", [new FleetValidationError([problem])]));
    expect(outcome).toEqual({
      code: 2,
      message: expect.stringMatching(/^planning stack global: The fleet has 1 problem; nothing was written/) as string,
    });
  });
});
