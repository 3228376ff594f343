import { describe, expect, it } from "vitest";
import type { CellIdentity } from "../../../components/lib/tags";
import { GlobalRouter, type GlobalRouterArgs, type GlobalRouterCell } from "../../../components/routing/global-router";
import { loadFleet } from "../../../fleet/load";
import type { CellState, Fleet } from "../../../fleet/schema";
import { loadTenants } from "../../../fleet/tenants";
import { buildGlobalStack } from "../../../program/global-stack";
import { edgeRouterSource } from "../../../components/routing/edge-router";
import type { JsonObject, PlannedResource } from "../../../tools/lib/plan-file";
import { synthesizeStack } from "../../../tools/plan/synthesize";
import { copyReferenceFleet, REFERENCE_CELLS_DIR } from "../../support/fleet-dir";
import { inspect, synthesize, type SynthesizedStack } from "../../support/synth";
import { arrayAt, expectArgsError, expectChildren, objectAt, taggableResources, textOf } from "../helpers";

const NAME = "global";
const DOMAIN = "storefront.example.com";
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/5f0c1a3e-9b7d-4c2e-8a61-3d4f7b2e9c10";
const ALB_ZONES: Record<string, string> = {
  "us-east-1": "Z35SXDOTRQ7X7K",
  "us-west-2": "Z1H1FL5HABSF5",
  "eu-west-1": "Z32O12XQLNTSW2",
  "ap-southeast-2": "Z1GM3OXH4ZPM65",
};
const HEALTH = "aws:route53/healthCheck:HealthCheck";
const RECORD = "aws:route53/record:Record";
/** The reference fleet's cells: 7 cells in 4 regions. */
const FLEET: [string, string][] = [
  ["apse2-a", "ap-southeast-2"],
  ["euw1-a", "eu-west-1"],
  ["euw1-b", "eu-west-1"],
  ["use1-a", "us-east-1"],
  ["use1-b", "us-east-1"],
  ["use1-c", "us-east-1"],
  ["usw2-a", "us-west-2"],
];

function routerCell(id: string, region: string, state: CellState = "active"): GlobalRouterCell {
  const cell: CellIdentity = { id, region, owner: "platform-team", tags: { "cost-center": "4410" } };
  return {
    cell,
    state,
    loadBalancer: { dnsName: `${id}-alb-0123456789.${region}.elb.amazonaws.com`, zoneId: ALB_ZONES[region] },
    healthCheckPath: "/health/deep",
  };
}

function routerArgs(
  states: Record<string, CellState> = {},
  overrides: Partial<GlobalRouterArgs> = {},
): GlobalRouterArgs {
  const cells = FLEET.map(([id, region]) => routerCell(id, region, states[id] ?? "active"));
  const serving = cells.filter((cell) => cell.state === "active").map((cell) => cell.cell.id);
  return {
    domain: DOMAIN,
    defaultRegion: "us-east-1",
    owner: "platform-team",
    cells,
    tenantCells: Object.fromEntries(
      ["acme", "globex", "initech", "umbrella"].map((tenant, index) => [tenant, serving[index % serving.length]]),
    ),
    edgeCertificateArn: CERTIFICATE,
    healthCheck: { intervalSeconds: 10, failureThreshold: 2, regions: ["us-east-1", "us-west-2", "eu-west-1"] },
    protectZone: false,
    ...overrides,
  };
}

function synthesizeRouter(args: GlobalRouterArgs): Promise<SynthesizedStack> {
  return synthesize((provider) => {
    const router = new GlobalRouter(NAME, args, { providers: { aws: provider } });
    return { endpoint: router.endpoint, failoverRegion: router.plan.failover.secondaryRegion };
  });
}

function aliasOf(record: PlannedResource): JsonObject {
  return objectAt(arrayAt(record.inputs.aliases)[0]);
}

function recordsNamed(stack: SynthesizedStack, name: string): PlannedResource[] {
  return stack.ofType(RECORD).filter((record) => record.inputs.name === name);
}

