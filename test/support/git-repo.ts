/** A throwaway git repository for tests that need real history: `git` runs in it, `commitAll` commits everything. */
import { execFileSync } from "node:child_process";

export interface GitRepo {
  root: string;
  /** Runs git in the repository; its stdout. */
  git: (...args: string[]) => string;
  /** Stages every change and commits it with a test identity; the new commit's hash. */
  commitAll: (message: string) => string;
}

/** Initialises a repository (branch `main`) in the empty folder `root`. */
export function initGitRepo(root: string): GitRepo {
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  return {
    root,
    git,
    commitAll: (message: string): string => {
      git("add", "-A");
      git("-c", "user.name=cellplane test", "-c", "user.email=test@cellplane.invalid", "commit", "-q", "-m", message);
      return git("rev-parse", "HEAD").trim();
    },
  };
}
