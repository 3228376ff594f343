/**
 * `npx tsx tools/bench/cdk/synth.ts <fleet-dir> <out-dir>` as the benchmark runs it: a whole process that prints one
 * JSON line, writes a cloud assembly whose templates pass CDK's own validation, and refuses a bad fleet with exit 2.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateFleet } from "../../../tools/bench/generate-fleet";
import { PROJECT_ROOT } from "../../support/cli";
import { copyReferenceFleet } from "../../support/fleet-dir";

const TSX = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
const SCRIPT = path.join(PROJECT_ROOT, "tools", "bench", "cdk", "synth.ts");

function runSynth(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(TSX, [SCRIPT, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env, NO_COLOR: "1" },
    timeout: 240_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Template {
  Resources: Record<string, { Type: string }>;
}

describe("tools/bench/cdk/synth.ts", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "cellplane-cdk-cli-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("synthesizes a generated fleet given its root: one stack per cell, the count it prints is the templates'", () => {
    const generated = generateFleet(3);
    const outDir = path.join(scratch, "generated");
    try {
      const result = runSynth([generated.root, outDir]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const lines = result.stdout.trim().split("\n");
      expect(lines).toHaveLength(1);
      const summary = JSON.parse(lines[0]) as { stacks: number; resources: number };
      const templates = readdirSync(outDir).filter((file) => file.endsWith(".template.json"));
      expect(templates.sort()).toEqual(generated.cellIds.map((id) => `cell-${id}.template.json`));
      const counted = templates
        .map((file) => JSON.parse(readFileSync(path.join(outDir, file), "utf8")) as Template)
        .flatMap((template) => Object.values(template.Resources))
        .filter((resource) => resource.Type !== "AWS::CDK::Metadata").length;
      expect(summary).toEqual({ stacks: 3, resources: counted });
      // CDK's built-in template validation ran (as `cdk synth` runs it) and found nothing.
      const report = JSON.parse(readFileSync(path.join(outDir, "validation-report.json"), "utf8")) as {
        pluginReports: { violations?: unknown[] }[];
      };
      expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
    } finally {
      rmSync(generated.root, { recursive: true, force: true });
    }
  });

  it("exits 2 naming the missing fleet file, and writes nothing", () => {
    const outDir = path.join(scratch, "missing");
    const result = runSynth([path.join(scratch, "no-such-fleet"), outDir]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(path.join(scratch, "no-such-fleet", "fleet.yaml"));
    expect(result.stdout).toBe("");
    expect(existsSync(outDir)).toBe(false);
  });

  it("exits 2 on an invalid cell file, naming the file and field", () => {
    const fleet = copyReferenceFleet();
    try {
      fleet.edit("use1-a.yaml", (cell) => {
        cell.vpcCidr = "172.16.0.0/33";
      });
      const result = runSynth([fleet.cellsDir, path.join(scratch, "invalid")]);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/use1-a\.yaml: vpcCidr/);
    } finally {
      fleet.cleanup();
    }
  });

  it("exits 2 with the usage on a wrong number of arguments", () => {
    const result = runSynth(["cells"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npx tsx tools/bench/cdk/synth.ts <fleet-dir> <out-dir>");
  });
});
