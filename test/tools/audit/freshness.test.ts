/**
 * `cells audit` refuses evidence that no longer describes the working tree, and exits 1 on findings. A small
 * project in a temporary folder: its plan records the fingerprint of its inputs, then an input is edited.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { compareInputs, InputHasher } from "../../../tools/lib/fingerprint";
import { planFileName, type PlanFile } from "../../../tools/lib/plan-file";
import { toolVersion } from "../../../tools/lib/provenance";
import { runCells } from "../../support/cli";

const project = mkdtempSync(path.join(os.tmpdir(), "cellplane-fresh-"));
const plansDir = path.join(project, "plans");
const COMPONENT = "components/cell/cell-cache.ts";

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

function hasher(): InputHasher {
  const at = (dir: string): string => path.join(project, dir);
  return new InputHasher(
    { projectDir: project, cellsDir: at("cells"), stacksDir: at("stacks"), packDir: at("policies") },
    toolVersion(),
  );
}

/** One cell stack with one mandatory violation of a real policy of the pack, fingerprinted as `cells plan` does. */
function planNow(waiverExpires?: string): void {
  const urn = "urn:pulumi:cell-a::cellplane::aws:sqs/queue:Queue::a-orders";
  const waiver = { reason: "migration", owner: "team-a", expires: waiverExpires ?? "" };
  const plan: PlanFile = {
    stack: "cell-a",
    cell: "a",
    region: "us-east-1",
    resources: [{ urn, type: "aws:sqs/queue:Queue", name: "a-orders", inputs: {}, dependencies: [] }],
    outputs: {},
    policy: {
      violations: [
        {
          policy: "sqs-queue-encrypted",
          packName: "cellplane",
          message: "queue a-orders is not encrypted",
          urn,
          ...(waiverExpires === undefined
            ? { enforcementLevel: "mandatory" as const }
            : { enforcementLevel: "advisory" as const, waived: waiver }),
        },
      ],
      waivers:
        waiverExpires === undefined ? [] : [{ policy: "sqs-queue-encrypted", resources: ["a-orders"], ...waiver }],
    },
    inputs: hasher().fingerprint("cell-a"),
  };
  rmSync(plansDir, { recursive: true, force: true });
  mkdirSync(plansDir, { recursive: true });
  writeFileSync(path.join(plansDir, planFileName(plan.stack)), JSON.stringify(plan));
}

function audit(...extra: string[]) {
  return runCells(["audit", "--plans", "plans", ...extra], { cwd: project });
}

beforeEach(() => {
  write("cells/fleet.yaml", "owner: team-platform\n");
  write("cells/a.yaml", "id: a\nregion: us-east-1\n");
  write("cells/b.yaml", "id: b\nregion: us-east-1\n");
  write("stacks/Pulumi.cell-a.yaml", "config:\n  cellplane:cell: a\n");
  write(COMPONENT, "export const transitEncryption = true;\n");
  write("policies/waivers.yaml", "stacks: {}\n");
  planNow();
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe("input fingerprints", () => {
  it("record the stack's own fleet files, its stack file, the cell ids and the shared code, by content", () => {
    const inputs = hasher().fingerprint("cell-a");
    expect(Object.keys(inputs.files)).toEqual(
      expect.arrayContaining([COMPONENT, "cells/fleet.yaml", "cells/a.yaml", "stacks/Pulumi.cell-a.yaml"]),
    );
    expect(Object.keys(inputs.files)).not.toContain("cells/b.yaml");
    expect(hasher().fingerprint("cell-a")).toEqual(inputs);
    write("cells/b.yaml", "id: b\nregion: us-west-2\n");
    expect(compareInputs(inputs, hasher().fingerprint("cell-a")).files).toEqual([]);
    write("cells/a.yaml", "id: a\nregion: us-west-2\n");
    rmSync(path.join(project, "cells/b.yaml"));
    expect(compareInputs(inputs, hasher().fingerprint("cell-a")).files).toEqual([
      { file: "(cell ids)", change: "changed" },
      { file: "cells/a.yaml", change: "changed" },
    ]);
  });
});

describe("cells audit on saved plans", () => {
  it("exits 1 on a mandatory violation of fresh plans, and says the plans are fresh", () => {
    const run = audit();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("1 mandatory violation(s), 0 expired and 0 invalid waiver(s) (exit 1;");
    expect(run.stdout).toContain("Plans are fresh: every plan's input fingerprint matches the working tree");
    expect(run.stdout).toContain("- **Mandatory violations (not waived):** 1");
  });

  it("exits 0 with --allow-findings, still reporting the violation", () => {
    const run = audit("--allow-findings");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "| `sqs-queue-encrypted` | mandatory | `a-orders` | queue a-orders is not encrypted |",
    );
  });

  it("refuses with exit 2 after a component edit without re-planning, naming the file and the command", () => {
    write(COMPONENT, "export const transitEncryption = false;\n");
    const out = path.join(project, "report.md");
    const run = audit("--out", out);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("1 plan(s) in plans no longer match the working tree");
    expect(run.stderr).toContain(`  - ${COMPONENT} changed (cell-a)`);
    expect(run.stderr).toContain("plan --out plans");
    expect(run.stderr).toContain("--allow-stale");
    expect(existsSync(out)).toBe(false);
  });

  it("audits stale plans with --allow-stale and says so in the report", () => {
    write("stacks/Pulumi.cell-a.yaml", "config:\n  cellplane:cell: a\n  aws:region: us-east-1\n");
    const run = audit("--allow-stale", "--allow-findings");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      "STALE: 1 plan(s) no longer match the working tree; audited anyway with --allow-stale (cell-a)",
    );
  });

  it("counts an expired waiver as a finding, on the evaluation date it prints", () => {
    planNow("2030-06-30");
    const inForce = audit();
    expect(inForce.status).toBe(0);
    expect(inForce.stdout).toContain("### Waivers in force: 1");
    const later = runCells(["audit", "--plans", "plans"], { cwd: project, env: { CELLPLANE_TODAY: "2030-07-01" } });
    expect(later.status).toBe(1);
    expect(later.stdout).toContain("Evaluation date: 2030-07-01 (set by CELLPLANE_TODAY)");
    expect(later.stdout).toContain("### Expired waivers (they waive nothing; each is a violation): 1");
    expect(later.stderr).toContain("1 mandatory violation(s), 1 expired and 0 invalid waiver(s)");
    expect(readFileSync(path.join(plansDir, "cell-a.json"), "utf8")).toContain('"expires":"2030-06-30"');
  });
});
