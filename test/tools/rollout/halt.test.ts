/** `cells rollout halt` against a running orchestrator (two real processes and the stand-in `pulumi`). */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT, runCells } from "../../support/cli";
import { fakePulumi, type FakePulumi } from "../../support/fake-pulumi";
import { copyReferenceFleet, type TempFleet } from "../../support/fleet-dir";

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

function startInBackground(): Promise<{ status: number | null; stdout: string }> {
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const main = path.join(PROJECT_ROOT, "tools", "cli", "main.ts");
  const child = spawn(tsx, [main, "rollout", "start", "--yes", "--gates", "none", "--bake-minutes", "0"], {
    cwd: fleet.root,
    env: { ...process.env, ...pulumi.env },
  });
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (status) => resolve({ status, stdout })));
}

/** Resolves once `check` holds, testing it as files change (no fixed delay decides the outcome). */
async function until(check: () => boolean): Promise<void> {
  while (!check()) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function journalText(): string {
  const dir = path.join(fleet.root, ".cellplane", "rollouts");
  const file = existsSync(dir) ? readdirSync(dir).find((entry) => entry.endsWith(".jsonl")) : undefined;
  return file ? readFileSync(path.join(dir, file), "utf8") : "";
}

describe("cells rollout halt", { timeout: 180_000 }, () => {
  it("--now interrupts the running update (SIGINT) and no further stack starts (exit 1)", async () => {
    pulumi.configure({ upDelayMs: 60_000 });
    const running = startInBackground();
    await until(() => journalText().includes('"up-started"'));
    const halt = runCells(["rollout", "halt", "--now"], { cwd: fleet.root, env: pulumi.env });
    expect(halt.status).toBe(0);
    expect(halt.stdout).toContain("to halt now");
    const result = await running;
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("HALTED");
    expect(pulumi.ups()).toHaveLength(0);
    const records = journalText()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { type: string });
    expect(records.filter((record) => record.type === "up-started")).toHaveLength(1);
    expect(records.at(-1)?.type).toBe("halted");
    expect(runCells(["rollout", "status"], { cwd: fleet.root, env: pulumi.env }).stdout).toContain(": halted");
  });
});
