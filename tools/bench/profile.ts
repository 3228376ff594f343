/**
 * Reads V8 CPU profiles (`node --cpu-prof`, one file per thread) and reports where the time went: the functions
 * with the most self time, and the same time grouped by where the code lives (GC, a package, the project, Node).
 * `npm run bench -- --profile` writes the profiles of a generated-fleet plan and prints this report.
 *
 *   npx tsx tools/bench/profile.ts <profile dir>
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  name: string;
  /** Self time in milliseconds, summed over every thread. */
  ms: number;
  share: number;
}

export interface ProfileReport {
  /** Sampled milliseconds over every thread, idle time left out. */
  totalMs: number;
  threads: number;
  frames: ProfileEntry[];
  groups: ProfileEntry[];
}

const IDLE = "(idle)";

/** Self time per function and per code location, over every `.cpuprofile` file in `dir`. */
export function readProfiles(dir: string, top = 25): ProfileReport {
  const files = readdirSync(dir).filter((file) => file.endsWith(".cpuprofile"));
  const frames = new Map<string, number>();
  const groups = new Map<string, number>();
  for (const file of files) {
    const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    for (let index = 0; index < samples.length; index++) {
      const node = byId.get(samples[index]);
      // A sample's time is the delta to the next sample (V8 records the delta before each sample).
      const ms = (deltas[index + 1] ?? 0) / 1000;
      if (!node || node.callFrame.functionName === IDLE || ms <= 0) {
        continue;
      }
      const name = frameName(node);
      frames.set(name, (frames.get(name) ?? 0) + ms);
      const group = groupOf(node.callFrame.url, node.callFrame.functionName);
      groups.set(group, (groups.get(group) ?? 0) + ms);
    }
  }
  const totalMs = [...groups.values()].reduce((sum, ms) => sum + ms, 0);
  const ranked = (entries: Map<string, number>, limit: number): ProfileEntry[] =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, ms]) => ({ name, ms, share: totalMs > 0 ? ms / totalMs : 0 }));
  return { totalMs, threads: files.length, frames: ranked(frames, top), groups: ranked(groups, 15) };
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) {
    return functionName || "(anonymous)";
  }
  return `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
}

/** `file:///…/node_modules/@pulumi/pulumi/runtime/rpc.js` → `@pulumi/pulumi/runtime/rpc.js`. */
function shortUrl(url: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    return url.slice(modules + "node_modules/".length);
  }
  const project = path.resolve(__dirname, "..", "..");
  const file = url.replace(/^file:\/\//, "");
  return file.startsWith(project) ? path.relative(project, file) : file;
}

/** Where a frame's code lives: GC and V8's own work, a package, the project, or Node's internals. */
function groupOf(url: string, functionName: string): string {
  if (!url) {
    return functionName.startsWith("(") ? functionName : "(native)";
  }
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const parts = url.slice(modules + "node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith("node:")) {
    return "node internals";
  }
  return "cellplane";
}

export function renderProfile(report: ProfileReport): string {
  const line = (entry: ProfileEntry): string =>
    `  ${(entry.share * 100).toFixed(1).padStart(5)} %  ${(entry.ms / 1000).toFixed(2).padStart(7)} s  ${entry.name}`;
  return [
    `CPU profile: ${(report.totalMs / 1000).toFixed(1)} s sampled over ${report.threads} threads (idle left out)`,
    "By where the code lives:",
    ...report.groups.map(line),
    "Top frames by self time:",
    ...report.frames.map(line),
  ].join("\n");
}

if (require.main === module) {
  process.stdout.write(`${renderProfile(readProfiles(process.argv[2] ?? "."))}\n`);
}
