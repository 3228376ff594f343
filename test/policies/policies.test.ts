/**
 * Every policy of the pack, through the real protocol: the pack is started as the Pulumi CLI starts it and
 * driven with an Analyzer gRPC client. Each policy gets compliant and violating resources (Analyze, and the
 * same resources again through AnalyzeStack) or stacks (AnalyzeStack); unknown values get their own block.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN, secret, type AnalyzerResourceInput, type PolicyPack, type PropertyMap } from "../../tools/analyzer";
import * as ok from "./compliant";
import { cellStack, findings, mandatory, notYetCheckable, ofPolicy, startTestPack, type Finding } from "./harness";
import { ACCESS_RESOURCE_CASES, ACCESS_STACK_CASES } from "./access-cases";
import { BREADTH_RESOURCE_CASES } from "./breadth-resource-cases";
import { BREADTH_STACK_CASES } from "./breadth-stack-cases";
import { EDGE_RESOURCE_CASES, EDGE_STACK_CASES } from "./edge-cases";
import { EKS_RESOURCE_CASES, EKS_STACK_CASES } from "./eks-cases";
import { KUBERNETES_RESOURCE_CASES } from "./kubernetes-cases";
import { RESOURCE_CASES as BASE_RESOURCE_CASES, type ResourceCase } from "./resource-cases";
import { SERVICES_RESOURCE_CASES } from "./services-cases";
import { STACK_CASES as BASE_STACK_CASES, type StackCase } from "./stack-cases";

/** Every case table: the cell's original policies, then issue 11's (each table is evidence for the audit). */
const RESOURCE_CASES: ResourceCase[] = [
  ...BASE_RESOURCE_CASES,
  ...BREADTH_RESOURCE_CASES,
  ...EDGE_RESOURCE_CASES,
  ...SERVICES_RESOURCE_CASES,
  ...ACCESS_RESOURCE_CASES,
  ...KUBERNETES_RESOURCE_CASES,
  ...EKS_RESOURCE_CASES,
];
const STACK_CASES: StackCase[] = [
  ...BASE_STACK_CASES,
  ...BREADTH_STACK_CASES,
  ...EDGE_STACK_CASES,
  ...ACCESS_STACK_CASES,
  ...EKS_STACK_CASES,
];

let pack: PolicyPack;

beforeAll(async () => {
  pack = await startTestPack();
});

afterAll(async () => {
  await pack?.close();
});

describe("the pack's policies are all covered", () => {
  it(
    "every policy GetAnalyzerInfo lists has cases here " + "(cellplane-waiver-valid's are in waivers.test.ts)",
    async () => {
      const info = await pack.getAnalyzerInfo();
      const covered = new Set(
        [...RESOURCE_CASES, ...STACK_CASES].map((entry) => entry.policy).concat("cellplane-waiver-valid"),
      );
      expect(info.policies.map((policy) => policy.name).filter((name) => !covered.has(name))).toEqual([]);
      for (const entry of RESOURCE_CASES) {
        expect(info.policies.find((policy) => policy.name === entry.policy)?.policyType, entry.policy).toBe("resource");
      }
    },
  );
});

describe.each(RESOURCE_CASES)("resource policy $policy", ({ policy, compliant, violating }) => {
  it.each(compliant.map((resource) => [resource.name, resource] as const))(
    "compliant %s: nothing from Analyze nor AnalyzeStack",
    async (_name, resource) => {
      expect(findings(await pack.analyze(resource))).toEqual([]);
      expect(findings(await pack.analyzeStack(cellStack(resource)))).toEqual([]);
    },
  );

  it.each(violating.map((entry) => [entry.title, entry] as const))(
    "violating (%s): violations of this policy only, at its level",
    async (_title, { resource, violations, level }) => {
      const expected = Array.from({ length: violations ?? 1 }, (): Finding => [
        policy,
        level ?? "mandatory",
        "violation",
      ]);
      const analyzed = await pack.analyze(resource);
      expect(findings(analyzed)).toEqual(expected);
      expect(
        analyzed.every((diagnostic) => diagnostic.urn === resource.urn && diagnostic.policyPackName === "cellplane"),
      ).toBe(true);
      // The stack check after the update decides the same rule again, on the same values.
      const stackAnalyzed = await pack.analyzeStack(cellStack(resource));
      expect(findings(stackAnalyzed)).toEqual(expected);
      expect(stackAnalyzed.map((diagnostic) => diagnostic.urn)).toEqual(expected.map(() => resource.urn));
    },
  );
});

describe.each(STACK_CASES)("stack policy $policy", ({ compliant, violating }) => {
  it.each(compliant.map((entry) => [entry.title, entry.stack] as const))(
    "compliant (%s): nothing from AnalyzeStack",
    async (_title, stack) => {
      expect(findings(await pack.analyzeStack(stack))).toEqual([]);
    },
  );

  it.each(violating.map((entry) => [entry.title, entry] as const))(
    "violating (%s)",
    async (_title, { stack, expected }) => {
      const analyzed = await pack.analyzeStack(stack);
      expect(findings(analyzed)).toEqual(expected);
      const urns = new Set(stack.map((resource) => resource.urn));
      expect(analyzed.every((diagnostic) => diagnostic.urn !== undefined && urns.has(diagnostic.urn))).toBe(true);
    },
  );
});

