/**
 * `cells rollout` as a user runs it, with the stand-in `pulumi` first on PATH: the Automation API starts real
 * processes, the journal lands in the fleet copy's `.cellplane/rollouts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCells } from "../../support/cli";
import { fakePulumi, type FakePulumi, type PulumiCall } from "../../support/fake-pulumi";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";

const FAST = ["--yes", "--gates", "none", "--bake-minutes", "0"];

let fleet: TempFleet;
let pulumi: FakePulumi;

beforeEach(() => {
  fleet = copyReferenceFleet();
  pulumi = fakePulumi();
});
afterEach(() => {
  fleet.cleanup();
  pulumi.cleanup();
});

function cells(args: string[]) {
  return runCells(["rollout", ...args], { cwd: fleet.root, env: pulumi.env });
}

function plannedWaves(): string[][] {
  const plan = JSON.parse(cells(["plan", "--json"]).stdout) as { waves: { stacks: string[] }[] };
  return plan.waves.map((wave) => wave.stacks);
}

function journal(): { type: string; stack?: string }[] {
  const dir = path.join(fleet.root, ".cellplane", "rollouts");
  const file = readdirSync(dir).find((entry) => entry.endsWith(".jsonl")) ?? "";
  return readFileSync(path.join(dir, file), "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { type: string; stack?: string });
}

function stacksTouched(calls: PulumiCall[], verb: string): string[] {
  return [...new Set(calls.filter((call) => call.argv[0] === verb).map((call) => call.stack ?? ""))];
}

describe("cells rollout plan", () => {
  it("prints the waves as JSON: a single-cell canary first, global alone last", () => {
    const result = cells(["plan", "--json"]);
    expect(result.status).toBe(0);
    const plan = JSON.parse(result.stdout) as { waves: { index: number; kind: string; stacks: string[] }[] };
    // The project's bootstrap stacks (stacks/Pulumi.account.yaml, Pulumi.region-<r>.yaml) come first.
    const cellWaves = plan.waves.filter((wave) => wave.kind !== "bootstrap");
    expect(plan.waves[0]).toMatchObject({ index: 0, kind: "bootstrap", stacks: ["account"] });
    expect(cellWaves[0]).toMatchObject({ kind: "canary", bakeMinutes: 60 });
    expect(cellWaves[0]?.stacks).toHaveLength(1);
    expect(plan.waves.at(-1)).toMatchObject({ kind: "global", stacks: ["global"] });
  });

  it("puts the bootstrap stacks first (account, then every region) when the project has them", () => {
    // Only these bootstrap stack files: the others of the reference project are removed.
    for (const file of readdirSync(fleet.stacksDir).filter((name) =>
      /^Pulumi\.(account|region-.*)\.yaml$/.test(name),
    )) {
      rmSync(path.join(fleet.stacksDir, file));
    }
    for (const stack of ["account", "region-us-east-1", "region-eu-west-1"]) {
      writeFileSync(path.join(fleet.stacksDir, `Pulumi.${stack}.yaml`), "config: {}\n");
    }
    const plan = JSON.parse(cells(["plan", "--json"]).stdout) as { waves: { kind: string; stacks: string[] }[] };
    expect(plan.waves.slice(0, 3).map((wave) => [wave.kind, wave.stacks])).toEqual([
      ["bootstrap", ["account"]],
      ["bootstrap", ["region-eu-west-1", "region-us-east-1"]],
      ["canary", [expect.stringMatching(/^cell-/)]],
    ]);
    expect(plan.waves.at(-1)?.stacks).toEqual(["global"]);
  });

  it("refuses a canary that is not a cell with exit 2, naming the file and field", () => {
    fleet.edit("fleet.yaml", (document) => {
      document.rollout = { canary: ["nope-1"] };
    });
    const result = cells(["plan"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("fleet.yaml: rollout.canary[0]: is not a cell of the fleet");
  });
});

describe("cells rollout input errors (exit 2, nothing written)", () => {
  it("needs --yes when nothing can be confirmed, and a sane --id", () => {
    const noYes = cells(["start", "--gates", "none"]);
    expect(noYes.status).toBe(2);
    expect(noYes.stderr).toContain("pass --yes");
    const badId = cells(["start", ...FAST, "--id", "../escape"]);
    expect(badId.status).toBe(2);
    expect(badId.stderr).toContain("--id ../escape: use 1-80 letters");
    expect(cells(["resume", ...FAST]).stderr).toContain("no rollout journal found");
    expect(existsSync(path.join(fleet.root, ".cellplane"))).toBe(false);
    expect(pulumi.calls()).toEqual([]);
    const old = runCells(["rollout", "start", ...FAST], {
      cwd: fleet.root,
      env: { ...pulumi.env, FAKE_PULUMI_VERSION: "v2.25.2" },
    });
    expect(old.status).toBe(2);
    expect(old.stderr).toContain("the pulumi CLI on PATH cannot run this rollout");
    expect(old.stderr).toContain("Minimum version requirement failed");
    expect(pulumi.calls().map((call) => call.argv)).toEqual([["version"]]);
    expect(existsSync(path.join(fleet.root, ".cellplane"))).toBe(false);
  });
});

describe("cells rollout start/resume with the stand-in pulumi", { timeout: 300_000 }, () => {
  it("halts on a failing canary before any other stack is touched (exit 1); resume finishes wave by wave", () => {
    const waves = plannedWaves();
    const canary = waves[0]?.[0] ?? "";
    pulumi.configure({ failUp: [canary] });
    const first = cells(["start", ...FAST, "--message", "change 42"]);
    expect(first.status).toBe(1);
    expect(first.stdout).toContain("HALTED");
    expect(first.stdout).toContain("cells rollout resume --id");
    const touched = pulumi.calls().filter((call) => call.stack !== undefined);
    expect(new Set(touched.map((call) => call.stack))).toEqual(new Set([canary]));
    expect(pulumi.calls().filter((call) => call.argv[0] === "version")).toHaveLength(1);

    const select = pulumi.calls().find((call) => call.argv[0] === "stack");
    expect(select?.argv).toEqual(["stack", "select", "--stack", canary, "--non-interactive"]);
    const preview = pulumi.calls().find((call) => call.argv[0] === "preview");
    expect(preview?.argv).toEqual(expect.arrayContaining(["--policy-pack", path.resolve(fleet.root, "policies")]));
    expect(preview?.argv[(preview?.argv.indexOf("--event-log") ?? 0) + 1]).toMatch(/automation-logs-preview-/);
    const up = pulumi.ups()[0];
    expect(up?.argv).toEqual(expect.arrayContaining(["--yes", "--skip-preview", "--exec-kind", "auto.local"]));
    expect(up?.argv[up.argv.indexOf("--message") + 1]).toMatch(/^change 42 \[cellplane rollout .+\]$/);
    expect(up?.argv).toContain("--policy-pack");
    expect(up?.argv[up.argv.indexOf("--event-log") + 1]).toMatch(/automation-logs-up-.*eventlog\.txt$/);

    expect(cells(["status"]).status).toBe(1);
    pulumi.configure({});
    const resumed = cells(["resume", ...FAST]);
    expect(resumed.status).toBe(0);
    const ups = pulumi.ups().filter((call) => call.exit === undefined);
    expect(ups.map((call) => call.stack).sort()).toEqual(waves.flat().sort());
    // Wave by wave, without overlap: every update of a wave ends before the next wave's first one starts.
    for (let index = 1; index < waves.length; index++) {
      const previous = ups.filter((call) => waves[index - 1]?.includes(call.stack ?? ""));
      const current = ups.filter((call) => waves[index]?.includes(call.stack ?? ""));
      expect(Math.max(...previous.map((call) => call.end))).toBeLessThanOrEqual(
        Math.min(...current.map((call) => call.start)),
      );
    }
    expect(ups.at(-1)?.stack).toBe("global");
    expect(journal().at(-1)?.type).toBe("completed");
    expect(cells(["status", "--json"]).stdout).toContain('"status": "completed"');
  });

  it("updates nothing when a preview has a mandatory policy violation (exit 1)", () => {
    const canary = plannedWaves()[0]?.[0] ?? "";
    pulumi.configure({ violations: [canary] });
    const result = cells(["start", ...FAST]);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("mandatory policy violation cellplane/cell-storage-encrypted");
    expect(pulumi.ups()).toEqual([]);
    expect(stacksTouched(pulumi.calls(), "preview")).toEqual([canary]);
  });

  it("stops on a stateful replacement unless --allow-risky", () => {
    const canary = plannedWaves()[0]?.[0] ?? "";
    pulumi.configure({ replaceStateful: [canary] });
    const refused = cells(["start", ...FAST, "--until-wave", "0"]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("database cluster replaced");
    expect(pulumi.ups()).toEqual([]);
    const allowed = cells(["resume", ...FAST, "--until-wave", "0", "--allow-risky"]);
    expect(allowed.status).toBe(0);
    expect(pulumi.ups().map((call) => call.stack)).toEqual([canary]);
  });

  it("initialises the stack of a new cell (select, then init) before previewing it", () => {
    const canary = plannedWaves()[0]?.[0] ?? "";
    pulumi.configure({ uninitialized: [canary] });
    expect(cells(["start", ...FAST, "--until-wave", "0"]).status).toBe(0);
    const stackCalls = pulumi.calls().filter((call) => call.argv[0] === "stack");
    expect(stackCalls.slice(0, 2).map((call) => [call.argv.slice(0, 3), call.exit ?? 0])).toEqual([
      [["stack", "select", "--stack"], 255],
      [["stack", "init", canary], 0],
    ]);
    expect(pulumi.ups().map((call) => call.stack)).toEqual([canary]);
  });

  it("resumes after a crash in the middle of a wave without re-running what succeeded", () => {
    fleet.edit("fleet.yaml", (document) => {
      document.rollout = { waveSizes: [6], maxCellsPerRegion: 2, parallelism: 1, bakeMinutes: 0 };
    });
    const waves = plannedWaves();
    const wide = waves[1] ?? [];
    expect(wide.length).toBeGreaterThanOrEqual(3);
    pulumi.configure({ crashAfterUp: wide[1] });
    const crashed = cells(["start", ...FAST]);
    expect(crashed.status).not.toBe(0);
    expect(existsSync(path.join(fleet.root, ".cellplane", "rollouts", "lock"))).toBe(true);
    expect(cells(["status"]).stdout).toContain("its orchestrator is gone");

    pulumi.configure({});
    const resumed = cells(["resume", ...FAST]);
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toContain(`${wide[1]}: already updated by this rollout (stack history), skipped`);
    const perStack = new Map<string, number>();
    for (const call of pulumi.ups()) {
      perStack.set(call.stack ?? "", (perStack.get(call.stack ?? "") ?? 0) + 1);
    }
    expect([...perStack.keys()].sort()).toEqual(waves.flat().sort());
    expect([...perStack.values()].every((count) => count === 1)).toBe(true);
    expect(journal().map((record) => record.type)).toContain("lock-recovered");
  });

  it("never runs more updates at once than the fleet's parallelism", () => {
    fleet.edit("fleet.yaml", (document) => {
      document.rollout = { waveSizes: [6], maxCellsPerRegion: 2, parallelism: 2, bakeMinutes: 0 };
    });
    const wide = plannedWaves()[1] ?? [];
    expect(wide.length).toBeGreaterThanOrEqual(4);
    pulumi.configure({ upDelayMs: 700 });
    expect(cells(["start", ...FAST, "--until-wave", "1"]).status).toBe(0);
    const ups = pulumi.ups().filter((call) => wide.includes(call.stack ?? ""));
    expect(ups).toHaveLength(wide.length);
    const overlap = (at: number): number => ups.filter((call) => call.start <= at && at < call.end).length;
    const most = Math.max(...ups.map((call) => overlap(call.start)));
    expect(most).toBeLessThanOrEqual(2);
    expect(most).toBe(2);
  });

  it("reports a stack left locked with the safe command, and resumes once it is cleared", () => {
    const canary = plannedWaves()[0]?.[0] ?? "";
    pulumi.lock(canary);
    const locked = cells(["start", ...FAST, "--until-wave", "0"]);
    expect(locked.status).toBe(1);
    expect(locked.stdout).toContain(`pulumi cancel --yes --stack ${canary}`);
    expect(pulumi.ups()).toHaveLength(1);
    // What the message tells an operator to run, against the same stand-in.
    const cancel = spawnSync("pulumi", ["cancel", "--yes", "--stack", canary], {
      env: { ...process.env, ...pulumi.env },
      encoding: "utf8",
    });
    expect(cancel.status).toBe(0);
    const resumed = cells(["resume", ...FAST, "--until-wave", "0"]);
    expect(resumed.status).toBe(0);
    expect(pulumi.ups().map((call) => [call.stack, call.exit ?? 0])).toEqual([
      [canary, 255],
      [canary, 0],
    ]);
  });
});
