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
  needs?: string | string[];
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { pull_request: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const ROOT = path.join(__dirname, "..", "..", "..");
const workflow = parse(readFileSync(path.join(ROOT, ".github", "workflows", "pr-diff.yml"), "utf8")) as Workflow;

function job(name: string): Job {
  const found = workflow.jobs[name];
  expect(found, `job ${name}`).toBeDefined();
  return found ?? { steps: [] };
}

function step(of: Job, predicate: (s: Step) => boolean): Step {
  const found = of.steps.find(predicate);
  expect(found).toBeDefined();
  return found ?? {};
}

function runs(of: Job): string {
  return of.steps.map((s) => s.run ?? "").join("\n");
}

/** Jobs that check out the pull request's code, i.e. run it. */
const CODE_JOBS = ["checks", "diff", "preview"];

describe(".github/workflows/pr-diff.yml", () => {
  it("runs on pull requests with a read-only token by default", () => {
    expect(workflow.on.pull_request).toBeDefined();
    expect(workflow.permissions).toEqual({ contents: "read" });
  });

  it("never gives write permission to a job that runs the pull request's code", () => {
    for (const name of CODE_JOBS) {
      const code = job(name);
      step(code, (s) => s.uses?.startsWith("actions/checkout@") === true);
      expect(
        Object.entries(code.permissions ?? {}).filter(([scope, level]) => level === "write" && scope !== "id-token"),
      ).toEqual([]);
    }
    const jobsThatWrite = Object.entries(workflow.jobs)
      .filter(([, j]) =>
        Object.entries(j.permissions ?? {}).some(([scope, level]) => scope !== "id-token" && level === "write"),
      )
      .map(([name]) => name);
    expect(jobsThatWrite).toEqual(["comment"]);
  });

  it("posts from a separate job that checks out nothing and reads the artifacts the read-only jobs wrote", () => {
    const comment = job("comment");
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.needs).toEqual(["diff", "preview"]);
    expect(comment.if).toContain("needs.diff.result == 'success'");
    expect(comment.steps.some((s) => s.uses?.startsWith("actions/checkout@") === true)).toBe(false);
    expect(comment.steps.some((s) => s.run?.includes("npm") === true || s.run?.includes("npx") === true)).toBe(false);
    const downloads = comment.steps.filter((s) => s.uses?.startsWith("actions/download-artifact@") === true);
    expect(downloads.map((s) => s.with?.name)).toEqual(["cellplane-diff", "cellplane-preview"]);
    const uploads = ["diff", "preview"].map(
      (name) => step(job(name), (s) => s.uses?.startsWith("actions/upload-artifact@") === true).with?.name,
    );
    expect(uploads).toEqual(["cellplane-diff", "cellplane-preview"]);
    const post = step(comment, (s) => s.uses?.startsWith("actions/github-script@") === true);
    expect(post.env?.COMMENTS).toContain(`diff.md ${COMMENT_MARKER}`);
    expect(post.env?.COMMENTS).toContain(`preview.md ${PREVIEW_COMMENT_MARKER}`);
    expect(String(post.with?.script)).toContain("updateComment");
    expect(String(post.with?.script)).toContain("createComment");
  });

  it("does not let the tests gate the comment: they run in their own job, with typecheck and lint", () => {
    const checks = job("checks");
    expect(runs(checks)).toContain("npm run typecheck");
    expect(runs(checks)).toContain("npm run lint");
    expect(runs(checks)).toContain("npm test");
    expect(runs(job("diff"))).not.toContain("npm test");
    expect(job("diff").needs).toBeUndefined();
    expect(job("comment").needs).not.toContain("checks");
  });

  it("installs the project and the policy pack from their lockfiles, which exist", () => {
    for (const name of CODE_JOBS) {
      const install = runs(job(name));
      expect(install).toContain("npm ci --no-audit --no-fund");
      expect(install).toContain("npm ci --prefix policies");
      expect(install).not.toContain("npm install");
    }
    const lock = JSON.parse(readFileSync(path.join(ROOT, "policies", "package-lock.json"), "utf8")) as {
      name: string;
      lockfileVersion: number;
    };
    expect(lock).toMatchObject({ name: "cellplane-policies", lockfileVersion: 3 });
  });

  it("diffs against origin/<base branch> with full history", () => {
    const diff = job("diff");
    expect(step(diff, (s) => s.uses?.startsWith("actions/checkout@") === true).with).toMatchObject({
      "fetch-depth": 0,
    });
    const run = step(diff, (s) => s.id === "diff");
    expect(run.env?.BASE_REF).toBe("${{ github.base_ref }}");
    expect(run.run).toContain('tools/cli/main.ts diff --base "origin/${BASE_REF}"');
    expect(run.run).toContain("--json-out");
  });

  it("previews every changed stack, global included, only when AWS credentials are configured", () => {
    const changed = step(job("diff"), (s) => s.id === "changed").run ?? "";
    expect(changed).toContain('s.stack === "global"');
    const preview = job("preview");
    expect(preview.if).toContain("vars.AWS_ROLE_ARN != ''");
    expect(preview.needs).toBe("diff");
    expect(preview.permissions).toEqual({ contents: "read", "id-token": "write" });
    step(preview, (s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@") === true);
    expect(runs(preview)).toContain("--policy-pack policies --json");
    expect(runs(preview)).toContain("tools/cli/main.ts diff --preview-json");
  });
});
