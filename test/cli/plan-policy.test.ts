/**
 * `cells plan` enforces the policy pack end to end: a component weakened in code makes the plan exit 1 and name
 * the cell, the resource and the policy; the plan files record the findings.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../../synth/plan-file";
import { runCells, type CliResult } from "../support/cli";
import { copyProject, type ProjectCopy } from "../support/project-copy";

let project: ProjectCopy;
let result: CliResult;

beforeAll(() => {
  project = copyProject();
  // One cell keeps the run short; without the global stack file the plan covers the cell stacks only.
  for (const file of readdirSync(path.join(project.root, "cells"))) {
    if (!["fleet.yaml", "tenants.yaml", "use1-c.yaml"].includes(file)) {
      project.remove(path.join("cells", file));
    }
  }
  project.remove("stacks/Pulumi.global.yaml");
  project.replaceIn("components/cell-cache.ts", "transitEncryptionEnabled: true,", "transitEncryptionEnabled: false,");
  result = runCells(["plan", "--out", "plan"], { project: project.root });
}, 240_000);
afterAll(() => project.cleanup());

describe("cells plan with a weakened component", () => {
  it("exits 1 and names the cell, the resource and the policy", () => {
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^cell-use1-c \(cell use1-c\) {2}use1-c-cache-group {2}elasticache-encrypted {2}mandatory {2}.*not encrypted in transit/m);
    expect(result.stdout).toMatch(/^1 mandatory policy violation: fix them or add a waiver/m);
  });

  it("records the violation in the cell's plan file", () => {
    const plan = JSON.parse(readFileSync(path.join(project.root, "plan", "cell-use1-c.json"), "utf8")) as PlanFile;
    expect(plan.policy?.violations).toEqual([
      expect.objectContaining({ policy: "elasticache-encrypted", enforcementLevel: "mandatory", urn: expect.stringMatching(/::use1-c-cache-group$/) }),
    ]);
    expect(plan.policy?.waivers).toEqual([]);
  });
});
