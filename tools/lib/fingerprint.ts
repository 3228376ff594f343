/**
 * Fingerprints of a plan's inputs: which files a stack's plan was made from and a hash of each, so a reader can
 * tell whether the plan still describes the working tree and, if not, name what changed. Per stack on purpose:
 * `cells plan --stacks/--changed-since` and `cells diff --base` re-plan only the stacks whose fingerprint changed
 * (tools/plan/select-stacks.ts), and `cells audit` refuses plans whose fingerprint no longer matches.
 *
 * A stack's inputs (see {@link InputHasher.fingerprint}):
 * - its data: a cell stack its cell file, `fleet.yaml` (the defaults it inherits) and its stack file; the account
 *   and region stacks their stack file and their view of the fleet (program/stack-views.ts: domain, zone, owner,
 *   regions in use); `global` its stack file, the tenants file and its view (routing, and each cell's identity,
 *   state and capacity), so a cell edit that leaves that view alone does not touch it;
 * - the list of cell ids (policies read it);
 * - the code it loads: the program and component files reached from its program module (code-closure.ts), and
 *   the shared code every stack runs through: the fleet model, planner, analyzer, the policy pack (with its
 *   waivers) and the dependency lockfiles;
 * - the outputs it reads of other stacks (`(outputs of <stack>)`: only those named in program/stack-views.ts), when
 *   those stacks are planned too: a cell is stale when its region's certificate changed, `global` when a cell's
 *   load balancer or health path did, not when a cell's queue was renamed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { loadFleet, TENANTS_FILE } from "../../fleet/load";
import type { Fleet } from "../../fleet/schema";
import { bootstrapView, globalView, readOutputs, stacksReadBy } from "../../program/stack-views";
import { stackTarget } from "../../program/stacks";
import { codeClosure } from "./code-closure";
import type { JsonObject, PlanInputs } from "./plan-file";

/** Folders of code every stack runs through, relative to the project root; the pack folder comes from the options. */
export const CODE_DIRS = ["fleet", "tools/plan", "tools/analyzer", "tools/lib"] as const;
/** Folders of code a stack loads only what it imports of (see {@link stackCodeFiles}). */
export const PROGRAM_DIRS = ["program", "components"] as const;
/** Single files of shared code and dependencies; `program/index.ts` dispatches every stack. */
export const CODE_FILES = ["index.ts", "Pulumi.yaml", "package.json", "package-lock.json", "program/index.ts"] as const;
const SKIPPED_DIRS = new Set(["node_modules", ".git"]);
/** Pseudo-entry for the list of cell ids (the names of the cell files), which policies read. */
export const CELL_IDS_ENTRY = "(cell ids)";
/** Pseudo-entry for the stack's view of the fleet (program/stack-views.ts), for stacks other than cells. */
export const FLEET_VIEW_ENTRY = "(fleet view)";
/** Pseudo-entry for the outputs of a stack this one reads. */
export function outputsEntry(stack: string): string {
  return `(outputs of ${stack})`;
}

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

/** Hashes inputs and remembers what stacks share (code, the loaded fleet), so a fleet is read once. */
export class InputHasher {
  private sharedCode: Record<string, string> | undefined;
  private readonly programCode = new Map<string, Record<string, string>>();
  private loaded: { fleet: Fleet } | { error: string } | undefined;

  /** `fleet`: the fleet already loaded from `dirs.cellsDir`, if the caller has it (else loaded on first use). */
  constructor(
    private readonly dirs: InputDirs,
    private readonly toolVersion: string,
    fleet?: Fleet,
  ) {
    this.loaded = fleet === undefined ? undefined : { fleet };
  }

  /**
   * The fingerprint of one stack's inputs as they are now on disk. `outputs` gives the planned outputs of the
   * stacks it reads; `planned` names the stacks planned beside it (default: those in `outputs`), and a stack it
   * reads that is planned but has no outputs in `outputs` is left out, so the fingerprint differs from one made
   * with them.
   */
  fingerprint(
    stack: string,
    outputs: ReadonlyMap<string, JsonObject> = new Map(),
    planned: ReadonlySet<string> = new Set(outputs.keys()),
  ): PlanInputs {
    return sealInputs(this.toolVersion, relativeDirs(this.dirs), this.files(stack, outputs, planned));
  }

  /** The stacks `stack` reads among `planned` (none while the fleet does not load). */
  readsFrom(stack: string, planned: ReadonlySet<string>): string[] {
    const loaded = this.fleet();
    return "fleet" in loaded ? stacksReadBy(stack, loaded.fleet, planned) : [];
  }

  /** The fingerprint without the outputs of other stacks: what decides whether the stack itself changed. */
  ownFingerprint(stack: string): PlanInputs {
    return this.fingerprint(stack, new Map(), new Set());
  }

