/** `cells audit` as a user runs it: hand-made plan files in, a report out; bad folders exit 2 with the fix. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../../tools/audit/report";
import { planFileName } from "../../../tools/lib/plan-file";
import { runCells } from "../../support/cli";
import { QUEUE, threeCells } from "./plans";

let scratch: string;
let plansDir: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), "cellplane-audit-"));
  plansDir = path.join(scratch, "plans");
  mkdirSync(plansDir);
  for (const plan of threeCells()) {
    writeFileSync(path.join(plansDir, planFileName(plan.stack)), JSON.stringify(plan));
  }
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function statuses(report: AuditReport, policy: string): Record<string, string> {
  const row = report.matrix.find((entry) => entry.policy === policy)!;
  return Object.fromEntries(report.stacks.map((stack, index) => [stack.stack, row.statuses[index]]));
}

describe("cells audit", () => {
  it("reports the real catalog against the plans as JSON", () => {
    // Hand-made plans carry no input fingerprint (stale) and waivers naming no real policy (invalid).
    const result = runCells(["audit", "--plans", plansDir, "--format", "json", "--allow-stale", "--allow-findings"]);
    expect(result.stderr).toContain("exit 0 because of --allow-findings");
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.pack.name).toBe("cellplane");
    expect(report.stacks.map((stack) => stack.stack)).toEqual(["cell-a", "cell-b", "cell-c"]);
    // The hand-made plans name hand-made policies; the real ones apply by resource type.
    expect(statuses(report, "sqs-queue-encrypted")).toEqual({
      "cell-a": "pass",
      "cell-b": "pass",
      "cell-c": "not-checked",
    });
    expect(statuses(report, "rds-storage-encrypted")).toEqual({
      "cell-a": "not-applicable",
      "cell-b": "not-applicable",
      "cell-c": "not-checked",
    });
    expect(report.summary).toMatchObject({ stacksNotChecked: ["cell-c"], mandatoryViolations: 1 });
    const sqs = report.policies.find((policy) => policy.name === "sqs-queue-encrypted")!;
    expect(sqs.resourceTypes).toContain(QUEUE);
    expect(sqs.evidence.testFiles).toContain("test/policies/policies.test.ts");
    expect(sqs.evidence.cases?.violating).toBeGreaterThan(0);
  });

  it("writes Markdown to --out", () => {
    const out = path.join(scratch, "report", "audit.md");
    const result = runCells(["audit", "--plans", plansDir, "--out", out, "--allow-stale"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const markdown = readFileSync(out, "utf8");
    expect(markdown).toContain("| `sqs-queue-encrypted` | ✅ | ✅ | ⏸️ |");
    expect(markdown).toContain("**Stacks NOT checked:** 1 (`cell-c`)");
  });

  it("exits 2 naming the folder and the fix when the plans are missing", () => {
    const missing = path.join(scratch, "nope");
    const result = runCells(["audit", "--plans", missing]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(missing);
    expect(result.stderr).toContain("npm run plan");
  });

  it("exits 2 naming the file when it is not a plan", () => {
    const bad = path.join(scratch, "bad");
    mkdirSync(bad);
    writeFileSync(path.join(bad, "cell-x.json"), JSON.stringify({ hello: "world" }));
    const result = runCells(["audit", "--plans", bad]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(path.join(bad, "cell-x.json"));
    expect(result.stderr).toContain("npm run plan");
  });
});
