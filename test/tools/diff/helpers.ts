import { Command, CommanderError } from "commander";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, vi } from "vitest";
import { registerDiff } from "../../../tools/cli/commands/diff";
import { exitCodes, UsageError } from "../../../tools/cli/errors";
import type { JsonObject, PlanFile, PlannedResource } from "../../../tools/lib/plan-file";

export const QUEUE = "aws:sqs/queue:Queue";
export const DB_CLUSTER = "aws:rds/cluster:Cluster";
export const DB_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
export const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";

export function urn(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::cellplane::cellplane:cell:Cell$${type}::${name}`;
}

export function resource(
  stack: string,
  type: string,
  name: string,
  inputs: JsonObject = {},
  extra: Partial<PlannedResource> = {},
): PlannedResource {
  return { urn: urn(stack, type, name), type, name, inputs, dependencies: [], ...extra };
}

export function plan(stack: string, resources: PlannedResource[], extra: Partial<PlanFile> = {}): PlanFile {
  const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return { stack, resources: sorted, outputs: {}, ...extra };
}

/** A small cell: database cluster + instance, a queue, a cache, a security group. */
export function cellPlan(
  stack: string,
  overrides: { instanceClass?: string; queueName?: string; password?: string } = {},
): PlanFile {
  return plan(stack, [
    resource(stack, DB_CLUSTER, "db", {
      engine: "aurora-postgresql",
      masterPassword: overrides.password ?? "[secret]",
      deletionProtection: true,
    }),
    resource(stack, DB_INSTANCE, "db-1", {
      engine: "aurora-postgresql",
      instanceClass: overrides.instanceClass ?? "db.r7g.large",
    }),
    resource(stack, QUEUE, "orders", {
      name: overrides.queueName ?? `${stack}-orders`,
      fifoQueue: false,
      tags: { cell: stack },
    }),
    resource(stack, CACHE, "cache", { engine: "valkey", subnetGroupName: `${stack}-cache` }),
    resource(stack, SECURITY_GROUP, "sg", {
      description: "cell traffic",
      ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp" }],
    }),
  ]);
}

const createdDirs: string[] = [];

/** A fresh temporary folder, removed when the test file finishes. */
export function tempDir(prefix = "cellplane-diff-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  createdDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of createdDirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

export function writePlanFolder(dir: string, plans: readonly PlanFile[]): string {
  mkdirSync(dir, { recursive: true });
  for (const planFile of plans) {
    writeFileSync(path.join(dir, `${planFile.stack}.json`), `${JSON.stringify(planFile, null, 2)}\n`);
  }
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cells diff …` in process with the same error-to-exit-code mapping as tools/cli/main.ts. */
export async function runCells(args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    const program = new Command("cells")
      .exitOverride()
      .configureOutput({ writeErr: (text) => (stderr += text), writeOut: (text) => (stdout += text) });
    registerDiff(program);
    await program.parseAsync(args, { from: "user" });
    return { code: process.exitCode === undefined ? exitCodes.ok : Number(process.exitCode), stdout, stderr };
  } catch (error) {
    if (error instanceof UsageError) {
      return { code: exitCodes.badInput, stdout, stderr: `${stderr}${error.message}\n` };
    }
    if (error instanceof CommanderError) {
      return { code: error.exitCode === 0 ? exitCodes.ok : exitCodes.badInput, stdout, stderr };
    }
    throw error;
  } finally {
    process.exitCode = previousExitCode;
    out.mockRestore();
    err.mockRestore();
  }
}
