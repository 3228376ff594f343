/** A throwaway copy of this project's tracked files (node_modules linked), to run the CLI on edited code. */
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "./cli";

export interface ProjectCopy {
  root: string;
  /** Replaces `from` with `to` in a file of the copy; fails when `from` is not there, so edits never silently miss. */
  replaceIn(file: string, from: string, to: string): void;
  remove(file: string): void;
  cleanup(): void;
}

/**
 * Copies the project as it stands in the working tree (tracked and untracked files, without what .gitignore
 * ignores) into `target`, and links the `node_modules` folders so the copy runs without an install.
 */
export function copyProjectFiles(target: string): void {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: PROJECT_ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file !== "" && existsSync(path.join(PROJECT_ROOT, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    copyFileSync(path.join(PROJECT_ROOT, file), path.join(target, file));
  }
  for (const folder of [".", "policies"]) {
    const modules = path.join(PROJECT_ROOT, folder, "node_modules");
    if (existsSync(modules) && existsSync(path.join(target, folder))) {
      symlinkSync(modules, path.join(target, folder, "node_modules"), "dir");
    }
  }
}

export function copyProject(): ProjectCopy {
  const root = mkdtempSync(path.join(tmpdir(), "cellplane-project-"));
  copyProjectFiles(root);
  return {
    root,
    replaceIn(file, from, to) {
      const full = path.join(root, file);
      const text = readFileSync(full, "utf8");
      if (!text.includes(from)) {
        throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
      }
      writeFileSync(full, text.replace(from, to));
    },
    remove: (file) => rmSync(path.join(root, file), { recursive: true, force: true }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