/** Every alias to a name in our zone points at a name that has records, at least one of them weighted above 0. */
function expectAliasTargetsAnswerable(stack: SynthesizedStack, zoneId: string): void {
  for (const record of stack.ofType(RECORD)) {
    const alias = aliasOf(record);
    if (alias.zoneId !== zoneId) continue;
    const targets = recordsNamed(stack, textOf(alias.name));
    expect(targets.length, `${record.name} → ${textOf(alias.name)}`).toBeGreaterThan(0);
    const weights = targets.flatMap((target) =>
      target.inputs.weightedRoutingPolicies
        ? [Number(objectAt(arrayAt(target.inputs.weightedRoutingPolicies)[0]).weight)]
        : [],
    );
    if (weights.length > 0) expect(Math.max(...weights), `${record.name} → ${textOf(alias.name)}`).toBeGreaterThan(0);
  }
}

describe("GlobalRouter over the reference fleet", async () => {
  const stack = await synthesizeRouter(routerArgs());
  const zone = stack.one("aws:route53/zone:Zone");
  const ourZone = textOf(aliasOf(stack.named(`${NAME}-latency-us-east-1`)).zoneId);

  it("creates the hosted zone for the domain and keeps every record in it", () => {
    expect(zone.inputs).toMatchObject({
      name: DOMAIN,
      tags: { "managed-by": "cellplane", "cellplane:owner": "platform-team" },
    });
    expect(new Set(stack.ofType(RECORD).map((record) => record.inputs.zoneId))).toEqual(new Set([ourZone]));
    expect(ourZone).toMatch(/^Z[A-Z0-9]+$/);
  });

  it("checks every cell's load balancer on its deep health path over HTTPS, tagged as the cell's", () => {
    const checks = stack.ofType(HEALTH);
    expect(checks.map((check) => check.name).sort()).toEqual(FLEET.map(([id]) => `${NAME}-health-${id}`));
    for (const [id, region] of FLEET) {
      expect(stack.named(`${NAME}-health-${id}`).inputs).toEqual({
        type: "HTTPS",
        fqdn: `${id}-alb-0123456789.${region}.elb.amazonaws.com`,
        port: 443,
        resourcePath: "/health/deep",
        enableSni: true,
        requestInterval: 10,
        failureThreshold: 2,
        regions: ["us-east-1", "us-west-2", "eu-west-1"],
        measureLatency: true,
        tags: {
          "cost-center": "4410",
          Name: `${id} deep health`,
          "cellplane:cell": id,
          "cellplane:region": region,
          "cellplane:owner": "platform-team",
          "managed-by": "cellplane",
        },
      });
    }
  });

  it("gives each cell one weighted record in its region's set, tied to its health check, aliased to its ALB", () => {
    for (const [id, region] of FLEET) {
      const record = stack.named(`${NAME}-weighted-${id}`);
      expect(record.inputs).toMatchObject({
        name: `${region}.regions.${DOMAIN}`,
        type: "A",
        setIdentifier: id,
        weightedRoutingPolicies: [{ weight: 100 }],
      });
      expect(record.inputs.healthCheckId).toMatch(new RegExp(`^${NAME}-health-${id}-`));
      expect(aliasOf(record)).toEqual({
        name: `${id}-alb-0123456789.${region}.elb.amazonaws.com`,
        zoneId: ALB_ZONES[region],
        evaluateTargetHealth: true,
      });
    }
    expect(stack.ofType(RECORD).filter((record) => record.inputs.weightedRoutingPolicies)).toHaveLength(FLEET.length);
  });

  it("routes by latency across the four regions, each record waiting for its region's weighted set", () => {
    const latency = stack.ofType(RECORD).filter((record) => record.inputs.latencyRoutingPolicies);
    expect(latency.map((record) => record.inputs.setIdentifier).sort()).toEqual([
      "ap-southeast-2",
      "eu-west-1",
      "us-east-1",
      "us-west-2",
    ]);
    for (const record of latency) {
      const region = textOf(record.inputs.setIdentifier);
      expect(record.inputs).toMatchObject({ name: `regions.${DOMAIN}`, latencyRoutingPolicies: [{ region }] });
      expect(aliasOf(record)).toEqual({
        name: `${region}.regions.${DOMAIN}`,
        zoneId: ourZone,
        evaluateTargetHealth: true,
      });
      const weighted = FLEET.filter(([, cellRegion]) => cellRegion === region).map(
        ([id]) => stack.named(`${NAME}-weighted-${id}`).urn,
      );
      expect(record.dependencies).toEqual(expect.arrayContaining(weighted));
    }
  });

  it("fails over from the latency set to the default region's cells", () => {
    const [primary, secondary] = [stack.named(`${NAME}-failover-primary`), stack.named(`${NAME}-failover-secondary`)];
    expect(primary.inputs).toMatchObject({
      name: `origin.${DOMAIN}`,
      setIdentifier: "primary",
      failoverRoutingPolicies: [{ type: "PRIMARY" }],
    });
    expect(aliasOf(primary)).toEqual({ name: `regions.${DOMAIN}`, zoneId: ourZone, evaluateTargetHealth: true });
    expect(secondary.inputs).toMatchObject({
      name: `origin.${DOMAIN}`,
      setIdentifier: "secondary",
      failoverRoutingPolicies: [{ type: "SECONDARY" }],
    });
    expect(aliasOf(secondary)).toEqual({
      name: `us-east-1.regions.${DOMAIN}`,
      zoneId: ourZone,
      evaluateTargetHealth: false,
    });
    expectAliasTargetsAnswerable(stack, ourZone);
  });

  it("gives every cell a direct host name <cell>.cells.<domain>, and every routing record a set identifier", () => {
    for (const [id] of FLEET) {
      expect(stack.named(`${NAME}-cell-${id}`).inputs).toMatchObject({ name: `${id}.cells.${DOMAIN}`, type: "A" });
    }
    const routed = stack
      .ofType(RECORD)
      .filter(
        (record) =>
          record.inputs.weightedRoutingPolicies ||
          record.inputs.latencyRoutingPolicies ||
          record.inputs.failoverRoutingPolicies,
      );
    expect(routed.every((record) => typeof record.inputs.setIdentifier === "string")).toBe(true);
  });

  it("publishes the tenant map to a KeyValueStore read by the edge router function on CloudFront", () => {
    const entries = arrayAt(
      stack.one("aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive").inputs.resourceKeyValuePairs,
    ).map(objectAt);
    expect(entries.filter((entry) => textOf(entry.key).startsWith("cell:"))).toHaveLength(FLEET.length);
    expect(entries).toContainEqual({ key: "tenant:acme", value: "apse2-a" });
    const fn = stack.one("aws:cloudfront/function:Function");
    expect(fn.inputs).toMatchObject({ runtime: "cloudfront-js-2.0", code: edgeRouterSource(), publish: true });
    expect(arrayAt(fn.inputs.keyValueStoreAssociations)).toHaveLength(1);
    const distribution = stack.one("aws:cloudfront/distribution:Distribution").inputs;
    expect(distribution).toMatchObject({
      aliases: [`app.${DOMAIN}`, `*.tenants.${DOMAIN}`],
      viewerCertificate: {
        acmCertificateArn: CERTIFICATE,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: "TLSv1.2_2021",
      },
      defaultCacheBehavior: {
        viewerProtocolPolicy: "https-only",
        functionAssociations: [{ eventType: "viewer-request" }],
      },
      origins: [
        {
          domainName: `origin.${DOMAIN}`,
          customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"] },
        },
      ],
    });
    expect(
      recordsNamed(stack, `app.${DOMAIN}`)
        .map((record) => record.inputs.type)
        .sort(),
    ).toEqual(["A", "AAAA"]);
  });

  it("parents every resource to the component with ${name}-<role> names, and tags what takes tags", () => {
    const roles = [
      "zone",
      "routing-map",
      "routing-entries",
      "edge-router",
      "edge",
      "failover-primary",
      "failover-secondary",
      "edge-app-a",
      "edge-app-aaaa",
      "edge-tenants-a",
      "edge-tenants-aaaa",
      ...FLEET.flatMap(([id, region]) => [`health-${id}`, `cell-${id}`, `weighted-${id}`, `latency-${region}`]),
    ];
    expectChildren(stack, NAME, [...new Set(roles)]);
    for (const resource of taggableResources(stack)) {
      expect(objectAt(resource.inputs.tags)["managed-by"], resource.name).toBe("cellplane");
    }
  });
});