  private files(
    stack: string,
    outputs: ReadonlyMap<string, JsonObject>,
    planned: ReadonlySet<string>,
  ): Record<string, string> {
    const files: Record<string, string> = { ...this.codeHashes(), ...this.programHashes(stack) };
    for (const file of stackDataFiles(this.dirs, stack)) {
      files[file] = hashText(readFileSync(path.join(this.dirs.projectDir, file)));
    }
    const view = this.viewHash(stack);
    if (view !== undefined) {
      files[FLEET_VIEW_ENTRY] = view;
    }
    files[CELL_IDS_ENTRY] = hashText(cellIds(this.dirs).join("\n"));
    for (const upstream of this.readsFrom(stack, planned)) {
      const read = outputs.get(upstream);
      if (read !== undefined) {
        files[outputsEntry(upstream)] = readOutputsHash(stack, upstream, read);
      }
    }
    return files;
  }

  private codeHashes(): Record<string, string> {
    this.sharedCode ??= this.hashAll(sharedCodeFiles(this.dirs));
    return this.sharedCode;
  }

  private programHashes(stack: string): Record<string, string> {
    const kind = stackTarget(stack)?.kind ?? "unknown";
    let hashes = this.programCode.get(kind);
    if (hashes === undefined) {
      hashes = this.hashAll(stackCodeFiles(this.dirs.projectDir, kind));
      this.programCode.set(kind, hashes);
    }
    return hashes;
  }

  private hashAll(files: readonly string[]): Record<string, string> {
    return Object.fromEntries(
      files.map((file) => [file, hashText(readFileSync(path.join(this.dirs.projectDir, file)))]),
    );
  }

  /** The hash of the stack's view of the fleet; for a fleet that does not load, of every fleet file instead. */
  private viewHash(stack: string): string | undefined {
    const kind = stackTarget(stack)?.kind;
    if (kind === undefined || kind === "cell") {
      return undefined;
    }
    const loaded = this.fleet();
    if ("error" in loaded) {
      const cells = relative(this.dirs.projectDir, this.dirs.cellsDir);
      const fleetFiles = listFiles(this.dirs.projectDir, cells, (name) => /\.ya?ml$/.test(name));
      return hashText(`unloadable\n${JSON.stringify(this.hashAll(fleetFiles))}`);
    }
    return hashText(JSON.stringify(kind === "global" ? globalView(loaded.fleet) : bootstrapView(loaded.fleet)));
  }

  private fleet(): { fleet: Fleet } | { error: string } {
    if (this.loaded === undefined) {
      try {
        this.loaded = { fleet: loadFleet(this.dirs.cellsDir) };
      } catch (error) {
        this.loaded = { error: error instanceof Error ? error.message : String(error) };
      }
    }
    return this.loaded;
  }
}

/**
 * The program and component files a stack of `kind` loads: those reached from `program/<kind>-stack.ts` and
 * `program/stack-views.ts`; every file of `program/` and `components/` when the project has no such module.
 */
export function stackCodeFiles(projectDir: string, kind: string): string[] {
  const entry = `program/${kind}-stack.ts`;
  if (!isFile(path.join(projectDir, entry))) {
    return PROGRAM_DIRS.flatMap((dir) => listFiles(projectDir, dir, () => true));
  }
  const inProgram = (file: string): boolean => PROGRAM_DIRS.some((dir) => file.startsWith(`${dir}/`));
  return codeClosure(projectDir, [entry, "program/stack-views.ts"], inProgram);
}

/** The hash of the outputs of `read` that `reader` reads (program/stack-views.ts names them). */
export function readOutputsHash(reader: string, read: string, outputs: JsonObject): string {
  return hashText(JSON.stringify(readOutputs(reader, read, outputs)));
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
 * `<id>.yaml` and its stack file; `global` its stack file and the tenants file; the account and region stacks their
 * stack file. (What the non-cell stacks read of the fleet is hashed as their view: {@link FLEET_VIEW_ENTRY}.)
 */
export function stackDataFiles(dirs: InputDirs, stack: string): string[] {
  const cells = relative(dirs.projectDir, dirs.cellsDir);
  const stackFile = `${relative(dirs.projectDir, dirs.stacksDir)}/Pulumi.${stack}.yaml`;
  const target = stackTarget(stack);
  const fleetFiles =
    target?.kind === "cell"
      ? [`${cells}/fleet.yaml`, `${cells}/${target.cellId}.yaml`]
      : target?.kind === "global"
        ? [`${cells}/${TENANTS_FILE}`]
        : [];
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
      // A link counts as what it points to (a base revision's project links the files it shares, base-data.ts).
      const linked = entry.isSymbolicLink() ? path.join(full, entry.name) : undefined;
      if (entry.isDirectory() || (linked !== undefined && isDirectory(linked))) {
        return SKIPPED_DIRS.has(entry.name) || entry.name.startsWith(".") ? [] : listFiles(projectDir, child, keep);
      }
      return (entry.isFile() || (linked !== undefined && isFile(linked))) && keep(entry.name) ? [child] : [];
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
