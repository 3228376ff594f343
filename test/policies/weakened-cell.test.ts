/**
 * Issue 11, "done when": a user weakens a real cell's Aurora cluster (the cell key removed, rds.force_ssl set to 0
 * in its parameter group, deletion protection off) and `cells plan` fails, naming the cell, the resource and the
 * policy. One project copy with one cell; each weakening is applied, planned and undone in turn.
 */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCells, withoutProgress, type CliResult } from "../support/cli";
import { copyProject, type ProjectCopy } from "../support/project-copy";

const DATABASE = "components/cell/cell-database.ts";

interface Weakening {
  title: string;
  from: string;
  to: string;
  policy: string;
  message: RegExp;
}

const WEAKENINGS: Weakening[] = [
  {
    title: "the cell key removed from the Aurora cluster",
    // The cluster's own key: the line after `storageEncrypted` (the log group above also names the cell key).
    from: "        storageEncrypted: true,\n        kmsKeyId: settings.keyArn,\n",
    to: "        storageEncrypted: true,\n",
    policy: "cell-database-key",
    message: /database cluster use1-c-database-cluster belongs to a cell but is encrypted with an AWS managed key/,
  },
  {
    title: "rds.force_ssl set to 0 in the cluster's parameter group",
    from: '{ "rds.force_ssl": "1" }',
    to: '{ "rds.force_ssl": "0" }',
    policy: "rds-tls-enforced",
    message: /parameter group use1-c-database-params sets rds\.force_ssl to "0"/,
  },
  {
    title: "deletion protection off on the Aurora cluster",
    from: "        deletionProtection: true,\n",
    to: "        deletionProtection: false,\n",
    policy: "db-deletion-protection",
    message: /database cluster use1-c-database-cluster can be deleted by any API call/,
  },
];

let project: ProjectCopy;
let baseline: CliResult;
const results = new Map<string, CliResult>();

beforeAll(() => {
  project = copyProject();
  for (const file of readdirSync(path.join(project.root, "cells"))) {
    if (!["fleet.yaml", "tenants.yaml", "use1-c.yaml"].includes(file)) {
      project.remove(path.join("cells", file));
    }
  }
  project.remove("stacks/Pulumi.global.yaml");
  baseline = runCells(["plan", "--out", "plan"], { project: project.root });
  for (const weakening of WEAKENINGS) {
    project.replaceIn(DATABASE, weakening.from, weakening.to);
    results.set(weakening.title, runCells(["plan", "--out", "plan"], { project: project.root }));
    project.replaceIn(DATABASE, weakening.to, weakening.from);
  }
}, 600_000);
afterAll(() => project.cleanup());

describe("cells plan on a weakened cell", () => {
  it("plans the unweakened cell clean", () => {
    expect(withoutProgress(baseline.stderr)).toBe("");
    expect(baseline.status).toBe(0);
  });

  it.each(WEAKENINGS.map((weakening) => [weakening.title, weakening] as const))(
    "%s: exits 1 naming the cell, the cluster and the policy",
    (title, { policy, message }) => {
      const result = results.get(title);
      expect(withoutProgress(result?.stderr ?? "")).toBe("");
      expect(result?.status).toBe(1);
      const line = result?.stdout.split("\n").find((entry) => entry.includes(`  ${policy}  `));
      expect(line).toMatch(
        new RegExp(`^cell-use1-c \\(cell use1-c\\) {2}use1-c-database-cluster {2}${policy} {2}mandatory {2}`),
      );
      expect(line).toMatch(message);
      expect(result?.stdout).toMatch(/^1 mandatory policy violation: fix them or add a waiver/m);
    },
  );
});
