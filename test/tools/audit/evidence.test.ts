/** The evidence scan over this repository's own tests agrees with the policy case tables. */
import { describe, expect, it } from "vitest";
import { collectTestEvidence } from "../../../tools/audit/evidence";
import { policyCatalog } from "../../../policies/catalog";
import { PROJECT_ROOT } from "../../support/cli";
import { RESOURCE_CASES } from "../../policies/resource-cases";
import { STACK_CASES } from "../../policies/stack-cases";

const names = policyCatalog().policies.map((policy) => policy.name);
const evidence = collectTestEvidence(PROJECT_ROOT, names);

describe("collectTestEvidence on the repository", () => {
  it("finds test files for every policy in the catalog", () => {
    expect(names.filter((name) => (evidence.get(name)?.testFiles.length ?? 0) === 0)).toEqual([]);
  });

  it("counts exactly the cases the case tables list", () => {
    const tables = [
      { file: "test/policies/resource-cases.ts", cases: RESOURCE_CASES },
      { file: "test/policies/stack-cases.ts", cases: STACK_CASES },
    ];
    for (const { file, cases } of tables) {
      for (const entry of cases) {
        expect(evidence.get(entry.policy), entry.policy).toEqual(
          expect.objectContaining({
            caseTables: [file],
            cases: { violating: entry.violating.length, compliant: entry.compliant.length },
          }),
        );
        expect(evidence.get(entry.policy)?.testFiles, entry.policy).toContain("test/policies/policies.test.ts");
      }
    }
  });

  it("gives no counts where no case table covers the policy, and ignores the audit's own tests", () => {
    const waiverValid = evidence.get("cellplane-waiver-valid");
    expect(waiverValid?.cases).toBeUndefined();
    expect(waiverValid?.testFiles).toContain("test/policies/waivers.test.ts");
    expect(
      [...evidence.values()].flatMap((entry) => entry.testFiles).filter((file) => file.startsWith("test/audit/")),
    ).toEqual([]);
  });
});
