/**
 * A copy of a project as it stands in its working tree: the files git tracks and the untracked ones it does not
 * ignore, with the `node_modules` folders linked so the copy runs without an install. The benchmarks build their
 * throwaway repositories with it, and so do the tests.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";

/** Copies the files of the project at `from` into `target`, those `keep` accepts (project-relative, `/`-separated). */
export function copyProjectFiles(from: string, target: string, keep: (file: string) => boolean = () => true): void {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: from,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && keep(file) && existsSync(path.join(from, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    copyFileSync(path.join(from, file), path.join(target, file));
  }
  for (const folder of [".", "policies"]) {
    const modules = path.join(from, folder, "node_modules");
    if (existsSync(modules) && existsSync(path.join(target, folder))) {
      symlinkSync(modules, path.join(target, folder, "node_modules"), "dir");
    }
  }
}