describe("unknown values during a preview", () => {
  const both = (...lists: Finding[][]): Finding[] => lists.flat().sort((a, b) => a.join().localeCompare(b.join()));

  it(
    "a KMS key still being created is not yet checkable in Analyze; " + "AnalyzeStack decides it once resolved",
    async () => {
      const previewed = await pack.analyze(ok.dbCluster({ kmsKeyId: UNKNOWN }));
      expect(findings(previewed)).toEqual(notYetCheckable("cell-database-key"));
      expect(previewed[0].message).toMatch(/^not yet checkable: kmsKeyId is unknown/);
      expect(findings(await pack.analyzeStack(cellStack(ok.dbCluster({ kmsKeyId: "" }))))).toEqual(
        mandatory("cell-database-key"),
      );
      expect(findings(await pack.analyzeStack(cellStack(ok.dbCluster())))).toEqual([]);
    },
  );

  it(
    "an IAM document that is unknown as a whole is not yet checkable by every IAM policy, " + "and not malformed",
    async () => {
      const previewed = await pack.analyze(ok.rolePolicy({ policy: UNKNOWN }));
      expect(findings(previewed)).toEqual(
        both(notYetCheckable("iam-no-wildcard-actions"), notYetCheckable("iam-no-wildcard-resources")),
      );
    },
  );

  it("an object document with an unknown Resource still reports its definite wildcard action", async () => {
    const document: PropertyMap = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: UNKNOWN }],
    };
    expect(findings(await pack.analyze(ok.rolePolicy({ policy: document })))).toEqual(
      both(mandatory("iam-no-wildcard-actions"), notYetCheckable("iam-no-wildcard-resources")),
    );
  });

  it("a statement whose Effect is unknown reports nothing definite", async () => {
    const document: PropertyMap = {
      Version: "2012-10-17",
      Statement: [{ Effect: UNKNOWN, Action: "*", Resource: "*" }],
    };
    expect(findings(await pack.analyze(ok.rolePolicy({ policy: document })))).toEqual(
      notYetCheckable("iam-no-wildcard-actions"),
    );
  });

  it("one unknown CIDR in a security group rule waits for the update", async () => {
    const rule = (cidr: typeof UNKNOWN | string) =>
      ok.securityGroup({ ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8", cidr] }] });
    expect(findings(await pack.analyze(rule(UNKNOWN)))).toEqual(notYetCheckable("security-group-no-public-ingress"));
    expect(findings(await pack.analyzeStack(cellStack(rule("0.0.0.0/0"))))).toEqual(
      mandatory("security-group-no-public-ingress"),
    );
  });

  it(
    "a secret auth token whose value is still unknown is not yet checkable; " + "a known secret satisfies the rule",
    async () => {
      expect(findings(await pack.analyze(ok.cache({ authToken: secret(UNKNOWN) })))).toEqual(
        notYetCheckable("elasticache-encrypted"),
      );
      expect(findings(await pack.analyze(ok.cache({ authToken: secret("resolved") })))).toEqual([]);
    },
  );

  it("stack correlations wait for an unknown link: parameter group, flow log, query log", async () => {
    const cluster = ok.dbCluster({ dbClusterParameterGroupName: UNKNOWN });
    expect(findings(await pack.analyzeStack(cellStack(cluster, ok.dbClusterParameterGroup())))).toEqual(
      notYetCheckable("rds-tls-enforced"),
    );
    const [vpc, flowLog] = ok.vpcWithFlowLog();
    const unknownVpc: PropertyMap = { ...flowLog.inputs, vpcId: UNKNOWN };
    const unlinkedFlowLog = { ...flowLog, dependencies: [], inputs: unknownVpc };
    expect(findings(await pack.analyzeStack(cellStack(vpc, unlinkedFlowLog)))).toEqual(
      notYetCheckable("vpc-flow-logs"),
    );
    // Once resolved to another VPC's id, the VPC has no flow log.
    const otherVpc = { ...flowLog, dependencies: [], inputs: { ...flowLog.inputs, vpcId: "vpc-other" } };
    expect(findings(await pack.analyzeStack(cellStack(vpc, otherVpc)))).toEqual(mandatory("vpc-flow-logs"));
  });

  it("a cell resource whose tags are unknown is not yet checkable for the cell key, not a violation", async () => {
    expect(findings(await pack.analyze(ok.dbCluster({ kmsKeyId: undefined, tags: UNKNOWN })))).toEqual(
      notYetCheckable("cell-database-key"),
    );
  });

  it("stack policies wait for unknown tags and unknown bucket links instead of failing", async () => {
    expect(findings(await pack.analyzeStack(cellStack(ok.queue({ tags: UNKNOWN }))))).toEqual(
      both(notYetCheckable("cell-resource-tags"), notYetCheckable("cell-single-cell-region")),
    );
    const [bucket, encryption, accessBlock, tlsOnly] = ok.privateBucket();
    const unlinked = [encryption, accessBlock].map((companion): AnalyzerResourceInput => {
      const inputs: PropertyMap = { ...companion.inputs, bucket: UNKNOWN };
      return { ...companion, dependencies: [], inputs };
    });
    const previewed = await pack.analyzeStack(cellStack(bucket, ...unlinked, tlsOnly));
    expect(findings(previewed)).toEqual(notYetCheckable("s3-bucket-encrypted-private", 2));
    expect(
      ofPolicy(previewed, "s3-bucket-encrypted-private").every((diagnostic) => diagnostic.urn === bucket.urn),
    ).toBe(true);
  });
});
