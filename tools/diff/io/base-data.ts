/**
 * The base revision when it differs from the working tree in fleet data only (cell files, fleet defaults, tenants,
 * stack files): no checkout of the whole tree, but a copy of the project whose data folders come from the base
 * commit and whose every other entry is a link to the working tree's, which is the same. Planned with the same
 * code, its plans and fingerprints are those a worktree of the base would give (tools/diff/io/one-process-plan.ts).
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { ResolvedRef } from "./revision-plan";

const run = promisify(execFile);
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * The project's files (relative to `projectDir`, `/`-separated) that differ between `commit` and the working tree:
 * tracked files changed, added or removed since, staged or not, and files not tracked at all (ignored ones apart).
 */
export async function pathsChangedSince(projectDir: string, commit: string): Promise<string[]> {
  const git = (...args: string[]) => run("git", args, { cwd: projectDir, maxBuffer: MAX_OUTPUT });
  const [tracked, untracked] = await Promise.all([
    git("diff", "--name-only", "--relative", "--no-renames", "-z", commit, "--", "."),
    git("ls-files", "--others", "--exclude-standard", "-z", "--", "."),
  ]);
  const names = `${tracked.stdout}\0${untracked.stdout}`.split("\0").filter((name) => name !== "");
  return [...new Set(names)].sort();
}

/** The changed paths outside every folder of `dataDirs` (project-relative): code, configuration, anything else. */
export function changedOutside(changed: readonly string[], dataDirs: readonly string[]): string[] {
  const prefixes = dataDirs.map((dir) => `${toPosix(dir).replace(/\/+$/, "")}/`);
  return changed.filter((file) => !prefixes.some((prefix) => file.startsWith(prefix)));
}

/**
 * Runs `work` on a copy of the project at `resolved` that holds the base's `dataDirs` (project-relative folders)
 * and links everything else to `projectDir`; removed afterwards, even on failure. Call it only when nothing outside
 * `dataDirs` changed ({@link changedOutside}): the links stand for the base's files because they are the same.
 */
export async function withBaseData<T>(
  projectDir: string,
  resolved: ResolvedRef,
  dataDirs: readonly string[],
  work: (baseProjectDir: string) => Promise<T>,
): Promise<T> {
  const project = path.resolve(projectDir);
  const repoRoot = (await run("git", ["rev-parse", "--show-toplevel"], { cwd: project })).stdout.trim();
  const projectInRepo = path.relative(repoRoot, project);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "cellplane-base-data-"));
  try {
    const baseProject = path.join(scratch, projectInRepo);
    mkdirSync(baseProject, { recursive: true });
    const inRepo = dataDirs.map((dir) => toPosix(path.join(projectInRepo, dir)));
    const present = await pathsAt(repoRoot, resolved.commit, inRepo);
    if (present.length > 0) {
      await extract(repoRoot, resolved.commit, present, scratch);
    }
    linkTheRest(project, baseProject, dataDirs.map(toPosix));
    return await work(baseProject);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Those of `paths` (repository-relative) that exist at `commit`. */
async function pathsAt(repoRoot: string, commit: string, paths: readonly string[]): Promise<string[]> {
  const { stdout } = await run("git", ["ls-tree", "--name-only", "-z", commit, "--", ...paths], {
    cwd: repoRoot,
    maxBuffer: MAX_OUTPUT,
  });
  const found = new Set(stdout.split("\0").filter((name) => name !== ""));
  return paths.filter((entry) => found.has(entry));
}

/** `git archive <commit> -- <paths>` unpacked into `into` (the files as committed, at their repository paths). */
function extract(repoRoot: string, commit: string, paths: readonly string[], into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn("git", ["archive", "--format=tar", commit, "--", ...paths], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const unpack = spawn("tar", ["-x", "-f", "-", "-C", into], { stdio: ["pipe", "ignore", "pipe"] });
    archive.stdout.pipe(unpack.stdin);
    let errors = "";
    archive.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    unpack.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const codes: (number | null)[] = [];
    const exited = (code: number | null): void => {
      codes.push(code);
      if (codes.length === 2) {
        if (codes.every((each) => each === 0)) {
          resolve();
        } else {
          reject(new Error(`reading ${paths.join(", ")} at ${commit.slice(0, 7)} failed: ${errors.trim()}`));
        }
      }
    };
    archive.once("error", reject);
    unpack.once("error", reject);
    archive.once("close", exited);
    unpack.once("close", exited);
  });
}

/**
 * Links every entry of `from` into `to`, except the data folders: a folder holding one of them is made and linked
 * entry by entry in turn, and the data folder itself is left to the extracted copy (absent there: absent at base).
 */
function linkTheRest(from: string, to: string, dataDirs: readonly string[], prefix = ""): void {
  for (const name of readdirSync(from)) {
    const relative = `${prefix}${name}`;
    if (name === ".git" || dataDirs.includes(relative)) {
      continue;
    }
    const target = path.join(to, name);
    if (dataDirs.some((dir) => dir.startsWith(`${relative}/`))) {
      mkdirSync(target, { recursive: true });
      linkTheRest(path.join(from, name), target, dataDirs, `${relative}/`);
    } else if (!existsSync(target)) {
      symlinkSync(path.join(from, name), target);
    }
  }
}

function toPosix(file: string): string {
  return path.normalize(file).split(path.sep).join("/");
}
