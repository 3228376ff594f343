/** The waiver file format and expiry rules, without the protocol (policies/lib/waivers.ts). */
import { describe, expect, it } from "vitest";
import { findActiveWaiver, isExpired, parseWaivers, waiverProblems } from "../../policies/lib/waivers";

const URN = "urn:pulumi:cell-use1-a::cellplane::aws:ec2/securityGroup:SecurityGroup::use1-a-bastion-sg";
const entry = (fields: string) => `stacks:\n  cell-use1-a:\n    - ${fields.trim().split("\n").join("\n      ")}\n`;
const GOOD = entry(`
policy: security-group-no-public-ingress
resources: use1-a-bastion-sg
reason: break glass
owner: team-network
expires: 2025-06-30`);

describe("waiver file", () => {
  it("reads a waiver, a single resource as well as a list", () => {
    const set = parseWaivers(GOOD, "waivers.yaml");
    expect(set.problems).toEqual([]);
    expect(set.waivers).toEqual([
      {
        stack: "cell-use1-a",
        policy: "security-group-no-public-ingress",
        resources: ["use1-a-bastion-sg"],
        reason: "break glass",
        owner: "team-network",
        expires: "2025-06-30",
      },
    ]);
  });

  it("a waiver applies through the day it expires, by logical name or URN, for its stack and policy only", () => {
    const set = parseWaivers(GOOD, "waivers.yaml");
    const query = { stack: "cell-use1-a", policy: "security-group-no-public-ingress", urn: URN };
    expect(findActiveWaiver(set, { ...query, today: "2025-06-30" })).toBeDefined();
    expect(findActiveWaiver(set, { ...query, today: "2025-07-01" })).toBeUndefined();
    expect(findActiveWaiver(set, { ...query, stack: "cell-use1-b", today: "2025-06-01" })).toBeUndefined();
    expect(findActiveWaiver(set, { ...query, policy: "rds-not-public", today: "2025-06-01" })).toBeUndefined();
    expect(isExpired(set.waivers[0], "2025-07-01")).toBe(true);
  });

  it.each([
    [
      "a missing owner and a bad date",
      entry("policy: x\nresources: [a]\nreason: r\nexpires: 31/12/2025"),
      /needs owner, expires/,
    ],
    [
      "an empty resource list",
      entry("policy: x\nresources: []\nreason: r\nowner: o\nexpires: 2025-12-31"),
      /needs resources/,
    ],
    [
      "an impossible date",
      entry("policy: x\nresources: [a]\nreason: r\nowner: o\nexpires: 2025-02-30"),
      /needs expires/,
    ],
    [
      "a misspelt field",
      entry("policy: x\nresources: [a]\nreason: r\nowner: o\nexpiry: 2025-12-31"),
      /needs expires .* has unknown field\(s\) expiry/,
    ],
  ])("rejects %s", (_title, text, problem) => {
    const set = parseWaivers(text, "waivers.yaml");
    expect(set.waivers).toEqual([]);
    expect(set.problems.map((entry) => entry.message)).toEqual([expect.stringMatching(problem)]);
    expect(waiverProblems(set, "cell-use1-a", new Set(["x"]), "2025-06-01", "cellplane-waiver-valid")).toHaveLength(1);
  });

  it("a file that is not YAML is a problem for every stack, and waives nothing", () => {
    const set = parseWaivers("stacks: [unclosed", "waivers.yaml");
    expect(set.waivers).toEqual([]);
    expect(waiverProblems(set, "cell-anything", new Set(), "2025-06-01", "cellplane-waiver-valid")).toEqual([
      expect.stringMatching(/is not valid YAML/),
    ]);
  });

  it("the waiver policy cannot be waived", () => {
    const set = parseWaivers(
      entry("policy: cellplane-waiver-valid\nresources: [a]\nreason: r\nowner: o\nexpires: 2025-12-31"),
      "waivers.yaml",
    );
    expect(
      waiverProblems(set, "cell-use1-a", new Set(["cellplane-waiver-valid"]), "2025-06-01", "cellplane-waiver-valid"),
    ).toEqual([expect.stringMatching(/cannot be waived/)]);
  });
});
