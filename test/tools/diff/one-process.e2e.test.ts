/**
 * `cells diff --base` plans both revisions in one process when they differ in fleet data only, and in a process
 * each otherwise (tools/cli/commands/diff-revisions.ts). The two ways must agree to the byte: on a copy of this
 * project, each pull request below is diffed both ways (`CELLPLANE_DIFF_PLAN=processes` forces the second), keeping
 * the plans compared (`--plans-out`), and the plan files and reports are compared.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCells, type CliResult } from "../../support/cli";
import { initGitRepo } from "../../support/git-repo";
import { copyProjectFiles } from "../../support/project-copy";
import { tempDir } from "./helpers";

const RUN_TIMEOUT = 600_000;
const ONE_PROCESS = /^cells diff: the revisions differ in cells\/ and stacks\/ only: both planned in this process/m;
const PROCESSES = /^cells diff: each revision planned with its own code, in a process of its own/m;

let repo = "";
let commitAll: (message: string) => string = () => "";

interface Diff {
  result: CliResult;
  report: { stacks: { stack: string; status: string }[]; risks: { kind: string; stack: string }[] };
  /** Every kept plan file, `base/<stack>.json` → bytes. */
  plans: Map<string, string>;
}

function diff(name: string, env: Record<string, string> = {}): Diff {
  const out = path.join(repo, ".cellplane", name);
  rmSync(out, { recursive: true, force: true });
  const result = runCells(
    ["diff", "--base", "HEAD~1", "--out", `${out}/diff.md`, "--json-out", `${out}/diff.json`, "--plans-out", out],
    { project: repo, env },
  );
  expect(result.status, result.stderr).toBe(0);
  const plans = new Map<string, string>();
  for (const side of ["base", "head"]) {
    for (const file of readdirSync(path.join(out, side))) {
      plans.set(`${side}/${file}`, readFileSync(path.join(out, side, file), "utf8"));
    }
  }
  const report = JSON.parse(readFileSync(`${out}/diff.json`, "utf8")) as Diff["report"];
  return { result, report, plans };
}

function expectSameBothWays(): Diff {
  const oneProcess = diff("one-process");
  const processes = diff("processes", { CELLPLANE_DIFF_PLAN: "processes" });
  expect(oneProcess.result.stderr).toMatch(ONE_PROCESS);
  expect(processes.result.stderr).toMatch(PROCESSES);
  expect(oneProcess.plans.size).toBeGreaterThan(0);
  expect([...oneProcess.plans.keys()].sort()).toEqual([...processes.plans.keys()].sort());
  for (const [file, bytes] of processes.plans) {
    expect(oneProcess.plans.get(file), file).toBe(bytes);
  }
  expect(oneProcess.report).toEqual(processes.report);
  return oneProcess;
}

describe("cells diff --base, planned in one process or in two", () => {
  beforeAll(() => {
    repo = tempDir("cellplane-one-process-");
    ({ commitAll } = initGitRepo(repo));
    copyProjectFiles(repo);
    rmSync(path.join(repo, ".cellplane"), { recursive: true, force: true });
    commitAll("cellplane");
  });

  it(
    "a cell file edited: the same plan files and report, only that cell planned",
    () => {
      const cell = path.join(repo, "cells", "use1-a.yaml");
      writeFileSync(cell, readFileSync(cell, "utf8").replace("- name: ledger", "- name: payments"));
      commitAll("rename a queue");

      const { plans, report } = expectSameBothWays();

      expect(plans.has("head/cell-use1-a.json")).toBe(true);
      expect(plans.has("head/cell-use1-b.json")).toBe(false);
      expect(report.stacks.find((stack) => stack.stack === "cell-use1-a")?.status).not.toBe("unchanged");
    },
    RUN_TIMEOUT,
  );

  it(
    "a cell added (other cell ids at the base, which the policies read): the same plan files and report",
    () => {
      const added = runCells(["new", "use1-d", "--region", "us-east-1", "--like", "use1-c"], { project: repo });
      expect(added.status, added.stderr).toBe(0);
      commitAll("a fourth cell in us-east-1");

      const { plans, report } = expectSameBothWays();

      expect(plans.has("head/cell-use1-d.json")).toBe(true);
      expect(plans.has("base/cell-use1-d.json")).toBe(false);
      expect(report.stacks.find((stack) => stack.stack === "cell-use1-d")?.status).toBe("added");
    },
    RUN_TIMEOUT,
  );

  it(
    "a policy change is planned by each revision's own code, and a new mandatory finding is a risk, not a failure",
    () => {
      const waivers = path.join(repo, "policies", "waivers.yaml");
      writeFileSync(
        waivers,
        readFileSync(waivers, "utf8").replace(
          "stacks: {}",
          [
            "stacks:",
            "  cell-use1-a:",
            "    - policy: security-group-no-public-ingress",
            "      resources: [use1-a-bastion-sg]",
            "      reason: Break-glass SSH (TICKET-123)",
            "      owner: team-network",
            "      expires: 2020-01-31",
          ].join("\n"),
        ),
      );
      commitAll("an expired waiver");

      const run = diff("waiver");

      expect(run.result.stderr).toMatch(PROCESSES);
      expect(run.result.stderr).toMatch(/files outside cells\/ and stacks\/ differ \(policies\/waivers\.yaml\)/);
      expect(run.report.risks).toContainEqual(
        expect.objectContaining({ kind: "policy-violation", stack: "cell-use1-a" }),
      );
    },
    RUN_TIMEOUT,
  );
});
