/**
 * Per-stack enforcement through the pack configuration: the resilience policies are advisory by default,
 * mandatory in the stacks policies/pack-config.json names (cell stacks), and `mandatoryStacks` in a
 * `--policy-pack-config` entry (sent with Configure, as the engine does) replaces that list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyzerResourceInput, PolicyPack } from "../../tools/analyzer";
import * as ok from "./compliant";
import { findings, resource, startTestPack, type Finding } from "./harness";

let pack: PolicyPack;

beforeAll(async () => {
  pack = await startTestPack();
});

afterAll(async () => {
  await pack?.close();
});

const unprotectedCluster = ok.dbCluster({ deletionProtection: false });

/** The same cluster in a stack that is not a cell stack. */
function inStack(stack: string, base: AnalyzerResourceInput): AnalyzerResourceInput {
  return { ...resource(base.type, base.name, base.inputs, { stack, protect: true }), provider: base.provider };
}

const level = (enforcement: string): Finding[] => [["db-deletion-protection", enforcement, "violation"]];

describe("per-stack enforcement of advisory policies", () => {
  it("is mandatory in a cell stack by the pack's own config, advisory elsewhere", async () => {
    expect(findings(await pack.analyze(unprotectedCluster))).toEqual(level("mandatory"));
    expect(findings(await pack.analyze(inStack("shared-services", unprotectedCluster)))).toEqual(level("advisory"));
    expect(findings(await pack.analyzeStack([inStack("shared-services", unprotectedCluster)]))).toEqual(
      level("advisory"),
    );
  });

  it("follows mandatoryStacks from the engine's configuration, which replaces the pack's list", async () => {
    const advisoryEverywhere = { "db-deletion-protection": { mandatoryStacks: [] } };
    expect(findings(await pack.analyze(unprotectedCluster, { config: advisoryEverywhere }))).toEqual(level("advisory"));
    const sharedToo = { "db-deletion-protection": { mandatoryStacks: ["shared-*"] } };
    const shared = inStack("shared-services", unprotectedCluster);
    expect(findings(await pack.analyze(shared, { config: sharedToo }))).toEqual(level("mandatory"));
    expect(findings(await pack.analyze(unprotectedCluster, { config: sharedToo }))).toEqual(level("advisory"));
    // A configuration that does not mention the policy leaves the pack's own list in force.
    expect(findings(await pack.analyze(unprotectedCluster, { config: {} }))).toEqual(level("mandatory"));
  });

  it("a policy configured mandatory is mandatory everywhere; disabled reports nothing", async () => {
    const shared = inStack("shared-services", unprotectedCluster);
    expect(findings(await pack.analyze(shared, { config: { "db-deletion-protection": "mandatory" } }))).toEqual(
      level("mandatory"),
    );
    expect(findings(await pack.analyze(shared, { config: { "db-deletion-protection": "disabled" } }))).toEqual([]);
    await pack.configure({});
  });
});
