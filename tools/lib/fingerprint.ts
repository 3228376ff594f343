/**
 * Fingerprints of a plan's inputs: which files a stack's plan was made from and a hash of each, so a reader can
 * tell whether the plan still describes the working tree and, if not, name what changed. Per stack on purpose:
 * incremental planning re-plans only the stacks whose fingerprint no longer matches.
 *
 * A stack's inputs are its data (the fleet files it reads, its stack file), the list of cell ids (policies read
 * it), and the shared code: the program, components, fleet model, planner, analyzer, the policy pack (with its
 * waivers) and the dependency lockfiles. See {@link stackInputFiles}.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { PlanInputs } from "./plan-file";

/** Folders of shared code, relative to the project root; the pack folder is added from the options. */
export const CODE_DIRS = ["program", "components", "fleet", "tools/plan", "tools/analyzer", "tools/lib"] as const;
/** Single files of shared code and dependencies. */
export const CODE_FILES = ["index.ts", "Pulumi.yaml", "package.json", "package-lock.json"] as const;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);
/** Pseudo-entry for the list of cell ids (the names of the cell files), which policies read. */
export const CELL_IDS_ENTRY = "(cell ids)";

export interface InputDirs {
  /** The project root; every recorded path is relative to it. */
  projectDir: string;
  cellsDir: string;
  stacksDir: string;
  packDir: string;
}

export type InputFileChange = { file: string; change: "changed" | "added" | "removed" };

/** What differs between a recorded fingerprint and the current one: files, and the tool version. */
export interface FingerprintDifference {
  files: InputFileChange[];
  tool?: { recorded: string; current: string };
}

/** sha256 of a file's bytes, 16 hex digits (collisions are not a concern for change detection). */
export function hashText(content: string | Buffer): string {
  return createHash("sha256").update(content).digest("hex").slice(0, 16);
}

/** Hashes inputs and remembers the shared code's hashes, so a fleet of stacks reads each code file once. */
export class InputHasher {
  private sharedCode: Record<string, string> | undefined;

  constructor(
    private readonly dirs: InputDirs,
    private readonly toolVersion: string,
  ) {}

  /** The fingerprint of one stack's inputs as they are now on disk. */
  fingerprint(stack: string): PlanInputs {
    const files: Record<string, string> = { ...this.codeHashes() };
    for (const file of stackDataFiles(this.dirs, stack)) {
      files[file] = hashText(readFileSync(path.join(this.dirs.projectDir, file)));
    }
    files[CELL_IDS_ENTRY] = hashText(cellIds(this.dirs).join("\n"));
    return sealInputs(this.toolVersion, relativeDirs(this.dirs), files);
  }

  private codeHashes(): Record<string, string> {
    this.sharedCode ??= Object.fromEntries(
      sharedCodeFiles(this.dirs).map((file) => [file, hashText(readFileSync(path.join(this.dirs.projectDir, file)))]),
    );
    return this.sharedCode;
  }
}

/** Builds the record: entries sorted by path, and one digest over them all. */
export function sealInputs(tool: string, dirs: PlanInputs["dirs"], files: Record<string, string>): PlanInputs {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const digest = hashText(
    `${tool}\n${Object.entries(sorted)
      .map(([file, hash]) => `${file}\u0000${hash}`)
      .join("\n")}`,
  );
  return { version: 1, tool, dirs, digest, files: sorted };
}

/** Compares a recorded fingerprint with the current one: every file changed, added or removed since. */
export function compareInputs(recorded: PlanInputs, current: PlanInputs): FingerprintDifference {
  const files: InputFileChange[] = [];
  for (const [file, hash] of Object.entries(current.files)) {
    const before = recorded.files[file];
    if (before === undefined) {
      files.push({ file, change: "added" });
    } else if (before !== hash) {
      files.push({ file, change: "changed" });
    }
  }
  for (const file of Object.keys(recorded.files)) {
    if (!(file in current.files)) {
      files.push({ file, change: "removed" });
    }
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    files,
    ...(recorded.tool === current.tool ? {} : { tool: { recorded: recorded.tool, current: current.tool } }),
  };
}

/**
 * The data files a stack reads, project-relative: a cell stack `cell-<id>` reads `fleet.yaml`, its own
 * `<id>.yaml` and its stack file; any other stack (the global router) reads every fleet file and its stack file.
 */
export function stackDataFiles(dirs: InputDirs, stack: string): string[] {
  const cells = relative(dirs.projectDir, dirs.cellsDir);
  const stackFile = `${relative(dirs.projectDir, dirs.stacksDir)}/Pulumi.${stack}.yaml`;
  const cellId = stack.startsWith("cell-") ? stack.slice("cell-".length) : undefined;
  const fleetFiles =
    cellId === undefined
      ? listFiles(dirs.projectDir, cells, (name) => /\.ya?ml$/.test(name))
      : [`${cells}/fleet.yaml`, `${cells}/${cellId}.yaml`];
  return [...fleetFiles, stackFile].filter((file) => isFile(path.join(dirs.projectDir, file))).sort();
}

/** Every file of the shared code (program, components, model, planner, pack, lockfiles), project-relative. */
export function sharedCodeFiles(dirs: InputDirs): string[] {
  const pack = relative(dirs.projectDir, dirs.packDir);
  const folders = [...CODE_DIRS, pack].flatMap((dir) => listFiles(dirs.projectDir, dir, () => true));
  const files = [...CODE_FILES, `${pack}/package-lock.json`].filter((file) => isFile(path.join(dirs.projectDir, file)));
  return [...new Set([...folders, ...files])].sort();
}

function cellIds(dirs: InputDirs): string[] {
  const cells = relative(dirs.projectDir, dirs.cellsDir);
  return listFiles(dirs.projectDir, cells, (name) => /\.ya?ml$/.test(name) && !/^(fleet|tenants)\.ya?ml$/.test(name));
}

function relativeDirs(dirs: InputDirs): PlanInputs["dirs"] {
  return {
    cells: relative(dirs.projectDir, dirs.cellsDir),
    stacks: relative(dirs.projectDir, dirs.stacksDir),
    pack: relative(dirs.projectDir, dirs.packDir),
  };
}

/** Files under `dir` (recursively, project-relative, sorted), skipping node_modules and dot folders. */
function listFiles(projectDir: string, dir: string, keep: (name: string) => boolean): string[] {
  const full = path.join(projectDir, dir);
  if (!isDirectory(full)) {
    return [];
  }
  return readdirSync(full, { withFileTypes: true })
    .flatMap((entry) => {
      const child = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith(".") ? [] : listFiles(projectDir, child, keep);
      }
      return entry.isFile() && keep(entry.name) ? [child] : [];
    })
    .sort();
}

function relative(projectDir: string, dir: string): string {
  const rel = path.relative(projectDir, path.resolve(projectDir, dir)).split(path.sep).join("/");
  return rel === "" ? "." : rel;
}

function isFile(file: string): boolean {
  return existsSync(file) && statSync(file).isFile();
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}
