import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { cellPlan, runCells, tempDir, writePlanFolder } from "./helpers";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "pulumi-preview");

function planFolders(headChange: Parameters<typeof cellPlan>[1] = {}, extraBase: string[] = []) {
  const root = tempDir();
  const base = writePlanFolder(
    path.join(root, "base"),
    ["cell-use1-a", ...extraBase].map((stack) => cellPlan(stack)),
  );
  const head = writePlanFolder(path.join(root, "head"), [cellPlan("cell-use1-a", headChange)]);
  return { root, base, head };
}

describe("cells diff --base-plans/--head-plans", () => {
  it("prints the Markdown comment to stdout", async () => {
    const { base, head } = planFolders({ instanceClass: "db.r7g.xlarge" });
    const result = await runCells(["diff", "--base-plans", base, "--head-plans", head]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith("<!-- cellplane-diff -->\n### cellplane diff: 🟢 no risky changes")).toBe(true);
    expect(result.stdout).toContain('`instanceClass`: `"db.r7g.large"` → `"db.r7g.xlarge"`');
  });

  it("writes JSON to --out", async () => {
    const { root, base, head } = planFolders({ queueName: "renamed" });
    const out = path.join(root, "out", "diff.json");
    const result = await runCells([
      "diff",
      "--base-plans",
      base,
      "--head-plans",
      head,
      "--format",
      "json",
      "--out",
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    const parsed = JSON.parse(readFileSync(out, "utf8")) as { totals: { replace: number } };
    expect(parsed.totals.replace).toBe(1);
  });

  it("exits 1 with --fail-on when a replacement or deletion appears, after writing the output", async () => {
    const { base, head } = planFolders({ queueName: "renamed" }, ["cell-use1-b"]);
    const result = await runCells(["diff", "--base-plans", base, "--head-plans", head, "--fail-on", "replace,delete"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("failing on replace, delete");
    expect(result.stdout).toContain("**stack removed**");
  });

  it("exits 0 with --fail-on when only updates appear", async () => {
    const { base, head } = planFolders({ instanceClass: "db.r7g.xlarge" });
    expect(
      (await runCells(["diff", "--base-plans", base, "--head-plans", head, "--fail-on", "replace,delete"])).code,
    ).toBe(0);
  });
});

describe("cells diff --preview-json", () => {
  it("renders several previews, one stack each", async () => {
    const files = ["aws_secret_input.json", "small_scale_10_replace.json"].map((name) => path.join(FIXTURES, name));
    const result = await runCells(["diff", "--preview-json", ...files, "--fail-on", "delete"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("from `pulumi preview`");
    expect(result.stdout).toContain("<code>test-f19184e6</code>");
    expect(result.stdout).toContain("<code>test-a692d456</code>");
  });
});

describe("cells diff usage errors (exit 2, nothing written)", () => {
  const cases: [string, (dirs: ReturnType<typeof planFolders>) => string[], RegExp][] = [
    ["no source", () => ["diff"], /give exactly one of --base/],
    [
      "two sources",
      (d) => ["diff", "--base", "HEAD", "--base-plans", d.base, "--head-plans", d.head],
      /exactly one of/,
    ],
    ["half a plan pair", (d) => ["diff", "--base-plans", d.base], /--base-plans and --head-plans go together/],
    [
      "missing folder",
      (d) => ["diff", "--base-plans", path.join(d.root, "nope"), "--head-plans", d.head],
      /--base-plans .*nope: no such folder; write one with `cells plan --out/,
    ],
    [
      "bad format",
      (d) => ["diff", "--base-plans", d.base, "--head-plans", d.head, "--format", "html"],
      /--format html is not supported; use one of markdown, json/,
    ],
    [
      "bad fail-on",
      (d) => ["diff", "--base-plans", d.base, "--head-plans", d.head, "--fail-on", "replace,boom"],
      /--fail-on replace,boom: use a comma-separated list of create, update, replace, delete, risk/,
    ],
    [
      "--plans-out without --base (it keeps the plans --base makes)",
      (d) => ["diff", "--base-plans", d.base, "--head-plans", d.head, "--plans-out", path.join(d.root, "kept")],
      /--plans-out keeps the plans made with --base <ref>; give --base too/,
    ],
  ];

  it.each(cases)("%s", async (_name, args, message) => {
    const dirs = planFolders();
    const out = path.join(dirs.root, "never.md");
    const result = await runCells([...args(dirs), "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it("names the broken plan file and the field", async () => {
    const dirs = planFolders();
    writeFileSync(
      path.join(dirs.head, "cell-use1-a.json"),
      JSON.stringify({ stack: "cell-use1-a", resources: [{ urn: 1 }], outputs: {} }),
    );
    const result = await runCells(["diff", "--base-plans", dirs.base, "--head-plans", dirs.head]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--head-plans: .*cell-use1-a\.json is not a cellplane plan file: resources\.0\.urn/);
  });

  it("names a preview file that is not preview output", async () => {
    const dirs = planFolders();
    const bogus = path.join(dirs.root, "bogus.json");
    writeFileSync(bogus, JSON.stringify({ steps: "nope" }));
    const result = await runCells(["diff", "--preview-json", bogus]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--preview-json: .*bogus\.json is not `pulumi preview --json` output: steps/);
  });

  it("rejects an unknown git ref with the fix", async () => {
    const result = await runCells(["diff", "--base", "no-such-ref-anywhere"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--base no-such-ref-anywhere: not a commit in this repository; fetch it first/);
  });
});
