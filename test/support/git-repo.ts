/** A throwaway git repository for tests that need real history: `git` runs in it, commits use a test identity. */
import { execFileSync } from "node:child_process";

export interface GitRepo {
  root: string;
  /** Runs git in the repository; its stdout. */
  git: (...args: string[]) => string;
  /** Stages every change and commits it; the new commit's hash. */
  commitAll: (message: string) => string;
  /** Stages these paths only and commits them; the new commit's hash. */
  commitPaths: (message: string, paths: string[]) => string;
}

/** Initialises a repository (branch `main`) in the empty folder `root`. */
export function initGitRepo(root: string): GitRepo {
  const git = (...args: string[]): string => execFileSync("git", args, { cwd: root, encoding: "utf8" });
  git("init", "-q", "-b", "main");
  const commitPaths = (message: string, paths: string[]): string => {
    git("add", ...paths);
    git(
      ...["-c", "user.name=cellplane test", "-c", "user.email=test@cellplane.invalid", "-c", "commit.gpgsign=false"],
      ...["commit", "-q", "-m", message],
    );
    return git("rev-parse", "HEAD").trim();
  };
  return { root, git, commitAll: (message) => commitPaths(message, ["-A"]), commitPaths };
}
