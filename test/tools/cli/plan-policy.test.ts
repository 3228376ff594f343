/**
 * `cells plan` enforces the policy pack end to end: a component weakened in code makes the plan exit 1 and name
 * the cell, the resource and the policy; the plan files record the findings.
 */
import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../../../tools/lib/plan-file";
import { runCells, type CliResult } from "../../support/cli";
import { pattern } from "../../support/pattern";
import { copyProject, type ProjectCopy } from "../../support/project-copy";

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
  project.replaceIn(
    "components/cell/cell-cache.ts",
    "transitEncryptionEnabled: true,",
    "transitEncryptionEnabled: false,",
  );
  result = runCells(["plan", "--out", "plan"], { project: project.root });
}, 240_000);
afterAll(() => project.cleanup());

describe("cells plan with a weakened component", () => {
  it("exits 1 and names the cell, the resource and the policy", () => {
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      pattern(
        [
          /^cell-use1-c \(cell use1-c\) {2}use1-c-cache-group {2}elasticache-encrypted {2}mandatory {2}/,
          /.*not encrypted in transit/,
        ],
        "m",
      ),
    );
    expect(result.stdout).toMatch(/^1 mandatory policy violation: fix them or add a waiver/m);
  });

  it("records the violation in the cell's plan file", () => {
    const plan = JSON.parse(readFileSync(path.join(project.root, "plan", "cell-use1-c.json"), "utf8")) as PlanFile;
    expect(plan.policy?.violations).toMatchObject([{ policy: "elasticache-encrypted", enforcementLevel: "mandatory" }]);
    expect(plan.policy?.violations[0].urn).toMatch(/::use1-c-cache-group$/);
    expect(plan.policy?.waivers).toEqual([]);
  });
});

describe("cells plan with waivers", () => {
  const waiver = (expires: string) => `stacks:
  cell-use1-c:
    - policy: elasticache-encrypted
      resources: [use1-c-cache-group]
      reason: Client library without TLS until the v3 rollout (TICKET-42)
      owner: team-cache
      expires: ${expires}
`;

  function planWithWaiver(expires: string): { copy: ProjectCopy; run: CliResult } {
    const copy = copyProject();
    for (const file of readdirSync(path.join(copy.root, "cells"))) {
      if (!["fleet.yaml", "tenants.yaml", "use1-c.yaml"].includes(file)) {
        copy.remove(path.join("cells", file));
      }
    }
    copy.remove("stacks/Pulumi.global.yaml");
    copy.replaceIn(
      "components/cell/cell-cache.ts",
      "transitEncryptionEnabled: true,",
      "transitEncryptionEnabled: false,",
    );
    copy.replaceIn("policies/waivers.yaml", "stacks: {}", waiver(expires));
    return { copy, run: runCells(["plan", "--out", "plan"], { project: copy.root }) };
  }

  it("turns a waived finding advisory, shows the waiver, and records it in the plan file", () => {
    const { copy, run } = planWithWaiver("2099-12-31");
    try {
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(
        pattern([
          /use1-c-cache-group {2}elasticache-encrypted {2}advisory {2}waived.*/,
          /\[waived until 2099-12-31 by team-cache: Client library without TLS/,
        ]),
      );
      expect(run.stdout).toMatch(
        pattern(
          [
            /^Waivers in force \(policies\/waivers\.yaml\):\n/,
            /cell-use1-c {2}elasticache-encrypted {2}use1-c-cache-group {2}until 2099-12-31 {2}owner team-cache/,
          ],
          "m",
        ),
      );
      const plan = JSON.parse(readFileSync(path.join(copy.root, "plan", "cell-use1-c.json"), "utf8")) as PlanFile;
      expect(plan.policy?.waivers).toEqual([
        {
          policy: "elasticache-encrypted",
          resources: ["use1-c-cache-group"],
          reason: "Client library without TLS until the v3 rollout (TICKET-42)",
          owner: "team-cache",
          expires: "2099-12-31",
        },
      ]);
      expect(plan.policy?.violations).toMatchObject([
        { policy: "elasticache-encrypted", enforcementLevel: "advisory", waived: { owner: "team-cache" } },
      ]);
    } finally {
      copy.cleanup();
    }
  });

  it("fails on an expired waiver, which waives nothing", () => {
    const { copy, run } = planWithWaiver("2020-01-31");
    try {
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/cellplane-waiver-valid {2}mandatory .*expired/);
      expect(run.stdout).toMatch(/use1-c-cache-group {2}elasticache-encrypted {2}mandatory/);
    } finally {
      copy.cleanup();
    }
  });
});
