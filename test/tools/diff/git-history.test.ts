/**
 * End to end on real git history: a temporary repository holding a copy of this project (the real cell files,
 * the real `cells plan`), a few commits on top, and `cells diff --base HEAD~1` run through tools/cli/main.ts exactly as
 * the workflow runs it. Slow (each run plans two revisions of the fleet), so the scenarios share commits.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initGitRepo, type GitRepo } from "../../support/git-repo";
import { copyProjectFiles } from "../../support/project-copy";
import { tempDir } from "./helpers";

const RUN_TIMEOUT = 600_000;
const OLD_CIPHERTEXT = "v1:OLDCIPHERTEXTdoNotShow0000";
const NEW_CIPHERTEXT = "v1:NEWCIPHERTEXTdoNotShow1111";

interface DiffRun {
  code: number;
  stderr: string;
  markdown: string;
  json: {
    stacks: {
      stack: string;
      status: string;
      counts: Record<string, number>;
      routing?: { moves: { tenant: string; from?: string; to?: string }[] };
    }[];
    risks: { kind: string; stack: string; name?: string; message?: string }[];
  };
}

let repo = "";
let git: GitRepo["git"] = () => "";
let commitAll: GitRepo["commitAll"] = () => "";

function edit(file: string, change: (text: string) => string): void {
  const full = path.join(repo, file);
  writeFileSync(full, change(readFileSync(full, "utf8")));
}

function cellsDiff(...extra: string[]): DiffRun {
  const out = path.join(repo, ".cellplane");
  rmSync(out, { recursive: true, force: true });
  const tsx = path.join(repo, "node_modules", ".bin", "tsx");
  const result = spawnSync(
    tsx,
    [
      "tools/cli/main.ts",
      "diff",
      "--base",
      "HEAD~1",
      "--out",
      `${out}/diff.md`,
      "--json-out",
      `${out}/diff.json`,
      ...extra,
    ],
    {
      cwd: repo,
      encoding: "utf8",
      timeout: RUN_TIMEOUT,
    },
  );
  const read = (name: string): string =>
    existsSync(path.join(out, name)) ? readFileSync(path.join(out, name), "utf8") : "";
  const json = read("diff.json");
  return {
    code: result.status ?? -1,
    stderr: result.stderr,
    markdown: read("diff.md"),
    json: json === "" ? { stacks: [], risks: [] } : (JSON.parse(json) as DiffRun["json"]),
  };
}

describe("cells diff --base on real git history", () => {
  beforeAll(() => {
    repo = tempDir("cellplane-history-");
    ({ git, commitAll } = initGitRepo(repo));
    writeFileSync(path.join(repo, "README.md"), "before cellplane\n");
    commitAll("a revision from before `cells plan`");
    copyProjectFiles(repo);
    edit(
      "stacks/Pulumi.cell-euw1-a.yaml",
      (text) => `${text}  cellplane:opsWebhookToken:\n    secure: ${OLD_CIPHERTEXT}\n`,
    );
    commitAll("cellplane");
  });

  afterAll(() => {
    if (repo !== "") {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it(
    "says clearly when the base revision has no plan command",
    () => {
      const result = spawnSync(
        path.join(repo, "node_modules", ".bin", "tsx"),
        ["tools/cli/main.ts", "diff", "--base", "HEAD~1"],
        { cwd: repo, encoding: "utf8", timeout: RUN_TIMEOUT },
      );
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/base revision HEAD~1 \([0-9a-f]{7}\) has no `cells plan` command/);
      expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
    },
    RUN_TIMEOUT,
  );

  it(
    "renaming a queue in one cell file leads the comment with the replacement, and --fail-on exits 1",
    () => {
      edit("cells/use1-a.yaml", (text) => text.replace("- name: ledger", "- name: payments"));
      commitAll("rename the ledger queue of use1-a");
      const run = cellsDiff("--fail-on", "replace,delete");
      expect(run.stderr).toContain("failing on");
      expect(run.code).toBe(1);
      const [marker, headline, compared, , alert, , firstRisk] = run.markdown.split("\n");
      const [baseCommit, headCommit] = [git("rev-parse", "HEAD~1").trim(), git("rev-parse", "HEAD").trim()];
      const [base7, head7] = [baseCommit.slice(0, 7), headCommit.slice(0, 7)];
      expect(compared).toContain(`· base \`HEAD~1 (${base7})\` → head \`${head7}\``);
      expect(compared).toMatch(
        new RegExp(`head commit \`${headCommit.slice(0, 12)}\` · evaluated \\d{4}-\\d{2}-\\d{2} · cellplane `),
      );
      expect(compared).not.toContain("uncommitted");
      expect(run.stderr).toMatch(/^cells diff: base \d+\/\d+ stacks planned/m);
      // Only what the edit can affect is planned: the cell, and the bootstrap stacks whose outputs it reads. Global
      // reads no queue of a cell, so it is skipped with the other cells.
      expect(run.stderr).toMatch(/^cells diff: head 3\/3 stacks planned \(cell-use1-a\)$/m);
      expect(run.stderr).not.toMatch(/stacks planned \(global\)$/m);
      expect(run.markdown).toContain(
        "10 of 13 stacks skipped: inputs unchanged (fingerprint), not planned; 2 more planned unchanged only for " +
          "the outputs other stacks read (account, region-us-east-1).",
      );
      expect(marker).toBe("<!-- cellplane-diff -->");
      expect(headline).toMatch(/^### cellplane diff: 🔴 \d+ destructive changes · 1 of \d+ stacks changed$/);
      expect(alert).toBe("> [!CAUTION]");
      expect(firstRisk).toMatch(
        new RegExp(
          "`cell-use1-a` \\*\\*replace\\*\\* `use1-a-queue-ledger-\\w+` `aws:sqs/queue:Queue`: " +
            "queue renamed to `use1-a-queue-payments-\\w+`",
        ),
      );
      expect(run.json.stacks.filter((stack) => stack.status !== "unchanged").map((stack) => stack.stack)).toEqual([
        "cell-use1-a",
      ]);
      expect(git("worktree", "list").trim().split("\n")).toHaveLength(1);
    },
    RUN_TIMEOUT,
  );

  it(
    "an instance class change is an update, a removed cell a removed stack, a changed secret shows no value",
    () => {
      edit("cells/use1-b.yaml", (text) => `${text}database:\n  instanceClass: db.r7g.2xlarge\n`);
      rmSync(path.join(repo, "cells", "use1-c.yaml"));
      rmSync(path.join(repo, "stacks", "Pulumi.cell-use1-c.yaml"));
      edit("stacks/Pulumi.cell-euw1-a.yaml", (text) => text.replace(OLD_CIPHERTEXT, NEW_CIPHERTEXT));
      commitAll("bigger use1-b database, retire use1-c, rotate a secret");
      const run = cellsDiff();
      expect(run.stderr).not.toMatch(/failed/);
      expect(run.code).toBe(0);
      const byStack = new Map(run.json.stacks.map((stack) => [stack.stack, stack]));

      expect(byStack.get("cell-use1-b")?.counts).toMatchObject({ replace: 0, delete: 0, create: 0 });
      expect(byStack.get("cell-use1-b")?.counts.update).toBeGreaterThan(0);
      expect(run.markdown).toMatch(/`instanceClass`: `"db\.r7g\.large"` → `"db\.r7g\.2xlarge"`/);
      expect(run.json.risks.filter((risk) => risk.stack === "cell-use1-b")).toEqual([]);

      expect(byStack.get("cell-use1-c")?.status).toBe("removed");
      expect(byStack.get("cell-use1-c")?.counts.delete).toBeGreaterThan(50);
      // use1-c hosted 24 tenants: removing it without draining cuts them over at once (red, on the router).
      expect(run.json.risks[0]).toMatchObject({ severity: "danger", kind: "cell-unserved", stack: "global" });
      expect(run.json.risks[0]?.message).toContain("cell `use1-c` removed while it still hosts 24 tenants");
      expect(run.json.risks.filter((risk) => risk.stack === "cell-use1-c").map((risk) => risk.kind)).toEqual([
        "stack-removed",
      ]);
      expect(run.markdown).toMatch(
        /removed from the code: \d+ resources orphaned until `pulumi destroy -s cell-use1-c`/,
      );

      expect(byStack.get("cell-euw1-a")?.status).toBe("changed");
      expect(run.markdown).toContain("`cellplane:opsWebhookToken`: secret changed");
      expect(run.markdown + JSON.stringify(run.json)).not.toMatch(/OLDCIPHERTEXT|NEWCIPHERTEXT/);
    },
    RUN_TIMEOUT,
  );

  it(
    "draining a cell names every moving tenant, grouped by cell pair, as `cells placement --base` does; not green",
    () => {
      edit("cells/use1-b.yaml", (text) => text.replace(/^state: active$/m, "state: draining"));
      edit("cells/tenants.yaml", (text) => text.replace(", pin: use1-b", "")); // a draining cell keeps no pins
      commitAll("drain use1-b");
      const run = cellsDiff();
      expect(run.code).toBe(0);
      const headline = run.markdown.split("\n")[1] ?? "";
      expect(headline).toMatch(/^### cellplane diff: 🟠 /);
      expect(run.json.risks.find((risk) => risk.kind === "tenants-move")?.message).toMatch(
        /^\d+ tenants move to another cell: `use1-b` loses \d+;/,
      );

      const tsx = path.join(repo, "node_modules", ".bin", "tsx");
      const placement = spawnSync(tsx, ["tools/cli/main.ts", "placement", "--base", "HEAD~1", "--json"], {
        cwd: repo,
        encoding: "utf8",
        timeout: RUN_TIMEOUT,
      });
      const expected = (
        JSON.parse(placement.stdout) as { moves: { moves: { tenant: string; from: string; to: string }[] } }
      ).moves.moves.map(({ tenant, from, to }) => ({ tenant, from, to }));
      expect(expected.length).toBeGreaterThan(10);
      const moves = run.json.stacks.find((stack) => stack.stack === "global")?.routing?.moves ?? [];
      expect(moves).toEqual(expected);
      for (const move of expected) {
        expect(run.markdown).toContain(`  - \`${move.tenant}\`  ${move.from} → ${move.to}`);
      }
    },
    RUN_TIMEOUT,
  );

  it(
    "rotating the cache AUTH token shows `secret rotated` on every consumer, with no value",
    () => {
      const rotate = (text: string): string => {
        const rotated = text.replace(
          "return { length: AUTH_TOKEN_LENGTH, ...specials };",
          'return { length: AUTH_TOKEN_LENGTH, keepers: { rotatedOn: "2026-12-01" }, ...specials };',
        );
        expect(rotated).not.toBe(text);
        return rotated;
      };
      edit("components/cell/cell-cache.ts", rotate);
      commitAll("rotate the cache AUTH tokens");
      const run = cellsDiff();
      expect(run.code).toBe(0);
      expect(run.markdown.split("\n")[1]).toMatch(/^### cellplane diff: 🟠 /);
      const rotated = run.json.risks.filter((risk) => risk.kind === "secret-rotated");
      expect(rotated.map((risk) => risk.name)).toContain("use1-a-cache-auth-token");
      expect(rotated.find((risk) => risk.name === "use1-a-cache-auth-token")?.message).toBe(
        "new value for `use1-a-cache-group` (`authToken`), `use1-a-cache-auth-token-value` (`secretString`); " +
          "the value is never shown",
      );
      expect(run.markdown).toContain("`cell-use1-a` **secret rotated** `use1-a-cache-auth-token`");
      expect(run.markdown).toContain("- `authToken`: secret changed (value not shown)");
    },
    RUN_TIMEOUT,
  );
});