describe("GlobalRouter and cell states", () => {
  it(
    "weights a draining cell 0 and keeps its health " + "check; an evacuated cell gets no records and no check",
    async () => {
      const stack = await synthesizeRouter(routerArgs({ "use1-b": "draining", "use1-c": "evacuated" }));
      expect(stack.named(`${NAME}-weighted-use1-b`).inputs.weightedRoutingPolicies).toEqual([{ weight: 0 }]);
      expect(stack.named(`${NAME}-health-use1-b`).inputs.type).toBe("HTTPS");
      expect(stack.plan.resources.filter((resource) => resource.name.endsWith("use1-c"))).toEqual([]);
      expect(stack.ofType(HEALTH)).toHaveLength(6);
      expect(
        JSON.stringify(stack.one("aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive").inputs),
      ).not.toContain("use1-c");
    },
  );

  it(
    "evacuating a region shifts its weight away: no latency " +
      "record sends traffic there, and the failover stays valid",
    async () => {
      const stack = await synthesizeRouter(routerArgs({ "euw1-a": "evacuated", "euw1-b": "draining" }));
      const latency = stack.ofType(RECORD).filter((record) => record.inputs.latencyRoutingPolicies);
      expect(latency.map((record) => record.inputs.setIdentifier).sort()).toEqual([
        "ap-southeast-2",
        "us-east-1",
        "us-west-2",
      ]);
      expect(recordsNamed(stack, `eu-west-1.regions.${DOMAIN}`)).toEqual([]);
      expect(stack.named(`${NAME}-cell-euw1-b`).inputs.name).toBe(`euw1-b.cells.${DOMAIN}`);
      const ourZone = textOf(aliasOf(stack.named(`${NAME}-failover-primary`)).zoneId);
      expectAliasTargetsAnswerable(stack, ourZone);
    },
  );

  it("evacuating the default region moves the failover to the region with the most active cells", async () => {
    const stack = await synthesizeRouter(
      routerArgs({ "use1-a": "evacuated", "use1-b": "evacuated", "use1-c": "draining" }),
    );
    expect(aliasOf(stack.named(`${NAME}-failover-secondary`)).name).toBe(`eu-west-1.regions.${DOMAIN}`);
    expect(stack.named(`${NAME}-failover-secondary`).dependencies).toEqual(
      expect.arrayContaining([stack.named(`${NAME}-weighted-euw1-a`).urn, stack.named(`${NAME}-weighted-euw1-b`).urn]),
    );
    expectAliasTargetsAnswerable(stack, textOf(aliasOf(stack.named(`${NAME}-failover-primary`)).zoneId));
  });

  it("uses an existing hosted zone instead of creating one", async () => {
    const stack = await synthesizeRouter(routerArgs({}, { hostedZoneId: "Z0123456789ABCDEFGHIJ" }));
    expect(stack.ofType("aws:route53/zone:Zone")).toEqual([]);
    expect(new Set(stack.ofType(RECORD).map((record) => record.inputs.zoneId))).toEqual(
      new Set(["Z0123456789ABCDEFGHIJ"]),
    );
  });

  it("protects a zone it creates by default", async () => {
    const { protectZone: _unused, ...defaults } = routerArgs();
    void _unused;
    const stack = await synthesizeRouter(defaults);
    expect(stack.one("aws:route53/zone:Zone").protect).toBe(true);
  });
});

