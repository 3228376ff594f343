/**
 * The analyzer client against the real pack: started as the Pulumi CLI starts it, GetAnalyzerInfo, plugin info,
 * handshake, Configure / ConfigureStack, a plan file's resources through AnalyzeStack, and start failures.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PolicyPackStartError,
  resolveRunPolicyPack,
  startPolicyPack,
  toViolationRecord,
  type PolicyPack,
} from "../../../tools/analyzer";
import { policyCatalog } from "../../../policies/catalog";
import type { PlanFile } from "../../../tools/lib/plan-file";
import * as ok from "../../policies/compliant";
import { cellStack, findings, mandatory, PACK_DIR, REPO_ROOT, startTestPack } from "../../policies/harness";

let pack: PolicyPack;

beforeAll(async () => {
  pack = await startTestPack();
});

afterAll(async () => {
  await pack?.close();
});

interface Manifest {
  version: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

describe("starting the pack as the Pulumi CLI does", () => {
  it("resolves run-policy-pack from the pack folder to the project's node_modules: the pack needs no install", () => {
    // Node resolves symbolic links (a node_modules linked from elsewhere), so the real paths are compared.
    expect(resolveRunPolicyPack(PACK_DIR)).toBe(
      realpathSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js")),
    );
    expect(existsSync(path.join(PACK_DIR, "node_modules"))).toBe(false);
  });

  it("declares its real dependencies at the root's versions", () => {
    const pack = readManifest(path.join(PACK_DIR, "package.json"));
    const root = readManifest(path.join(REPO_ROOT, "package.json"));
    const rootVersions = { ...root.dependencies, ...root.devDependencies };
    for (const [name, version] of Object.entries({ ...pack.dependencies, ...pack.devDependencies })) {
      expect(version, name).toBe(rootVersions[name]);
    }
  });

  it("serves on the port it printed, with the version from its package.json", async () => {
    expect(pack.port).toBeGreaterThan(0);
    expect((await pack.getPluginInfo()).version).toMatch(/^v?\d+\.\d+\.\d+/);
    const info = await pack.getAnalyzerInfo();
    expect([info.name, info.version, info.supportsConfig]).toEqual([
      "cellplane",
      readManifest(path.join(PACK_DIR, "package.json")).version,
      true,
    ]);
  });

  it("answers Handshake as @pulumi/policy 1.21 does: not implemented, which the engine tolerates", async () => {
    expect(await pack.handshake()).toBe(false);
  });
});

describe("GetAnalyzerInfo", () => {
  it("lists every policy of the catalog with its metadata", async () => {
    const info = await pack.getAnalyzerInfo();
    const catalog = policyCatalog();
    expect(info.policies.map((policy) => policy.name).sort()).toEqual(
      catalog.policies.map((policy) => policy.name).sort(),
    );
    for (const entry of catalog.policies) {
      const policy = info.policies.find((candidate) => candidate.name === entry.name);
      const primary = entry.controls.filter((control) => control.framework === entry.controls[0].framework);
      expect(policy, entry.name).toMatchObject({
        description: entry.description,
        enforcementLevel: entry.enforcementLevel,
        severity: entry.severity,
        remediationSteps: entry.remediation,
        policyType: entry.scope === "stack" ? "stack" : "resource",
        framework: {
          name: primary[0].frameworkName,
          version: primary[0].frameworkVersion,
          reference: primary.map((control) => control.id).join(", "),
        },
      });
      expect(policy?.tags).toEqual([
        `group:${entry.group}`,
        ...entry.controls.map((control) => `${control.framework}:${control.id}`),
      ]);
    }
  });

  it("encryption and least-privilege policies are mandatory, and each maps to at least one control", () => {
    for (const entry of policyCatalog().policies) {
      expect(entry.controls.length, entry.name).toBeGreaterThan(0);
      expect(entry.resourceTypes.length > 0 || entry.group === "governance", entry.name).toBe(true);
      if (entry.group === "encryption" || entry.group === "least-privilege") {
        expect(entry.enforcementLevel, entry.name).toBe("mandatory");
      }
    }
  });
});

describe("configuration", () => {
  it("Configure changes an enforcement level, as --policy-pack-config does; {} restores the defaults", async () => {
    const unencrypted = ok.queue({ kmsMasterKeyId: undefined, sqsManagedSseEnabled: false });
    const advisory = await pack.analyze(unencrypted, { config: { "sqs-queue-encrypted": "advisory" } });
    expect(findings(advisory)).toEqual([["sqs-queue-encrypted", "advisory", "violation"]]);
    const disabled = await pack.analyzeStack(cellStack(unencrypted), {
      config: { "sqs-queue-encrypted": { enforcementLevel: "disabled" } },
    });
    expect(findings(disabled)).toEqual([]);
    expect(findings(await pack.analyze(unencrypted, { config: {} }))).toEqual(mandatory("sqs-queue-encrypted"));
  });

  it("ConfigureStack is accepted (stack identity and tags)", async () => {
    await expect(
      pack.configureStack({ stack: "cell-use1-a", project: "cellplane", tags: { team: "orders" } }),
    ).resolves.toBeUndefined();
  });
});

describe("a plan file through AnalyzeStack", () => {
  it("takes the plan's resources as they are and returns typed diagnostics the plan can record", async () => {
    const stack = cellStack(ok.queue({ kmsMasterKeyId: undefined, sqsManagedSseEnabled: false }), ok.topic());
    const plan: PlanFile = JSON.parse(
      JSON.stringify({
        stack: "cell-use1-a",
        cell: "use1-a",
        region: "us-east-1",
        resources: stack.map(({ propertyDependencies: _unused, ...resource }) => resource),
        outputs: {},
      }),
    ) as PlanFile;
    const diagnostics = await pack.analyzeStack(plan.resources);
    expect(findings(diagnostics)).toEqual(mandatory("sqs-queue-encrypted"));
    expect(diagnostics.map(toViolationRecord)).toEqual([
      {
        policy: "sqs-queue-encrypted",
        packName: "cellplane",
        enforcementLevel: "mandatory",
        message:
          "queue use1-a-orders is not encrypted at rest: sqsManagedSseEnabled is false and no kmsMasterKeyId is set",
        urn: stack[1].urn,
      },
    ]);
  });
});

describe("start failures", () => {
  it("a pack that does not compile fails to start with the TypeScript error, not a hang", async () => {
    // Inside node_modules (ignored by git) so the broken pack resolves @pulumi/pulumi like the real one.
    const cacheDir = path.join(REPO_ROOT, "node_modules", ".cache");
    mkdirSync(cacheDir, { recursive: true });
    const brokenDir = mkdtempSync(path.join(cacheDir, "cellplane-broken-pack-"));
    try {
      writeFileSync(path.join(brokenDir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
      writeFileSync(path.join(brokenDir, "package.json"), JSON.stringify({ name: "broken", version: "0.0.1" }));
      writeFileSync(path.join(brokenDir, "index.ts"), 'const port: number = "not a number";\nexport default port;\n');
      const start = startPolicyPack({ packDir: brokenDir, startTimeoutMs: 60_000 });
      await expect(start).rejects.toBeInstanceOf(PolicyPackStartError);
      await expect(start).rejects.toThrow(/TS2322/);
    } finally {
      rmSync(brokenDir, { recursive: true, force: true });
    }
  });

  it("a folder the runner cannot be resolved from says to install dependencies", async () => {
    await expect(startPolicyPack({ packDir: "/" })).rejects.toThrow(/npm ci/);
  });
});
