import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CellFirewall, firewallRules, type CellFirewallArgs } from "../../../components/cell/cell-firewall";
import type { PlannedResource } from "../../../tools/lib/plan-file";
import {
  CELL,
  cloudResources,
  expectArgsErrorInStack,
  expectCellTagsEverywhere,
  expectChildren,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
  textOf,
} from "../helpers";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const GROUP_OUTPUTS = {
  lb: "loadBalancerSecurityGroupId",
  "lb-health": "healthCheckSecurityGroupId",
  app: "appSecurityGroupId",
  db: "databaseSecurityGroupId",
  cache: "cacheSecurityGroupId",
} as const;

function firewallStack(overrides: Partial<CellFirewallArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const firewall = new CellFirewall(
      "use1-a-fw",
      { cell: CELL, vpcId: "vpc-0123456789abcdef0", ...overrides },
      { providers: { aws: provider } },
    );
    return firewall.outputs;
  });
}

/** A rule as a readable line, `app egress tcp 5432 -> db`, with the groups named by role. */
function describeRule(rule: PlannedResource, roleById: Map<string, string>): string {
  const { inputs } = rule;
  const group = roleById.get(textOf(inputs.securityGroupId)) ?? `unknown group ${textOf(inputs.securityGroupId)}`;
  const direction = rule.type === INGRESS ? "ingress" : "egress";
  const ports =
    inputs.fromPort === inputs.toPort ? textOf(inputs.fromPort) : `${textOf(inputs.fromPort)}-${textOf(inputs.toPort)}`;
  const peers = [
    inputs.referencedSecurityGroupId === undefined
      ? undefined
      : (roleById.get(textOf(inputs.referencedSecurityGroupId)) ?? "unknown group"),
    inputs.cidrIpv4,
    inputs.cidrIpv6,
    inputs.prefixListId,
  ]
    .filter((peer) => peer !== undefined)
    .map(textOf);
  return (
    `${group} ${direction} ${textOf(inputs.ipProtocol)} ${ports} ${direction === "ingress" ? "<-" : "->"} ` +
    `${peers.join(",")}`
  );
}

function ruleGraph(stack: RecordedStack): string[] {
  const roleById = new Map(
    Object.entries(GROUP_OUTPUTS).map(([role, output]) => [textOf(stack.plan.outputs[output]), role]),
  );
  return [...stack.ofType(INGRESS), ...stack.ofType(EGRESS)].map((rule) => describeRule(rule, roleById)).sort();
}

/** The managed prefix list ids the firewall looked up, by the rule that uses them. */
function prefixListOf(stack: RecordedStack, rule: string): string {
  return textOf(stack.named(`use1-a-fw-${rule}`).inputs.prefixListId);
}

