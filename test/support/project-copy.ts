/** A throwaway copy of this project's tracked files (node_modules linked), to run the CLI on edited code. */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
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

export function copyProject(): ProjectCopy {
  const root = mkdtempSync(path.join(tmpdir(), "cellplane-project-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: PROJECT_ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
  for (const file of files) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    cpSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  }
  symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
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
