/** Builds throwaway fleet folders from the reference fleet, with edits, for validation and CLI tests. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { FleetValidationError, type FleetProblem } from "../../fleet/problems";

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

/** The fleet problems `load` throws, file names shortened to their base name; undefined when it accepts its input. */
export function fleetProblems(load: () => unknown): FleetProblem[] | undefined {
  try {
    load();
  } catch (error) {
    if (error instanceof FleetValidationError) {
      return error.problems.map((problem) => ({ ...problem, file: path.basename(problem.file) }));
    }
    throw error;
  }
  return undefined;
}

/** {@link fleetProblems}, failing the test when `load` accepts its input (`what`: the fleet, the tenants). */
export function rejectionOf(load: () => unknown, what = "fleet"): FleetProblem[] {
  const problems = fleetProblems(load);
  if (problems === undefined) {
    throw new Error(`expected the ${what} to be rejected`);
  }
  return problems;
}
