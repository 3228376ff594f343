/** The audit report model and its renderings, on a hand-made catalog and three hand-made cell plans. */
import { describe, expect, it } from "vitest";
import { mapEvidence, parseCaseEntries, type SourceFile } from "../../../tools/audit/evidence";
import { renderJson, renderMarkdown } from "../../../tools/audit/render";
import { buildAuditReport, type PolicyEvidence } from "../../../tools/audit/report";
import { CATALOG, INPUT_VALUE, threeCells } from "./plans";

const EVIDENCE = new Map<string, PolicyEvidence>([
  [
    "queue-encrypted",
    {
      testFiles: ["test/policies/policies.test.ts"],
      caseTables: ["test/policies/resource-cases.ts"],
      cases: { violating: 2, compliant: 1 },
    },
  ],
]);

function report() {
  return buildAuditReport(CATALOG, threeCells(), EVIDENCE);
}

describe("buildAuditReport", () => {
  it("orders stacks by name and decides every cell of the matrix", () => {
    const { stacks, matrix } = report();
    expect(stacks.map((stack) => stack.stack)).toEqual(["cell-a", "cell-b", "cell-c"]);
    expect(matrix).toEqual([
      { policy: "queue-encrypted", statuses: ["pass", "waived", "not-checked"] },
      { policy: "bucket-private", statuses: ["violation", "not-applicable", "not-checked"] },
      { policy: "waiver-valid", statuses: ["pass", "pass", "not-checked"] },
    ]);
  });

  it("never reports a plan without policy results as compliant", () => {
    const { summary, stacks } = report();
    expect(summary.stacksChecked).toEqual(["cell-a", "cell-b"]);
    expect(summary.stacksNotChecked).toEqual(["cell-c"]);
    expect(stacks.find((stack) => stack.stack === "cell-c")).toMatchObject({ checked: false, findings: [] });
  });

  it("counts unwaived mandatory findings and lists waivers by expiry", () => {
    const { summary } = report();
    expect(summary.mandatoryViolations).toBe(1);
    expect(summary.byGroup).toEqual([
      { group: "encryption", count: 2 },
      { group: "governance", count: 1 },
    ]);
    expect(summary.waivers.inForce.map((waiver) => [waiver.expires, waiver.policy, waiver.resources])).toEqual([
      ["2029-12-31", "bucket-private", ["b-bucket", "b-z"]],
      ["2030-01-31", "queue-encrypted", ["b-queue"]],
    ]);
  });

  it("splits waivers into in force, expired and invalid on the evaluation date, which it states", () => {
    const judged = buildAuditReport(CATALOG, threeCells(), EVIDENCE, {
      evaluatedOn: "2030-01-15",
      waiverProblems: [{ stack: "cell-a", message: "policies/waivers.yaml: stacks.cell-a[0] needs owner" }],
    });
    const { waivers } = judged.summary;
    expect(waivers.evaluatedOn).toBe("2030-01-15");
    expect(waivers.inForce.map((waiver) => [waiver.stack, waiver.policy, waiver.owner])).toEqual([
      ["cell-b", "queue-encrypted", "team-a"],
    ]);
    expect(waivers.expired).toEqual([
      {
        stack: "cell-b",
        policy: "bucket-private",
        resources: ["b-bucket", "b-z"],
        reason: "earlier",
        owner: "team-b",
        expires: "2029-12-31",
      },
    ]);
    expect(waivers.invalid).toEqual([
      { stack: "cell-a", problem: "policies/waivers.yaml: stacks.cell-a[0] needs owner" },
    ]);
    const markdown = renderMarkdown(judged);
    expect(markdown).toContain("## Waivers (evaluation date 2030-01-15)");
    expect(markdown).toContain("### Waivers in force: 1");
    expect(markdown).toContain("### Expired waivers (they waive nothing; each is a violation): 1");
    expect(markdown).toContain("| cell-b | bucket-private | b-bucket, b-z | earlier | team-b | 2029-12-31 |");
  });

  it("counts a finding again once the waiver the plan applied has expired on the evaluation date", () => {
    const later = buildAuditReport(CATALOG, threeCells(), EVIDENCE, { evaluatedOn: "2030-02-01" });
    expect(later.summary.mandatoryViolations).toBe(2);
    const finding = later.stacks.find((stack) => stack.stack === "cell-b")?.findings[0];
    expect(finding).toMatchObject({ enforcementLevel: "mandatory", expiredWaiver: { expires: "2030-01-31" } });
    expect(finding?.waived).toBeUndefined();
    expect(later.matrix.find((row) => row.policy === "queue-encrypted")?.statuses[1]).toBe("violation");
  });

  it("attaches each policy's evidence, and an empty one where there is none", () => {
    const { policies } = report();
    expect(policies.map((policy) => [policy.name, policy.evidence.testFiles, policy.evidence.cases])).toEqual([
      ["queue-encrypted", ["test/policies/policies.test.ts"], { violating: 2, compliant: 1 }],
      ["bucket-private", [], undefined],
      ["waiver-valid", [], undefined],
    ]);
  });

  it("names the finding's resource and keeps its waiver", () => {
    const cellB = report().stacks.find((stack) => stack.stack === "cell-b")!;
    expect(cellB.findings).toHaveLength(1);
    expect(cellB.findings[0]).toMatchObject({
      policy: "queue-encrypted",
      resource: "b-queue",
      enforcementLevel: "advisory",
      waived: { owner: "team-a" },
    });
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(report());

  it("prints the matrix with one symbol per stack", () => {
    expect(markdown).toContain("| Policy | a | b | c |");
    expect(markdown).toContain("| `queue-encrypted` | ✅ | ⚠️ | ⏸️ |");
    expect(markdown).toContain("| `bucket-private` | ❌ | ➖ | ⏸️ |");
  });

  it("says plainly which stacks were not checked", () => {
    expect(markdown).toContain("**Stacks NOT checked:** 1 (`cell-c`)");
    expect(markdown).toContain("### `cell-c` (us-east-1)\n\nNot checked: the plan was made with `--no-policy`.");
  });

  it("renders controls, references, evidence and escaped findings", () => {
    expect(markdown).toContain("**SQS.1** queues are encrypted");
    expect(markdown).toContain("<https://example.com/sqs-1>");
    expect(markdown).toContain("[docs/policies.md#cellplane-controls](docs/policies.md#cellplane-controls)");
    expect(markdown).toContain("cases: 2 violating, 1 compliant");
    expect(markdown).toContain("**Evidence (sources):** **no test file names this policy**");
    expect(markdown).toContain("waived by team-a until 2030-01-31: migration \\| TICKET-1");
  });

  it("prints no plan inputs, in either format", () => {
    expect(markdown).not.toContain(INPUT_VALUE);
    expect(renderJson(report())).not.toContain(INPUT_VALUE);
    expect(renderJson(report())).not.toContain("[secret]");
  });

  it("is stable whatever order the plan files come in", () => {
    expect(renderMarkdown(buildAuditReport(CATALOG, threeCells().reverse(), EVIDENCE))).toBe(markdown);
  });
});

describe("evidence mapping", () => {
  const table = `export const CASES = [
    { policy: "queue-encrypted", compliant: [ok.queue(), ok.queue({ a: 1 })],
      violating: [{ title: "x", resource: ok.queue() }] },
    { policy: "bucket-private", compliant: [...BUCKETS], violating: [{ title: "y" }] },
  ];`;

  it("reads case counts from plain array literals only", () => {
    expect(parseCaseEntries(table)).toEqual([
      { policy: "queue-encrypted", counts: { violating: 1, compliant: 2 } },
      { policy: "bucket-private" },
    ]);
  });

  it("maps a policy to the tests naming it and the tests importing its case table", () => {
    const tests: SourceFile[] = [
      { file: "test/policies/cases.test.ts", text: "import { CASES } from './cases';" },
      {
        file: "test/policies/waivers.test.ts",
        text: 'ofPolicy("waiver-valid"); // queue-encrypted unquoted does not count',
      },
      { file: "test/other.test.ts", text: 'expect("queue-encrypted-ish").toBe(1)' },
    ];
    const imports = new Map([["test/policies/cases.test.ts", ["test/policies/cases.ts"]]]);
    const evidence = mapEvidence(
      ["queue-encrypted", "bucket-private", "waiver-valid"],
      tests,
      imports,
      new Map([["test/policies/cases.ts", parseCaseEntries(table)]]),
    );
    expect(evidence.get("queue-encrypted")).toEqual({
      testFiles: ["test/policies/cases.test.ts"],
      caseTables: ["test/policies/cases.ts"],
      cases: { violating: 1, compliant: 2 },
    });
    expect(evidence.get("bucket-private")).toEqual({
      testFiles: ["test/policies/cases.test.ts"],
      caseTables: ["test/policies/cases.ts"],
    });
    expect(evidence.get("waiver-valid")).toEqual({ testFiles: ["test/policies/waivers.test.ts"], caseTables: [] });
  });
});
