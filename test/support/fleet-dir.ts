/** Builds throwaway fleet folders from the reference fleet, with edits, for validation and CLI tests. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";

export const REFERENCE_CELLS_DIR = path.resolve(__dirname, "../../cells");
export const REFERENCE_STACKS_DIR = path.resolve(__dirname, "../../stacks");

export interface TempFleet {
  /** The project-like root: holds `cells/` and `stacks/` copies. */
  root: string;
  cellsDir: string;
  stacksDir: string;
  /** Replaces a cell file's content (YAML text). */
  write(file: string, text: string): void;
  /** Parses a YAML file of the fleet, lets `edit` change it, writes it back. */
  edit(file: string, edit: (document: Record<string, unknown>) => void): void;
  remove(file: string): void;
  cleanup(): void;
}

export function copyReferenceFleet(): TempFleet {
  const root = mkdtempSync(path.join(tmpdir(), "cellplane-fleet-"));
  const cellsDir = path.join(root, "cells");
  const stacksDir = path.join(root, "stacks");
  cpSync(REFERENCE_CELLS_DIR, cellsDir, { recursive: true });
  cpSync(REFERENCE_STACKS_DIR, stacksDir, { recursive: true });
  return {
    root,
    cellsDir,
    stacksDir,
    write: (file, text) => writeFileSync(path.join(cellsDir, file), text),
    edit(file, edit) {
      const full = path.join(cellsDir, file);
      const document = parse(readFileSync(full, "utf8")) as Record<string, unknown>;
      edit(document);
      writeFileSync(full, stringify(document));
    },
    remove: (file) => rmSync(path.join(cellsDir, file)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
