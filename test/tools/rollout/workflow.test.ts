import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../../../tools/cli/main";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  "continue-on-error"?: boolean;
}
interface Job {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { push?: { branches: string[] } };
  permissions: Record<string, string>;
  concurrency: { group: string; "cancel-in-progress": boolean };
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(
  readFileSync(path.join(__dirname, "..", "..", "..", ".github", "workflows", "deploy.yml"), "utf8"),
) as Workflow;
const waveJobs = Object.keys(workflow.jobs).filter((name) => name.startsWith("wave-"));

function step(job: Job | undefined, predicate: (s: Step) => boolean): Step {
  const found = job?.steps.find(predicate);
  expect(found).toBeDefined();
  return found ?? {};
}

describe(".github/workflows/deploy.yml", () => {
  it("deploys main, one rollout at a time, with a rollout id that survives a re-run", () => {
    expect(workflow.on.push?.branches).toEqual(["main"]);
    expect(workflow.concurrency).toEqual({ group: "cellplane-deploy", "cancel-in-progress": false });
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.env.ROLLOUT_ID).toBe("gh-${{ github.run_id }}");
  });

  it("plans first: the offline plan and pack, then the waves as outputs", () => {
    const plan = workflow.jobs.plan;
    step(plan, (s) => s.run === "npx tsx tools/cli/main.ts plan");
    expect(step(plan, (s) => s.run?.includes("rollout plan --json") === true).run).toContain("approvals=");
    expect(plan?.outputs).toEqual({
      waves: "${{ steps.plan.outputs.waves }}",
      approvals: "${{ steps.plan.outputs.approvals }}",
    });
  });

  it("runs one job per wave, each needing the previous one, in its approval environment", () => {
    expect(waveJobs.length).toBeGreaterThanOrEqual(6);
    waveJobs.forEach((name, k) => {
      const job = workflow.jobs[name];
      expect(name).toBe(`wave-${k}`);
      expect(job?.needs).toEqual(k === 0 ? "plan" : ["plan", `wave-${k - 1}`]);
      expect(job?.if).toBe(`fromJSON(needs.plan.outputs.waves) > ${k}`);
      expect(job?.environment).toContain(`fromJSON(needs.plan.outputs.approvals)[${k}]`);
      expect(job?.environment).toContain("'production-approval'");
      expect(job?.env?.UNTIL_WAVE).toBe(k === waveJobs.length - 1 ? "last" : String(k));
    });
  });

  it("assumes the deploy role over OIDC and carries the journal from job to job, even when a wave halts", () => {
    for (const name of waveJobs) {
      const job = workflow.jobs[name];
      expect(job?.permissions).toEqual({ contents: "read", "id-token": "write" });
      const credentials = step(job, (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") === true);
      expect(credentials.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
      const download = step(job, (s) => s.uses?.startsWith("actions/download-artifact@") === true);
      expect(download).toMatchObject({ "continue-on-error": true, with: { name: "rollout-journal" } });
      const upload = step(job, (s) => s.uses?.startsWith("actions/upload-artifact@") === true);
      expect(upload.if).toBe("always()");
      expect(upload.with).toMatchObject({
        name: "rollout-journal",
        path: ".cellplane/rollouts/*.jsonl",
        overwrite: true,
        "include-hidden-files": true,
      });
    }
  });

  it("starts the rollout once and resumes it in every later job, with flags the CLI knows", () => {
    const run = step(workflow.jobs["wave-3"], (s) => s.name === "Roll out");
    expect(run.run).toContain('rollout resume --id "$ROLLOUT_ID" --yes');
    expect(run.run).toContain('rollout start --id "$ROLLOUT_ID" --yes');
    expect(run.run).toContain('--until-wave "$UNTIL_WAVE"');
    expect(run.env?.MESSAGE).not.toContain("head_commit");
    const rollout = buildProgram().commands.find((command) => command.name() === "rollout");
    for (const verb of ["start", "resume"]) {
      const known = new Set(
        rollout?.commands.find((command) => command.name() === verb)?.options.map((option) => option.long),
      );
      const line = (run.run ?? "").split("\n").find((text) => text.includes(`rollout ${verb}`)) ?? "";
      const used = [...line.matchAll(/--[a-z-]+/g)].map((match) => match[0]);
      expect(used.length).toBeGreaterThan(2);
      expect(used.filter((flag) => !known.has(flag))).toEqual([]);
    }
  });
});
