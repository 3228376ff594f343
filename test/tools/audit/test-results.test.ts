/**
 * Evidence that ran: a real vitest run (a tiny suite in a temporary folder, with vitest's JSON reporter) read by
 * `cells audit --test-results`, per policy: the tests that passed, the ones that failed, the policies without any.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../../tools/audit/report";
import { namesPolicy, parseVitestJson, runEvidence } from "../../../tools/audit/test-results";
import { runCells, PROJECT_ROOT } from "../../support/cli";
import { threeCells } from "./plans";

const scratch = mkdtempSync(path.join(os.tmpdir(), "cellplane-evidence-"));
const results = path.join(scratch, "results.json");
const plansDir = path.join(scratch, "plans");

const SUITE = `import { describe, expect, it } from "vitest";
describe("resource policy sqs-queue-encrypted", () => {
  it("passes a queue encrypted with the cell key", () => expect(1).toBe(1));
  it("reports a queue without encryption", () => expect(2).toBe(2));
});
describe("stack policy cell-resource-tags", () => {
  it("reports a resource without the cell tag", () => expect(1).toBe(2));
});
it("a test about sqs-queue-encrypted-ish names no policy", () => expect(true).toBe(true));
`;

beforeAll(() => {
  writeFileSync(path.join(scratch, "policies.test.ts"), SUITE);
  const vitest = path.join(PROJECT_ROOT, "node_modules", ".bin", "vitest");
  const run = spawnSync(vitest, ["run", "--root", scratch, "--reporter=json", `--outputFile=${results}`], {
    cwd: scratch,
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(run.status).toBe(1); // one test fails on purpose
  mkdirSync(plansDir);
  for (const plan of threeCells()) {
    writeFileSync(path.join(plansDir, `${plan.stack}.json`), JSON.stringify(plan));
  }
}, 150_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("vitest JSON results", () => {
  it("read per test: full name and outcome, and when the run started", () => {
    const { startedAt, cases } = parseVitestJson(JSON.parse(readFileSync(results, "utf8")) as unknown);
    expect(startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(cases).toHaveLength(4);
    const evidence = runEvidence(["sqs-queue-encrypted", "cell-resource-tags", "kms-key-rotation"], cases);
    expect(evidence.get("sqs-queue-encrypted")?.passed).toEqual([
      "resource policy sqs-queue-encrypted passes a queue encrypted with the cell key",
      "resource policy sqs-queue-encrypted reports a queue without encryption",
    ]);
    expect(evidence.get("cell-resource-tags")).toEqual({
      passed: [],
      failed: ["stack policy cell-resource-tags reports a resource without the cell tag"],
    });
    expect(evidence.get("kms-key-rotation")).toEqual({ passed: [], failed: [] });
  });

  it("name a policy only as a whole token", () => {
    expect(namesPolicy("stack policy cell-resource-tags works", "cell-resource-tags")).toBe(true);
    expect(namesPolicy("about sqs-queue-encrypted-ish", "sqs-queue-encrypted")).toBe(false);
    expect(namesPolicy("x-sqs-queue-encrypted", "sqs-queue-encrypted")).toBe(false);
  });
});

describe("cells audit --test-results", () => {
  it("shows per policy the tests that passed, flags policies without one, and states the run", () => {
    const run = runCells([
      "audit",
      "--plans",
      plansDir,
      "--format",
      "json",
      "--test-results",
      results,
      "--allow-stale",
      "--allow-findings",
    ]);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as AuditReport;
    expect(report.testRun).toMatchObject({ file: results, passed: 3, failed: 1, skipped: 0 });
    expect(report.testRun?.commit).toMatch(/^[0-9a-f]{40}$/);
    const sqs = report.policies.find((policy) => policy.name === "sqs-queue-encrypted");
    expect(sqs?.evidence.run?.passed).toHaveLength(2);
    expect(report.summary.policiesWithoutPassingTest).toContain("cell-resource-tags");
    expect(report.summary.policiesWithoutPassingTest).not.toContain("sqs-queue-encrypted");
    expect(report.summary.policiesWithoutPassingTest).toHaveLength(report.policies.length - 1);
  });

  it("says the evidence is from sources only without results, and rejects a file that is not vitest JSON", () => {
    const sourcesOnly = runCells(["audit", "--plans", plansDir, "--allow-stale", "--allow-findings"]);
    expect(sourcesOnly.stdout).toContain("**Evidence:** from sources only: the test files were read, not run.");
    const bad = path.join(scratch, "bad.json");
    writeFileSync(bad, JSON.stringify({ numTotalTests: 3 }));
    const rejected = runCells(["audit", "--plans", plansDir, "--test-results", bad, "--allow-stale"]);
    expect(rejected.status).toBe(2);
    expect(rejected.stderr).toContain(`--test-results ${bad} is not a vitest JSON report: testResults:`);
  });
});
