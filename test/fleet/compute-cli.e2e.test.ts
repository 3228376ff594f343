/** `cells plan` on a bad eks setting: exit 2, naming the cell file and the field, nothing written. */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { afterEach, expect, it } from "vitest";
import { runCells } from "../support/cli";
import { copyReferenceFleet, type TempFleet } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

it("exits 2 on an eks endpoint open to the world, naming the file, the field and the value", () => {
  fleet = copyReferenceFleet();
  fleet.edit(
    "usw2-a.yaml",
    (cell) => (cell.compute = { kind: "eks", eks: { endpointPublicAccessCidrs: ["0.0.0.0/0"] } }),
  );
  const out = path.join(fleet.root, "out");
  const result = runCells(["plan", "--cells-dir", fleet.cellsDir, "--stacks-dir", fleet.stacksDir, "--out", out]);
  expect(result.stderr).toMatch(/usw2-a\.yaml: compute\.eks\.endpointPublicAccessCidrs\[0\]: .*never 0\.0\.0\.0\/0/);
  expect(result.stderr).toMatch(/nothing was written/);
  expect(result.status).toBe(2);
  expect(existsSync(out)).toBe(false);
});
