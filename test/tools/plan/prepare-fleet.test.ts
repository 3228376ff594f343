/** What `cells plan` checks in the stack files before it loads Pulumi: certificates are optional overrides now. */
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FleetValidationError } from "../../../fleet/problems";
import { prepareFleet } from "../../../tools/plan/prepare-fleet";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";
import { readFileSync, rmSync, writeFileSync } from "node:fs";

const PROJECT_DIR = path.resolve(__dirname, "../../..");
let fleet: TempFleet;
afterEach(() => fleet?.cleanup());

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof FleetValidationError) {
      return error.problems.map((problem) => `${path.basename(problem.file)}: ${problem.path}: ${problem.message}`);
    }
    throw error;
  }
  return [];
}

function setCertificate(stack: string, value: string): void {
  const file = path.join(fleet.stacksDir, `Pulumi.${stack}.yaml`);
  writeFileSync(file, `${readFileSync(file, "utf8")}  cellplane:certificateArn: "${value}"\n`);
}

describe("prepareFleet", () => {
  it("plans the bootstrap stacks when the project has them, and cells need no certificate ARN", () => {
    fleet = copyReferenceFleet();
    const prepared = prepareFleet({ cellsDir: fleet.cellsDir, stacksDir: fleet.stacksDir, projectDir: PROJECT_DIR });
    expect(prepared.bootstrap).toBe(true);
    expect([...prepared.configs.keys()].slice(0, 5)).toEqual([
      "account",
      "region-ap-southeast-2",
      "region-eu-west-1",
      "region-us-east-1",
      "region-us-west-2",
    ]);
  });

  it("refuses the README's old placeholder with an example that differs from the message's own text", () => {
    fleet = copyReferenceFleet();
    setCertificate("cell-usw2-a", "arn:aws:acm:us-west-2:<account>:certificate/<id>");
    const problems = problemsOf(() =>
      prepareFleet({ cellsDir: fleet.cellsDir, stacksDir: fleet.stacksDir, projectDir: PROJECT_DIR }),
    );
    expect(problems).toEqual([
      expect.stringContaining(
        "Pulumi.cell-usw2-a.yaml: config.cellplane:certificateArn: must be an ACM certificate ARN in us-west-2, " +
          "such as arn:aws:acm:us-west-2:123456789012:certificate/",
      ),
    ]);
    expect(problems[0]).toContain("or be left out to use the certificate of stack region-us-west-2");
  });

  it("asks for a certificate, or the bootstrap stacks, when neither is there", () => {
    fleet = copyReferenceFleet();
    rmSync(path.join(fleet.stacksDir, "Pulumi.account.yaml"));
    const problems = problemsOf(() =>
      prepareFleet({ cellsDir: fleet.cellsDir, stacksDir: fleet.stacksDir, projectDir: PROJECT_DIR }),
    );
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/Pulumi\.cell-apse2-a\.yaml: config\.cellplane:certificateArn: is not set and/);
  });
});
