/** The catalog is complete and the auditors' page shows it as it is. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyCatalog } from "../../policies/catalog";
import { DOCS_FILE, withCurrentTable } from "../../policies/tools/policy-table";

describe("policy catalog", () => {
  it("has a unique name, description, remediation, controls and frameworks for every policy", () => {
    const { pack, version, policies } = policyCatalog();
    expect([pack, version]).toEqual(["cellplane", expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
    expect(new Set(policies.map((policy) => policy.name)).size).toBe(policies.length);
    for (const policy of policies) {
      expect(policy.description.length, policy.name).toBeGreaterThan(20);
      expect(policy.remediation.length, policy.name).toBeGreaterThan(20);
      expect(policy.frameworks.length, policy.name).toBeGreaterThan(0);
    }
  });

  it("docs/policies.md holds the current table (run `npx tsx policies/tools/policy-table.ts` after changing a policy)", () => {
    const page = readFileSync(DOCS_FILE, "utf8");
    expect(page).toBe(withCurrentTable(page));
  });
});
