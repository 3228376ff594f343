import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { readSecureConfig } from "../../../tools/diff/io/secure-config";
import { diffPlanSets } from "../../../tools/diff/plan-diff";
import { renderJson } from "../../../tools/diff/render-json";
import { renderMarkdown } from "../../../tools/diff/render-markdown";
import { diffSecureConfig, withSecretConfigChanges } from "../../../tools/diff/secret-config";
import { cellPlan, tempDir } from "./helpers";

const config = (entries: Record<string, string>) => new Map([["cell-a", new Map(Object.entries(entries))]]);

describe("secret stack config", () => {
  it("reports added, changed and removed secure values by key only", () => {
    const changes = diffSecureConfig(
      config({ "app:token": "v1:old", "app:gone": "v1:x" }),
      config({ "app:token": "v1:new", "app:fresh": "v1:y" }),
    );
    expect(changes.get("cell-a")).toEqual([
      { key: "app:fresh", kind: "add" },
      { key: "app:gone", kind: "delete" },
      { key: "app:token", kind: "update" },
    ]);
  });

  it("marks the stack changed and renders no ciphertext", () => {
    const report = withSecretConfigChanges(
      diffPlanSets([cellPlan("cell-a")], [cellPlan("cell-a")]),
      diffSecureConfig(config({ "app:token": "v1:OLDCIPHER" }), config({ "app:token": "v1:NEWCIPHER" })),
    );
    expect(report.stacks[0]?.status).toBe("changed");
    const output = renderMarkdown(report) + renderJson(report);
    expect(output).toContain("`app:token`: secret changed");
    expect(output).not.toMatch(/OLDCIPHER|NEWCIPHER/);
  });

  it("reads secure entries from the stack files in Pulumi.yaml's stackConfigDir", () => {
    const project = tempDir();
    mkdirSync(path.join(project, "stacks"));
    writeFileSync(path.join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\nstackConfigDir: stacks\n");
    writeFileSync(
      path.join(project, "stacks", "Pulumi.cell-a.yaml"),
      "config:\n  aws:region: us-east-1\n  p:token:\n    secure: v1:abc\n",
    );
    expect(readSecureConfig(project)).toEqual(new Map([["cell-a", new Map([["p:token", "v1:abc"]])]]));
  });
});