describe("CellFirewall", () => {
  let stack: RecordedStack;
  beforeAll(async () => {
    stack = await firewallStack();
  });

  it("creates the five groups in the cell VPC with no inline rules", () => {
    const groups = stack.ofType("aws:ec2/securityGroup:SecurityGroup");
    expect(groups.map((group) => group.name).sort()).toEqual([
      "use1-a-fw-app",
      "use1-a-fw-cache",
      "use1-a-fw-db",
      "use1-a-fw-lb",
      "use1-a-fw-lb-health-checks",
    ]);
    for (const group of groups) {
      expect(group.inputs.vpcId).toBe("vpc-0123456789abcdef0");
      expect(group.inputs.ingress).toBeUndefined();
      expect(group.inputs.egress).toBeUndefined();
      expect(textOf(group.inputs.description)).toMatch(/^cellplane use1-a /);
    }
  });

  it("opens exactly the edge → lb → app → database/cache chain, plus HTTPS egress for AWS APIs", () => {
    const edge = prefixListOf(stack, "lb-in-https-edge");
    const checkers = prefixListOf(stack, "lb-in-https-health-checks");
    expect(edge).toMatch(/^pl-/);
    expect(checkers).toMatch(/^pl-/);
    expect(edge).not.toBe(checkers);
    expect(ruleGraph(stack)).toEqual([
      "app egress tcp 443 -> 0.0.0.0/0",
      "app egress tcp 5432 -> db",
      "app egress tcp 6379 -> cache",
      "app ingress tcp 8080 <- lb",
      "cache ingress tcp 6379 <- app",
      "db ingress tcp 5432 <- app",
      "lb egress tcp 8080 -> app",
      `lb ingress tcp 443 <- ${edge}`,
      `lb-health ingress tcp 443 <- ${checkers}`,
    ]);
  });

  it("admits only the edge and Route 53's checkers to the load balancer: nobody calls a cell directly", () => {
    const ingress = firewallRules({ app: 8080, database: 5432, cache: 6379 }).filter(
      (rule) => rule.direction === "ingress" && (rule.group === "loadBalancer" || rule.group === "healthChecks"),
    );
    expect(ingress.map((rule) => [rule.group, rule.port, rule.peer])).toEqual([
      ["loadBalancer", 443, { prefixList: "cloudFront" }],
      ["healthChecks", 443, { prefixList: "route53HealthChecks" }],
    ]);
  });

  it("names every rule after its role and gives each one a description", () => {
    const rules = [...stack.ofType(INGRESS), ...stack.ofType(EGRESS)];
    expect(rules.map((rule) => rule.name).sort()).toEqual(
      firewallRules({ app: 8080, database: 5432, cache: 6379 })
        .map((rule) => `use1-a-fw-${rule.id}`)
        .sort(),
    );
    expect(
      rules.every((rule) => typeof rule.inputs.description === "string" && rule.inputs.description.length > 0),
    ).toBe(true);
  });

  it("parents and names every child under the component and tags groups and rules", () => {
    expectChildren(stack, "use1-a-fw");
    expect(expectCellTagsEverywhere(stack)).toBe(cloudResources(stack).length);
  });

  it("moves every rule with the configured ports", async () => {
    const custom = await firewallStack({ appPort: 9000, databasePort: 15432, cachePort: 16379 });
    const edge = prefixListOf(custom, "lb-in-https-edge");
    const checkers = prefixListOf(custom, "lb-in-https-health-checks");
    expect(ruleGraph(custom)).toEqual([
      "app egress tcp 15432 -> db",
      "app egress tcp 16379 -> cache",
      "app egress tcp 443 -> 0.0.0.0/0",
      "app ingress tcp 9000 <- lb",
      "cache ingress tcp 16379 <- app",
      "db ingress tcp 15432 <- app",
      "lb egress tcp 9000 -> app",
      `lb ingress tcp 443 <- ${edge}`,
      `lb-health ingress tcp 443 <- ${checkers}`,
    ]);
  });

  it("never opens the data tier or the app to an address range, whatever the ports (property)", () => {
    const port = fc.integer({ min: 1024, max: 65535 });
    fc.assert(
      fc.property(port, port, port, (app, database, cache) => {
        const rules = firewallRules({ app, database, cache });
        const open = rules.filter((rule) => !("group" in rule.peer));
        expect(
          open.every(
            (rule) =>
              ((rule.group === "loadBalancer" || rule.group === "healthChecks") && rule.direction === "ingress") ||
              rule.id === "app-out-https",
          ),
        ).toBe(true);
        expect(open.every((rule) => rule.port === 443)).toBe(true);
        // No address range reaches the load balancer: only the managed prefix lists of the edge and the checkers.
        expect(open.filter((rule) => rule.direction === "ingress").every((rule) => "prefixList" in rule.peer)).toBe(
          true,
        );
        const dataIngress = rules.filter(
          (rule) => (rule.group === "database" || rule.group === "cache") && rule.direction === "ingress",
        );
        expect(dataIngress.map((rule) => rule.peer)).toEqual([{ group: "app" }, { group: "app" }]);
        expect(
          rules
            .filter((rule) => rule.group === "database" || rule.group === "cache")
            .every((rule) => rule.direction === "ingress"),
        ).toBe(true);
        expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
      }),
    );
  });

  it("rejects missing VPC and out-of-range ports, naming each field", async () => {
    await expectArgsErrorInStack(
      (provider) =>
        new CellFirewall(
          "bad-fw",
          { cell: CELL, vpcId: "", appPort: 80, databasePort: 70000, cachePort: 6379.5 },
          { providers: { aws: provider } },
        ),
      ["vpcId", "appPort", "databasePort", "cachePort"],
    );
  });
});

describe("CellFirewall outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await firewallStack(), "use1-a-fw");
  });
});
