/**
 * Waivers through the protocol. The pack reads test/policies/fixtures/waivers.yaml and judges expiry against
 * 2025-06-01 (pinned through startPolicyPack's `today`).
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlanPolicyResult, toViolationRecord, type PolicyPack } from "../../tools/analyzer";
import * as ok from "./compliant";
import { cellStack, FIXTURES, findings, mandatory, ofPolicy, resource, startTestPack, type Finding } from "./harness";

let pack: PolicyPack;

beforeAll(async () => {
  pack = await startTestPack({ waiversFile: path.join(FIXTURES, "waivers.yaml") });
});

afterAll(async () => {
  await pack?.close();
});

const sshFromAnywhere = { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] };
const bastion = ok.securityGroup(sshFromAnywhere, "use1-a-bastion-sg");
const jumpHost = ok.securityGroup(sshFromAnywhere, "use1-a-jump-sg");
const waived = (policy: string): Finding => [policy, "advisory", "waived"];
/** The fixture's three bad waivers for cell-use1-a: expired, missing an owner, naming no policy. */
const BAD_WAIVERS = mandatory("cellplane-waiver-valid", 3);

describe("waivers", () => {
  it(
    "an active waiver reports the finding as an advisory, with who waived it until when; " +
      "uncovered resources stay mandatory",
    async () => {
      const diagnostics = await pack.analyzeStack(cellStack(bastion, jumpHost));
      const expected = [
        waived("security-group-no-public-ingress"),
        ...mandatory("security-group-no-public-ingress"),
        ...BAD_WAIVERS,
      ];
      expect(findings(diagnostics)).toEqual(expected.sort((a, b) => a.join().localeCompare(b.join())));
      const [waivedFinding] = ofPolicy(diagnostics, "security-group-no-public-ingress").filter(
        (diagnostic) => diagnostic.kind === "waived",
      );
      expect(waivedFinding.urn).toBe(bastion.urn);
      expect(waivedFinding.message).toMatch(/^waived: .*owner team-network, expires 2025-12-31/);
      expect(waivedFinding.waived).toEqual({
        reason: "Break-glass SSH while the SSM migration lands (TICKET-123)",
        owner: "team-network",
        expires: "2025-12-31",
      });
      expect(toViolationRecord(waivedFinding)).toMatchObject({
        policy: "security-group-no-public-ingress",
        enforcementLevel: "advisory",
        waived: { owner: "team-network" },
      });
    },
  );

  it("applies in Analyze too, before the resource's step", async () => {
    expect(findings(await pack.analyze(bastion))).toEqual([waived("security-group-no-public-ingress")]);
    expect(findings(await pack.analyze(jumpHost))).toEqual(mandatory("security-group-no-public-ingress"));
  });

  it("an expired waiver waives nothing and is itself a mandatory violation of cellplane-waiver-valid", async () => {
    const legacy = ok.queue(
      { kmsMasterKeyId: undefined, sqsManagedSseEnabled: false, name: "use1-a-legacy" },
      "use1-a-legacy",
    );
    const diagnostics = await pack.analyzeStack(cellStack(legacy));
    expect(findings(ofPolicy(diagnostics, "sqs-queue-encrypted"))).toEqual(mandatory("sqs-queue-encrypted"));
    const messages = ofPolicy(diagnostics, "cellplane-waiver-valid").map((diagnostic) => diagnostic.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/waiver of sqs-queue-encrypted .* expired on 2025-05-31/),
        expect.stringMatching(/stacks\.cell-use1-a\[2\] needs owner/),
        expect.stringMatching(/waiver of no-such-policy .* names no policy of this pack/),
      ]),
    );
    expect(
      ofPolicy(diagnostics, "cellplane-waiver-valid").every(
        (diagnostic) => diagnostic.enforcementLevel === "mandatory" && diagnostic.urn === undefined,
      ),
    ).toBe(true);
  });

  it(
    "waivers belong to their stack: a good waiver file for another stack reports nothing there " +
      "and waives nothing here",
    async () => {
      const euw1Bastion = resource(
        "aws:ec2/securityGroup:SecurityGroup",
        "euw1-a-bastion-sg",
        {
          ...bastion.inputs,
          tags: {
            "cellplane:cell": "euw1-a",
            "cellplane:region": "eu-west-1",
            "cellplane:owner": "team-network",
            "managed-by": "cellplane",
          },
        },
        { stack: "cell-euw1-a" },
      );
      expect(findings(await pack.analyzeStack([euw1Bastion]))).toEqual([waived("security-group-no-public-ingress")]);
      const globalBastion = resource("aws:ec2/securityGroup:SecurityGroup", "use1-a-bastion-sg", bastion.inputs, {
        stack: "global",
      });
      expect(findings(await pack.analyzeStack([globalBastion]))).toEqual(mandatory("security-group-no-public-ingress"));
    },
  );

  it("the plan lists the stack's waivers, read from the same file, next to its findings", async () => {
    expect(pack.waiversFor("cell-use1-a").map((waiver) => [waiver.policy, waiver.expires])).toEqual([
      ["security-group-no-public-ingress", "2025-12-31"],
      ["sqs-queue-encrypted", "2025-05-31"],
      ["no-such-policy", "2025-12-31"],
    ]);
    expect(pack.waiversFor("global")).toEqual([]);
    const result = toPlanPolicyResult(await pack.analyzeStack(cellStack(bastion)), pack.waiversFor("cell-use1-a"));
    expect(result.waivers?.[0]).toEqual({
      policy: "security-group-no-public-ingress",
      resources: ["use1-a-bastion-sg"],
      reason: "Break-glass SSH while the SSM migration lands (TICKET-123)",
      owner: "team-network",
      expires: "2025-12-31",
    });
    expect(result.violations.find((record) => record.waived)?.urn).toBe(bastion.urn);
  });
});
