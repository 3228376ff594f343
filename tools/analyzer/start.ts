/**
 * Starts a Node.js policy pack exactly as the Pulumi CLI does. The CLI runs its `pulumi-analyzer-policy` plugin
 * (a shell script) with the pack folder as working directory and the arguments `<engine-address> .`; the script
 * resolves `@pulumi/pulumi/cmd/run-policy-pack` from there and runs it with node. run-policy-pack registers
 * ts-node (type-checking), loads the pack's `package.json` main, and the pack's `PolicyPack` serves the Analyzer
 * gRPC service on 127.0.0.1, printing the port as the first line of stdout. One difference, by choice: sources that
 * already passed the type-check start without repeating it (type-check-stamp.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { createInterface } from "node:readline";
import { recordTypeCheckPassed, REUSE_TYPE_CHECK_PRELOAD, typeCheckPassed, typeCheckStamp } from "./type-check-stamp";

export interface PackProcessOptions {
  packDir: string;
  env: NodeJS.ProcessEnv;
  /**
   * The engine address the CLI would pass. The Node policy runtime shifts it off its arguments and never dials
   * it (run-policy-pack/index.js), so any address will do.
   */
  engineAddress: string;
  startTimeoutMs: number;
  /**
   * `once` (the default): skip the type-check when these exact sources passed it before; `always`: check at every
   * start, as the Pulumi CLI does (so does `CELLPLANE_PACK_TYPE_CHECK=always`).
   */
  typeCheck?: "once" | "always";
}

export interface PackProcess {
  child: ChildProcess;
  port: number;
  /** Whether the pack started without its type-check, because the same sources passed it before. */
  typeCheckReused: boolean;
  /** Everything the pack wrote to stderr so far (type errors, crashes). */
  stderr(): string;
}

export class PolicyPackStartError extends Error {
  constructor(packDir: string, reason: string, stderr: string) {
    super(`policy pack in ${packDir} failed to start: ${reason}${stderr.trim() ? `\n${stderr.trim()}` : ""}`);
    this.name = "PolicyPackStartError";
  }
}

/** The runner script, resolved from the pack folder as the CLI's plugin script does. */
export function resolveRunPolicyPack(packDir: string): string {
  try {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [path.resolve(packDir)] });
  } catch {
    throw new PolicyPackStartError(
      packDir,
      "@pulumi/pulumi/cmd/run-policy-pack cannot be resolved from it; run `npm ci` at the repository root",
      "",
    );
  }
}

export function spawnPolicyPack(options: PackProcessOptions): Promise<PackProcess> {
  const packDir = path.resolve(options.packDir);
  const stamp = typeCheckStamp(packDir);
  const reused = options.typeCheck !== "always" && typeCheckPassed(stamp, options.env);
  const preload = reused ? ["--require", REUSE_TYPE_CHECK_PRELOAD] : [];
  const child = spawn(process.execPath, [...preload, resolveRunPolicyPack(packDir), options.engineAddress, "."], {
    cwd: packDir,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new PolicyPackStartError(packDir, reason, stderr));
    };
    const timer = setTimeout(() => fail(`no port printed within ${options.startTimeoutMs} ms`), options.startTimeoutMs);
    const onError = (error: Error) => fail(error.message);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`exited (${signal ?? `code ${code}`}) before printing its port`);
    child.once("error", onError);
    child.once("exit", onExit);
    const lines = createInterface({ input: child.stdout });
    lines.once("line", (line) => {
      const port = Number(line.trim());
      if (!Number.isInteger(port) || port <= 0) {
        fail(`printed ${JSON.stringify(line)} instead of a port`);
        return;
      }
      clearTimeout(timer);
      child.off("error", onError);
      child.off("exit", onExit);
      lines.close();
      // Keep draining stdout so a chatty policy cannot block the pack on a full pipe.
      child.stdout?.resume();
      // Serving means every module it loaded type-checked: these sources need no check next time.
      if (stamp !== undefined && !reused) {
        recordTypeCheckPassed(stamp);
      }
      resolve({ child, port, typeCheckReused: reused, stderr: () => stderr });
    });
  });
}

/** Stops the pack: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export function stopPolicyPack(child: ChildProcess, graceMs = 2_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
