/**
 * Incremental plans as a user runs them: a git repository holding a copy of this project (the reference fleet),
 * planned whole once; then one input edited at a time and `cells plan --changed-since HEAD` run through
 * tools/cli/main.ts into a copy of that plan folder. Each scenario checks which stacks were planned, and one checks
 * that the files are the same bytes as a full plan of the edited tree.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runCells } from "../../support/cli";
import { copyProjectFiles } from "../../support/project-copy";

const TIMEOUT = 600_000;
const CELL_STACKS = ["apse2-a", "euw1-a", "euw1-b", "use1-a", "use1-b", "use1-c", "usw2-a"].map((id) => `cell-${id}`);

let repo = "";
let fullPlan = "";

interface Incremental {
  planned: string[];
  dependents: string[];
  reused: string[];
  staleReused: string[];
}

function git(...args: string[]): string {
  return execFileSync("git", args, { cwd: repo, encoding: "utf8" });
}

function edit(file: string, from: string, to: string): void {
  const full = path.join(repo, file);
  const text = readFileSync(full, "utf8");
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

/** `cells plan <args> --json` in the repository, into a fresh copy of the full plan; its incremental record. */
function planChanged(...args: string[]): { out: string; status: number | null; stderr: string; run?: Incremental } {
  const out = mkdtempSync(path.join(repo, ".cellplane", "out-"));
  cpSync(fullPlan, out, { recursive: true });
  const result = runCells(["plan", "--json", "--out", out, ...args], { cwd: repo, project: repo });
  const document =
    result.status === 0 ? (JSON.parse(result.stdout) as { incremental?: Incremental }) : { incremental: undefined };
  return { out, status: result.status, stderr: result.stderr, run: document.incremental };
}

function planFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(path.join(dir, name), "utf8")]),
  );
}

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), "cellplane-incremental-"));
  copyProjectFiles(repo);
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("-c", "user.name=cellplane test", "-c", "user.email=test@cellplane.invalid", "commit", "-q", "-m", "fleet");
  fullPlan = path.join(repo, ".cellplane", "full");
  const full = runCells(["plan", "--out", fullPlan], { cwd: repo, project: repo });
  expect(full.status, full.stderr).toBe(0);
}, TIMEOUT);

afterEach(() => {
  git("checkout", "--", ".");
});

afterAll(() => {
  if (repo !== "") {
    rmSync(repo, { recursive: true, force: true });
  }
});

describe("cells plan --changed-since", () => {
  it(
    "plans only the edited cell, keeps the other files, and writes the bytes a full plan writes",
    () => {
      edit("cells/use1-a.yaml", "instanceClass: db.r7g.xlarge", "instanceClass: db.r7g.2xlarge");
      const { out, status, stderr, run } = planChanged("--changed-since", "HEAD");
      expect(status, stderr).toBe(0);
      expect(run?.planned).toEqual(["cell-use1-a"]);
      expect(run?.reused).toHaveLength(12);
      expect(run?.staleReused).toEqual([]);
      expect(readFileSync(path.join(out, "cell-use1-a.json"), "utf8")).toContain('"db.r7g.2xlarge"');
      const whole = mkdtempSync(path.join(repo, ".cellplane", "whole-"));
      const full = runCells(["plan", "--out", whole], { cwd: repo, project: repo });
      expect(full.status, full.stderr).toBe(0);
      expect(planFiles(out)).toEqual(planFiles(whole));
    },
    TIMEOUT,
  );

  it(
    "plans global after a cell only when an output global reads changed",
    () => {
      edit("cells/usw2-a.yaml", "region: us-west-2\n", "region: us-west-2\napp:\n  healthCheckPath: /health/ready\n");
      const { status, stderr, run } = planChanged("--changed-since", "HEAD");
      expect(status, stderr).toBe(0);
      expect(run?.planned).toEqual(["cell-usw2-a", "global"]);
      expect(run?.dependents).toEqual(["global"]);
    },
    TIMEOUT,
  );

  it(
    "plans every cell after a default of fleet.yaml changed, and nothing else",
    () => {
      edit("cells/fleet.yaml", "instanceClass: db.r7g.large", "instanceClass: db.r7g.xlarge");
      const { status, stderr, run } = planChanged("--changed-since", "HEAD");
      expect(status, stderr).toBe(0);
      expect(run?.planned).toEqual(CELL_STACKS);
    },
    TIMEOUT,
  );

  it(
    "plans every stack that loads an edited component, and only those",
    () => {
      const component = path.join(repo, "components/cell/cell-queue.ts");
      writeFileSync(component, `${readFileSync(component, "utf8")}\n// an edit that changes no resource\n`);
      const { status, stderr, run } = planChanged("--changed-since", "HEAD");
      expect(status, stderr).toBe(0);
      expect(run?.planned).toEqual(CELL_STACKS);
    },
    TIMEOUT,
  );

  it(
    "plans only global after the tenants file changed",
    () => {
      const tenants = path.join(repo, "cells/tenants.yaml");
      writeFileSync(tenants, `${readFileSync(tenants, "utf8")}# reviewed\n`);
      const { status, stderr, run } = planChanged("--changed-since", "HEAD");
      expect(status, stderr).toBe(0);
      expect(run?.planned).toEqual(["global"]);
    },
    TIMEOUT,
  );
});

describe("cells plan --stacks", () => {
  it(
    "refuses an unknown stack with exit 2, naming the valid ones, and writes nothing",
    () => {
      const { out, status, stderr } = planChanged("--stacks", "cell-use1-a", "cell-nope");
      expect(status).toBe(2);
      expect(stderr).toContain("cell-nope is not a stack of this fleet; choose from account, region-ap-southeast-2,");
      expect(stderr).toContain("cell-usw2-a, global");
      expect(planFiles(out)).toEqual(planFiles(fullPlan));
    },
    TIMEOUT,
  );

  it(
    "refuses with exit 2 when a stack it reads has no plan, naming it and the command that fixes it",
    () => {
      const out = mkdtempSync(path.join(repo, ".cellplane", "missing-"));
      cpSync(fullPlan, out, { recursive: true });
      rmSync(path.join(out, "region-us-west-2.json"));
      const result = runCells(["plan", "--out", out, "--stacks", "cell-usw2-a"], { cwd: repo, project: repo });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`region-us-west-2: no plan file ${path.join(out, "region-us-west-2.json")}`);
      expect(result.stderr).toContain(`cells plan --stacks region-us-west-2 cell-usw2-a --out ${out}`);
      expect(existsSync(path.join(out, "region-us-west-2.json"))).toBe(false);
    },
    TIMEOUT,
  );
});
