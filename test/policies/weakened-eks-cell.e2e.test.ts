/**
 * Issue 14, "done when": weakening an eks cell's pod security context (or its nodes' metadata protection) makes
 * `cells plan` fail, naming the cell, the resource and the policy, and makes the component test of that setting
 * fail too. One project copy with one eks cell (usw2-a); each weakening is applied, planned and undone in turn.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCells, withoutProgress, type CliResult } from "../support/cli";
import { copyProject, type ProjectCopy } from "../support/project-copy";

const MANIFESTS = "components/cell/workload-manifests.ts";
const NODES = "components/cell/cluster-nodes.ts";

interface Weakening {
  title: string;
  file: string;
  from: string;
  to: string;
  policy: string;
  resource: string;
  message: RegExp;
}

const DEPLOYMENT = "usw2-a-workload-deployment";
const WEAKENINGS: Weakening[] = [
  {
    title: "privilege escalation allowed in the app container",
    file: MANIFESTS,
    from: "  allowPrivilegeEscalation: false,\n",
    to: "  allowPrivilegeEscalation: true,\n",
    policy: "k8s-no-privilege-escalation",
    resource: DEPLOYMENT,
    message: /Deployment usw2-a-workload-deployment: containers\[0\] "app"/,
  },
  {
    title: "the app container may run as root",
    file: MANIFESTS,
    from: "  runAsNonRoot: true,\n  runAsUser: APP_USER,\n",
    to: "  runAsNonRoot: false,\n  runAsUser: APP_USER,\n",
    policy: "k8s-run-as-non-root",
    resource: DEPLOYMENT,
    message: /may run as root/,
  },
  {
    title: "capabilities no longer all dropped",
    file: MANIFESTS,
    from: '  capabilities: { drop: ["ALL"] },\n',
    to: '  capabilities: { drop: ["NET_RAW"] },\n',
    policy: "k8s-drop-all-capabilities",
    resource: DEPLOYMENT,
    message: /containers\[0\] "app"/,
  },
  {
    title: "the nodes' metadata hop limit raised to 2",
    file: NODES,
    from: "metadataOptions: IMDSV2_ONLY,",
    to: "metadataOptions: { ...IMDSV2_ONLY, httpPutResponseHopLimit: 2 },",
    policy: "eks-node-group-imdsv2",
    resource: "usw2-a-cluster-nodes",
    message: /httpPutResponseHopLimit is 2, not 1/,
  },
];

let project: ProjectCopy;
let baseline: CliResult;
let weakenedTest: { status: number | null; output: string };
const results = new Map<string, CliResult>();

beforeAll(() => {
  project = copyProject();
  // The component test of the pod's security context, run on weakened code (with the whole reference fleet, which
  // its fixture reads).
  const [first] = WEAKENINGS;
  project.replaceIn(first.file, first.from, first.to);
  const run = spawnSync(
    path.join(project.root, "node_modules", ".bin", "vitest"),
    ["run", "test/components/cell/cell-cluster.test.ts", "-t", "restricted profile"],
    { cwd: project.root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, timeout: 240_000 },
  );
  weakenedTest = { status: run.status, output: `${run.stdout}${run.stderr}` };
  project.replaceIn(first.file, first.to, first.from);

  for (const file of readdirSync(path.join(project.root, "cells"))) {
    if (!["fleet.yaml", "tenants.yaml", "usw2-a.yaml"].includes(file)) {
      project.remove(path.join("cells", file));
    }
  }
  project.remove("stacks/Pulumi.global.yaml");
  baseline = runCells(["plan", "--out", "plan"], { project: project.root });
  for (const weakening of WEAKENINGS) {
    project.replaceIn(weakening.file, weakening.from, weakening.to);
    results.set(weakening.title, runCells(["plan", "--out", "plan"], { project: project.root }));
    project.replaceIn(weakening.file, weakening.to, weakening.from);
  }
}, 900_000);
afterAll(() => project.cleanup());

describe("cells plan on a weakened eks cell", () => {
  it("plans the unweakened eks cell clean", () => {
    expect(withoutProgress(baseline.stderr)).toBe("");
    expect(baseline.status).toBe(0);
  });

  it.each(WEAKENINGS.map((weakening) => [weakening.title, weakening] as const))(
    "%s: exits 1 naming the cell, the resource and the policy",
    (title, { policy, resource, message }) => {
      const result = results.get(title);
      expect(withoutProgress(result?.stderr ?? "")).toBe("");
      expect(result?.status).toBe(1);
      const line = result?.stdout.split("\n").find((entry) => entry.includes(`  ${policy}  `));
      expect(line).toMatch(new RegExp(`^cell-usw2-a \\(cell usw2-a\\) {2}${resource} {2}${policy} {2}mandatory {2}`));
      expect(line).toMatch(message);
      expect(result?.stdout).toMatch(/^1 mandatory policy violation: fix them or add a waiver/m);
    },
  );

  it("fails the component test of the pod security context too", () => {
    expect(weakenedTest.output).toMatch(/runs the app under the restricted profile/);
    expect(weakenedTest.output).toMatch(/allowPrivilegeEscalation/);
    expect(weakenedTest.status).toBe(1);
  });
});
