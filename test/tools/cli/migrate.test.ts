/**
 * `cells migrate plan`, run as a user runs it: in a git repository holding a copy of the reference fleet, a drain
 * of use1-c in the working tree, compared with HEAD. Every tenant of the drained cell gets every step; bad input
 * (a copy hook that is unset, missing or not executable, a move that disagrees with placement) exits 2 naming the
 * file, the field and the fix.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadFleet } from "../../../fleet/load";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { loadTenants } from "../../../fleet/tenants";
import { STEP_IDS, type Runbook } from "../../../tools/migrate/runbook";
import { PROJECT_ROOT, runCells } from "../../support/cli";
import { copyReferenceFleet } from "../../support/fleet-dir";
import { initGitRepo } from "../../support/git-repo";

const HOOK = "scripts/copy-tenant";
const temp = copyReferenceFleet();
afterAll(() => temp.cleanup());

mkdirSync(path.join(temp.root, "scripts"));
writeFileSync(path.join(temp.root, HOOK), "#!/bin/sh\nexit 0\n");
chmodSync(path.join(temp.root, HOOK), 0o755);
temp.edit("fleet.yaml", (document) => (document.migration = { copyHook: HOOK, batchSize: 5 }));
initGitRepo(temp.root).commitPaths("reference fleet", ["cells"]);
const reference = loadFleet(temp.cellsDir);
const before = placeFleetTenants(reference, loadTenants(reference).tenants).assignments;
temp.edit("use1-c.yaml", (cell) => (cell.state = "draining"));

function migratePlan(...args: string[]): ReturnType<typeof runCells> {
  return runCells(["migrate", "plan", "--cells-dir", "cells", ...args], { cwd: temp.root });
}

describe("cells migrate plan", () => {
  const leaving = Object.keys(before).filter((tenant) => before[tenant] === "use1-c");

  it("lists the steps of every move of a drain, in order, as JSON and as Markdown", () => {
    const json = migratePlan("--base", "HEAD", "--format", "json");
    expect(json.stderr).toBe("");
    expect(json.status).toBe(0);
    const runbook = JSON.parse(json.stdout) as Runbook;
    expect(runbook.moves.map((move) => move.tenant).sort()).toEqual([...leaving].sort());
    for (const move of runbook.moves) {
      expect(move.steps.map((step) => step.id)).toEqual([...STEP_IDS]);
      expect(move.steps[2].action).toBe(`${HOOK} copy --tenant ${move.tenant} --from use1-c --to ${move.to}`);
    }
    expect(runbook.batches).toHaveLength(Math.ceil(leaving.length / 5));

    const markdown = migratePlan("--base", "HEAD");
    expect(markdown.status).toBe(0);
    expect(markdown.stdout).toMatch(
      new RegExp(`^# Migration runbook: ${leaving.length} tenant moves against \`HEAD\``),
    );
    for (const move of runbook.moves) {
      for (const step of move.steps) expect(markdown.stdout).toContain(step.action);
    }
  });

  it("accepts the reference fleet's own copy hook (the contract's stand-in in docs/examples)", () => {
    const run = runCells(["migrate", "plan", "--base", "HEAD", "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ copyHook: "docs/examples/copy-tenant.sh", batchSize: 10 });
    const hook = path.join(PROJECT_ROOT, "docs/examples/copy-tenant.sh");
    const valid = spawnSync(hook, ["copy", "--tenant", "acme", "--from", "use1-c", "--to", "use1-a"], {
      encoding: "utf8",
    });
    expect(valid.status).toBe(1);
    expect(valid.stderr).toContain("would copy tenant acme from cell use1-c to cell use1-a");
    expect(spawnSync(hook, ["move", "--tenant", "acme"], { encoding: "utf8" }).status).toBe(2);
  });

  it("refuses a copy hook that is missing or not executable, naming fleet.yaml, the field and the fix", () => {
    temp.edit("fleet.yaml", (document) => (document.migration = { copyHook: "scripts/nope" }));
    const missing = migratePlan();
    expect(missing.status).toBe(2);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(
      /cells\/fleet\.yaml: migration\.copyHook scripts\/nope does not exist under .*: add/,
    );
    chmodSync(path.join(temp.root, HOOK), 0o644);
    temp.edit("fleet.yaml", (document) => (document.migration = { copyHook: HOOK }));
    const notExecutable = migratePlan();
    expect(notExecutable.status).toBe(2);
    expect(notExecutable.stderr).toContain(`migration.copyHook ${HOOK} is not executable: chmod +x ${HOOK}`);
    chmodSync(path.join(temp.root, HOOK), 0o755);
  });

  it("refuses a moving entry whose to is not where placement puts the tenant, naming tenants.yaml and the fix", () => {
    const tenant = leaving[0];
    const drained = loadFleet(temp.cellsDir);
    const placed = placeFleetTenants(drained, loadTenants(drained).tenants).assignments[tenant];
    const wrong = placed === "use1-a" ? "use1-b" : "use1-a";
    temp.edit("tenants.yaml", (document) => {
      const entry = (document.tenants as Record<string, unknown>[]).find((candidate) => candidate.id === tenant);
      if (entry) entry.moving = { from: "use1-c", to: wrong, phase: "frozen" };
    });
    const mismatch = migratePlan();
    expect(mismatch.status).toBe(2);
    expect(mismatch.stdout).toBe("");
    expect(mismatch.stderr).toContain(
      `tenants.yaml: tenants[id: ${tenant}].moving.to: is not where placement puts the tenant (${placed}): ` +
        `copy its data to ${placed} and set moving.to: ${placed}`,
    );
  });
});
