/** A throwaway copy of this project's tracked files (node_modules linked), to run the CLI on edited code. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { copyProjectFiles as copyProjectAt } from "../../tools/lib/project-copy";
import { PROJECT_ROOT } from "./cli";

export interface ProjectCopy {
  root: string;
  /** Replaces `from` with `to` in a file of the copy; fails when `from` is not there, so edits never silently miss. */
  replaceIn(file: string, from: string, to: string): void;
  remove(file: string): void;
  cleanup(): void;
}

/** Copies this project as it stands in the working tree into `target` (tools/lib/project-copy.ts). */
export function copyProjectFiles(target: string): void {
  copyProjectAt(PROJECT_ROOT, target);
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
