import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMENT_MARKER, PREVIEW_COMMENT_MARKER } from "../../../tools/diff/render-markdown";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(
  readFileSync(path.join(__dirname, "..", "..", "..", ".github", "workflows", "pr-diff.yml"), "utf8"),
) as Workflow;

function step(job: Job, predicate: (s: Step) => boolean): Step {
  const found = job.steps.find(predicate);
  expect(found).toBeDefined();
  return found ?? {};
}

describe(".github/workflows/pr-diff.yml", () => {
  const offline = workflow.jobs["offline-diff"] ?? { steps: [] };
  const preview = workflow.jobs.preview ?? { steps: [] };

  it("runs on pull requests with the standard token's comment permissions", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toMatchObject({ "pull-requests": "write", issues: "write", contents: "read" });
  });

  it("checks out full history, sets up Node 22 with the npm cache, installs and tests", () => {
    expect(step(offline, (s) => s.uses?.startsWith("actions/checkout@") === true).with).toMatchObject({
      "fetch-depth": 0,
    });
    expect(step(offline, (s) => s.uses?.startsWith("actions/setup-node@") === true).with).toMatchObject({
      "node-version": 22,
      cache: "npm",
    });
    step(offline, (s) => s.run?.startsWith("npm ci") === true);
    step(offline, (s) => s.run === "npm test");
  });

  it("diffs against origin/<base branch> and updates one comment found by the hidden marker", () => {
    const diff = step(offline, (s) => s.id === "diff");
    expect(diff.env?.BASE_REF).toBe("${{ github.base_ref }}");
    expect(diff.run).toContain('tools/cli/main.ts diff --base "origin/${BASE_REF}"');
    expect(diff.run).toContain("--json-out");
    const comment = step(offline, (s) => s.uses?.startsWith("actions/github-script@") === true);
    expect(comment.env?.COMMENT_MARKER).toBe(COMMENT_MARKER);
    expect(String(comment.with?.script)).toContain("updateComment");
    expect(String(comment.with?.script)).toContain("createComment");
  });

  it("runs real previews only when AWS credentials are configured, per changed cell stack, with the policy pack", () => {
    expect(preview.if).toContain("vars.AWS_ROLE_ARN != ''");
    expect(preview.needs).toBe("offline-diff");
    expect(preview.permissions).toMatchObject({ "id-token": "write" });
    step(preview, (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") === true);
    expect(step(preview, (s) => s.run?.includes("pulumi preview") === true).run).toContain(
      "--policy-pack policies --json",
    );
    expect(step(preview, (s) => s.run?.includes("--preview-json") === true).run).toContain(
      "tools/cli/main.ts diff --preview-json",
    );
    expect(step(preview, (s) => s.uses?.startsWith("actions/github-script@") === true).env?.COMMENT_MARKER).toBe(
      PREVIEW_COMMENT_MARKER,
    );
  });
});
