/**
 * The base revision's data without a checkout (tools/diff/io/base-data.ts), on a real git repository: which files
 * differ from the working tree, and a copy of the project whose data folders are the base's and whose every other
 * entry is the working tree's, read by the fingerprints as a worktree of the base would be.
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { changedOutside, pathsChangedSince, withBaseData } from "../../../tools/diff/io/base-data";
import { resolveRef, withBaseWorktree } from "../../../tools/diff/io/revision-plan";
import { InputHasher } from "../../../tools/lib/fingerprint";
import { initGitRepo, type GitRepo } from "../../support/git-repo";
import { copyProjectFiles } from "../../support/project-copy";
import { tempDir } from "./helpers";

let repo = "";
let git: GitRepo["git"] = () => "";
let commitAll: GitRepo["commitAll"] = () => "";

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}

beforeEach(() => {
  repo = tempDir("cellplane-base-data-");
  ({ git, commitAll } = initGitRepo(repo));
});

describe("what differs from a base commit", () => {
  it("lists committed, staged, unstaged, removed and untracked files, not ignored ones", async () => {
    write(".gitignore", "ignored/\n");
    write("cells/a.yaml", "a: 1\n");
    write("cells/b.yaml", "b: 1\n");
    write("tools/x.ts", "export {};\n");
    const base = commitAll("base");
    write("cells/a.yaml", "a: 2\n");
    commitAll("committed change");
    write("cells/b.yaml", "b: 2\n");
    git("add", "cells/b.yaml");
    unlinkSync(path.join(repo, "tools/x.ts"));
    write("stacks/Pulumi.new.yaml", "config: {}\n");
    write("ignored/scratch.yaml", "x: 1\n");

    expect(await pathsChangedSince(repo, base)).toEqual([
      "cells/a.yaml",
      "cells/b.yaml",
      "stacks/Pulumi.new.yaml",
      "tools/x.ts",
    ]);
  });

  it("names paths relative to a project below the repository root, and only that project's", async () => {
    write("fleet/cells/a.yaml", "a: 1\n");
    write("other/readme.md", "x\n");
    const base = commitAll("base");
    write("fleet/cells/a.yaml", "a: 2\n");
    write("other/readme.md", "y\n");

    expect(await pathsChangedSince(path.join(repo, "fleet"), base)).toEqual(["cells/a.yaml"]);
  });

  it("keeps what changed outside the data folders: a prefix of a folder's name is not the folder", () => {
    const changed = ["cells/a.yaml", "cells-old/a.yaml", "stacks/Pulumi.x.yaml", "policies/waivers.yaml"];

    expect(changedOutside(changed, ["cells", "stacks/"])).toEqual(["cells-old/a.yaml", "policies/waivers.yaml"]);
    expect(changedOutside(["cells/a.yaml"], ["cells"])).toEqual([]);
  });
});

describe("the base's data in a copy of the project", () => {
  it("holds the data folders as committed at the base, links the rest, and is removed afterwards", async () => {
    write("cells/a.yaml", "a: base\n");
    write("cells/gone.yaml", "gone: base\n");
    write("stacks/Pulumi.a.yaml", "config: base\n");
    write("tools/x.ts", "export const x = 1;\n");
    const base = commitAll("base");
    write("cells/a.yaml", "a: head\n");
    write("cells/new.yaml", "new: head\n");
    unlinkSync(path.join(repo, "cells/gone.yaml"));
    commitAll("head");
    write("cells/a.yaml", "a: uncommitted\n");

    let seen = "";
    await withBaseData(repo, { ref: "HEAD~1", commit: base }, ["cells", "stacks"], (project) => {
      seen = project;
      const read = (file: string): string => readFileSync(path.join(project, file), "utf8");
      expect(read("cells/a.yaml")).toBe("a: base\n");
      expect(read("cells/gone.yaml")).toBe("gone: base\n");
      expect(existsSync(path.join(project, "cells/new.yaml"))).toBe(false);
      expect(read("stacks/Pulumi.a.yaml")).toBe("config: base\n");
      expect(lstatSync(path.join(project, "tools")).isSymbolicLink()).toBe(true);
      expect(read("tools/x.ts")).toBe("export const x = 1;\n");
      expect(existsSync(path.join(project, ".git"))).toBe(false);
      return Promise.resolve();
    });
    expect(seen).not.toBe("");
    expect(existsSync(seen)).toBe(false);
    expect(readFileSync(path.join(repo, "cells/a.yaml"), "utf8")).toBe("a: uncommitted\n");
  });

  it("mirrors a data folder below another folder, and leaves out one the base does not have", async () => {
    write("fleet/cells/a.yaml", "a: base\n");
    write("fleet/model.ts", "export {};\n");
    const base = commitAll("base");
    write("fleet/cells/a.yaml", "a: head\n");
    write("stacks/Pulumi.a.yaml", "config: head\n");

    await withBaseData(repo, { ref: "HEAD", commit: base }, ["fleet/cells", "stacks"], (project) => {
      expect(lstatSync(path.join(project, "fleet")).isDirectory()).toBe(true);
      expect(lstatSync(path.join(project, "fleet/model.ts")).isSymbolicLink()).toBe(true);
      expect(readFileSync(path.join(project, "fleet/cells/a.yaml"), "utf8")).toBe("a: base\n");
      expect(existsSync(path.join(project, "stacks"))).toBe(false);
      return Promise.resolve();
    });
  });

  it("removes the copy when the work fails", async () => {
    write("cells/a.yaml", "a: base\n");
    const base = commitAll("base");
    let seen = "";
    await expect(
      withBaseData(repo, { ref: "HEAD", commit: base }, ["cells"], (project) => {
        seen = project;
        return Promise.reject(new Error("planning failed"));
      }),
    ).rejects.toThrow("planning failed");
    expect(existsSync(seen)).toBe(false);
  });

  it("gives every stack the input fingerprint a full worktree of the base gives", async () => {
    copyProjectFiles(repo);
    rmSync(path.join(repo, ".cellplane"), { recursive: true, force: true });
    commitAll("the project");
    const cell = path.join(repo, "cells", "use1-b.yaml");
    writeFileSync(cell, `${readFileSync(cell, "utf8")}tags:\n  review: base-data\n`);
    commitAll("one cell edited");
    const resolved = await resolveRef(repo, "HEAD~1");
    const fingerprints = (project: string): Record<string, string> => {
      const dirs = {
        projectDir: project,
        cellsDir: path.join(project, "cells"),
        stacksDir: path.join(project, "stacks"),
        packDir: path.join(project, "policies"),
      };
      const hasher = new InputHasher(dirs, "test");
      const stacks = ["account", "region-us-east-1", "cell-use1-a", "cell-use1-b", "global"];
      return Object.fromEntries(stacks.map((stack) => [stack, hasher.ownFingerprint(stack).digest]));
    };
    const fromWorktree = await withBaseWorktree(repo, resolved, (project) => Promise.resolve(fingerprints(project)));
    const fromCopy = await withBaseData(repo, resolved, ["cells", "stacks"], (project) =>
      Promise.resolve(fingerprints(project)),
    );
    const head = fingerprints(repo);

    expect(fromCopy).toEqual(fromWorktree);
    expect(head["cell-use1-b"]).not.toBe(fromCopy["cell-use1-b"]);
    expect(head["cell-use1-a"]).toBe(fromCopy["cell-use1-a"]);
  }, 120_000);
});