describe("GlobalRouter arguments", () => {
  const build = (args: GlobalRouterArgs) => () => new GlobalRouter(NAME, args);

  it("needs an active cell, load balancers for serving cells, and tenants only on serving cells", () => {
    const allDraining = Object.fromEntries(FLEET.map(([id]) => [id, "draining" as const]));
    expectArgsError(build(routerArgs(allDraining)), ["no active cell"]);
    const { loadBalancer: _unused, ...withoutLb } = routerCell("use1-a", "us-east-1");
    void _unused;
    expectArgsError(
      build(routerArgs({}, { cells: [withoutLb, routerCell("use1-b", "us-east-1")], tenantCells: { acme: "use1-z" } })),
      ["use1-a is active but has no loadBalancer", "acme → use1-z"],
    );
  });

  it("freezes only tenants it routes", () => {
    expectArgsError(build(routerArgs({}, { frozenTenants: ["acme", "nobody"] })), [
      "frozenTenants nobody are not in tenantCells",
    ]);
  });

  it("checks health check settings, the certificate, the zone id and the weight", () => {
    expectArgsError(
      build(
        routerArgs(
          {},
          {
            healthCheck: { intervalSeconds: 15, failureThreshold: 11, regions: ["us-east-1", "eu-central-1"] },
            edgeCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc",
            hostedZoneId: "zone-1",
            activeWeight: 300,
          },
        ),
      ),
      [
        "healthCheck.intervalSeconds",
        "healthCheck.failureThreshold",
        "at least 3",
        "eu-central-1 are not Route 53 checker regions",
        "in us-east-1",
        "hostedZoneId",
        "activeWeight",
      ],
    );
  });
});

const REGION_EDGE_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/837823e3-c88c-4d0c-8000-78b0b6e9a61e";

describe("the global stack program (buildGlobalStack)", () => {
  const config = { "aws:region": "us-east-1", "cellplane:edgeCertificateArn": CERTIFICATE };

  /** The outputs a deployed cell stack exports, keyed by stack name, for the StackReferences. */
  function cellStackOutputs(fleet: Fleet): Map<string, JsonObject> {
    return new Map([
      // The bootstrap stacks: the routing zone (account) and the edge certificate (region-us-east-1).
      ["account", { hostedZoneId: "Z0ACCOUNTZONE" }],
      ["region-us-east-1", { edgeCertificateArn: REGION_EDGE_CERTIFICATE }],
      ...fleet.cells.map((cell): [string, JsonObject] => [
        `cell-${cell.id}`,
        {
          cellId: cell.id,
          region: cell.region,
          state: cell.state,
          loadBalancerDnsName: `${cell.id}-alb-0123456789.${cell.region}.elb.amazonaws.com`,
          loadBalancerZoneId: ALB_ZONES[cell.region],
          healthCheckPath: cell.app.healthCheckPath,
        },
      ]),
    ]);
  }

  async function planGlobal(
    fleet: Fleet,
    options: { config?: Record<string, string>; stackOutputs?: Map<string, JsonObject> } = {},
  ): Promise<SynthesizedStack> {
    const tenants = loadTenants(fleet);
    const plan = await synthesizeStack({
      project: "cellplane",
      stack: "global",
      config: { ...config, ...options.config },
      program: () => ({ ...buildGlobalStack(fleet, tenants) }),
      stackOutputs: options.stackOutputs ?? cellStackOutputs(fleet),
    });
    return inspect(plan);
  }

  it("reads the zone from the account stack, and the edge certificate from region-us-east-1 by default", async () => {
    const fleet = loadFleet(REFERENCE_CELLS_DIR);
    const stack = await planGlobal(fleet, { config: { "cellplane:edgeCertificateArn": "" } });
    expect(stack.ofType("aws:route53/zone:Zone")).toEqual([]);
    expect(new Set(stack.ofType(RECORD).map((record) => record.inputs.zoneId))).toEqual(new Set(["Z0ACCOUNTZONE"]));
    const distribution = stack.one("aws:cloudfront/distribution:Distribution");
    expect(JSON.stringify(distribution.inputs.viewerCertificate)).toContain(REGION_EDGE_CERTIFICATE);
  });

  it(
    "plans the reference fleet: one health check and one " +
      "weighted record per cell, latency per region, a valid failover",
    async () => {
      const fleet = loadFleet(REFERENCE_CELLS_DIR);
      const stack = await planGlobal(fleet);
      expect(stack.ofType(HEALTH)).toHaveLength(fleet.cells.length);
      expect(stack.ofType(RECORD).filter((record) => record.inputs.weightedRoutingPolicies)).toHaveLength(
        fleet.cells.length,
      );
      expect(stack.ofType(RECORD).filter((record) => record.inputs.latencyRoutingPolicies)).toHaveLength(
        new Set(fleet.cells.map((cell) => cell.region)).size,
      );
      expect(stack.named("global-health-euw1-a").inputs).toMatchObject({
        fqdn: "euw1-a-alb-0123456789.eu-west-1.elb.amazonaws.com",
        resourcePath: "/health/deep",
        requestInterval: 30,
        failureThreshold: 3,
      });
      expect(aliasOf(stack.named("global-weighted-euw1-a")).zoneId).toBe(ALB_ZONES["eu-west-1"]);
      expectAliasTargetsAnswerable(stack, textOf(aliasOf(stack.named("global-failover-primary")).zoneId));
      expect(stack.plan.outputs).toMatchObject({
        endpoint: `app.${fleet.routing.domain}`,
        origin: `origin.${fleet.routing.domain}`,
        failoverRegion: "us-east-1",
        cellStacks: { "use1-a": "organization/cellplane/cell-use1-a" },
      });
      const tenantEntries = arrayAt(
        stack.one("aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive").inputs.resourceKeyValuePairs,
      ).filter((entry) => textOf(objectAt(entry).key).startsWith("tenant:"));
      expect(tenantEntries).toHaveLength(loadTenants(fleet).tenants.length);
    },
  );

  it("reads no stack for an evacuated cell, and names cell stacks with cellplane:cellStackPrefix", async () => {
    const temp = copyReferenceFleet();
    try {
      temp.edit("use1-c.yaml", (cell) => (cell.state = "evacuated"));
      const fleet = loadFleet(temp.cellsDir);
      const outputs = cellStackOutputs(fleet);
      outputs.delete("cell-use1-c");
      const stack = await planGlobal(fleet, {
        stackOutputs: outputs,
        config: { "cellplane:cellStackPrefix": "acme/cellplane/cell-" },
      });
      expect(stack.plan.resources.filter((resource) => resource.name.endsWith("use1-c"))).toEqual([]);
      expect(objectAt(stack.plan.outputs.cellStacks)).toEqual(
        Object.fromEntries(
          fleet.cells.filter((cell) => cell.id !== "use1-c").map((cell) => [cell.id, `acme/cellplane/cell-${cell.id}`]),
        ),
      );
      expect(objectAt(stack.plan.outputs.tenantsPerCell)["use1-c"]).toBe(0);
    } finally {
      temp.cleanup();
    }
  });

  it("refuses to deploy when a tenant cannot be placed, naming it, before it creates anything", () => {
    const temp = copyReferenceFleet();
    try {
      temp.edit("tenants.yaml", (document) => (document.tenants as unknown[]).push({ id: "whale", weight: 900 }));
      const fleet = loadFleet(temp.cellsDir);
      expect(() => buildGlobalStack(fleet, loadTenants(fleet))).toThrow(
        /nothing was written:\n[\s\S]*tenants\.yaml: tenants\[id: whale\]: cannot be placed.*every eligible cell/,
      );
    } finally {
      temp.cleanup();
    }
  });
});
