/**
 * GlobalRouter: the routing layer that presents the fleet as one endpoint. Route 53 holds a deep HTTPS health
 * check per serving cell, a direct name per cell, weighted sets per region (draining cells weight 0), latency
 * records across the regions that have an active cell, and a fleet-wide failover to the default region. At the
 * edge, CloudFront runs the tenant router (`components/routing/edge-function.js`), which reads the tenant → cell
 * map from a KeyValueStore and sends each request to its tenant's cell. The record layout is planned by
 * `components/routing/routing-plan.ts`; this component only turns that plan into resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CellState } from "../../fleet/schema";
import { edgeRouterSource, EDGE_ROUTER_RUNTIME, TENANT_HEADER } from "./edge-router";
import {
  DOMAIN_NAME,
  HEALTH_CHECK_FAILURE_THRESHOLD,
  HEALTH_CHECK_INTERVALS,
  HOSTED_ZONE_ID,
  isTeamName,
  MIN_CHECKER_REGIONS,
  REGION_PATTERN,
  ROUTE53_CHECKER_REGIONS,
} from "../../fleet/limits";
import { cellTags, routingTags, type CellIdentity } from "../lib/tags";
import { CELL_COMPONENT_PREFIX, ROUTING_COMPONENT_PREFIX } from "../lib/tokens";
import {
  cellIdentityRules,
  integerInRange,
  knownStringRule,
  matches,
  oneOf,
  validateArgs,
  type ArgRule,
} from "../lib/validation";
import { planRoutes, routingMapEntries, routingNames, type RoutingPlan } from "./routing-plan";

const COMPONENT = "GlobalRouter";
/** The router's type token. It belongs to no cell, so it is not under `cellplane:cell`. */
export const GLOBAL_ROUTER_TYPE = `${ROUTING_COMPONENT_PREFIX}:${COMPONENT}`;
/**
 * The type token stacks deployed before the rename recorded. The alias tells the engine that the router (and, by
 * inheritance, every child under it) is the same resource under its new type, so nothing is replaced.
 */
export const LEGACY_GLOBAL_ROUTER_TYPE = `${CELL_COMPONENT_PREFIX}:${COMPONENT}`;
/** CloudFront managed policies: no caching (every request is routed), and all viewer headers but Host forwarded. */
const CACHING_DISABLED_POLICY = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
const ALL_VIEWER_EXCEPT_HOST_POLICY = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const FLEET_ORIGIN_ID = "fleet";
export const EDGE_CERTIFICATE_ARN = {
  pattern: /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[A-Za-z0-9-]+$/,
  shape: "an ACM certificate ARN in us-east-1 (CloudFront only uses certificates there)",
};
/** Route 53 record weights. */
const ACTIVE_WEIGHT = { min: 1, max: 255 };

/** A cell as the router sees it. */
export interface GlobalRouterCell {
  /** The cell: its id names its records, its identity tags its health check. */
  cell: CellIdentity;
  /** `active` cells take new traffic, `draining` ones weight 0, `evacuated` ones get no records at all. */
  state: CellState;
  /** The cell's load balancer (`loadBalancerDnsName`, `loadBalancerZoneId` outputs). Required unless evacuated. */
  loadBalancer?: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> };
  /** Deep health path the health check requests over HTTPS. Default `/health/deep`. */
  healthCheckPath?: pulumi.Input<string>;
}

export interface GlobalRouterArgs {
  /** DNS domain fronting the fleet, e.g. `storefront.example.com`. */
  domain: string;
  /** Existing public hosted zone for `domain`. Default: the router creates the zone (and protects it). */
  hostedZoneId?: pulumi.Input<string>;
  /** Region whose cells take all traffic when the latency set has no healthy answer. */
  defaultRegion: string;
  /** Every cell of the fleet. At least one must be active. */
  cells: GlobalRouterCell[];
  /** Tenant id → id of its (active or draining) cell: the placement, published to the edge router. */
  tenantCells: Record<string, string>;
  /**
   * Tenants of `tenantCells` whose move is in its final sync: their entry is published frozen and the edge answers
   * `503` with `retry-after` until a later map flips them. Default none.
   */
  frozenTenants?: string[];
  /** ACM certificate in us-east-1 for `app.<domain>` and `*.tenants.<domain>` (CloudFront only uses us-east-1). */
  edgeCertificateArn: pulumi.Input<string>;
  /** Team that owns the routing layer (tag `cellplane:owner` on resources not tied to one cell). */
  owner: string;
  /** Health check settings. Defaults: every 30 s, 3 failures, all Route 53 checker regions. */
  healthCheck?: {
    /** Seconds between checks: 10 (fast) or 30. Default 30. */
    intervalSeconds?: number;
    /** Consecutive failures (or successes) that flip the status, 1–10. Default 3. */
    failureThreshold?: number;
    /** Checker regions (at least 3, from {@link ROUTE53_CHECKER_REGIONS}). Default: all of them. */
    regions?: string[];
  };
  /** Route 53 weight of each active cell in its region, 1–255. Default 100 (traffic split evenly). */
  activeWeight?: number;
  /** Global AWS WAF web ACL (ARN) for the distribution. Default none. */
  webAclId?: pulumi.Input<string>;
  /** Pulumi `protect` on a zone the router creates. Default true: deleting it takes the whole domain offline. */
  protectZone?: boolean;
}

export interface GlobalRouterOutputs {
  /** The fleet's public endpoint, `app.<domain>`. */
  endpoint: string;
  /** The failover name behind the edge, `origin.<domain>`. */
  origin: string;
  zoneId: pulumi.Output<string>;
  /** Name servers to delegate the domain to, when the router created the zone. */
  nameServers?: pulumi.Output<string[]>;
  /** Region the fleet-wide failover sends traffic to. */
  failoverRegion: string;
  /** Regions taking latency-routed traffic (those with an active cell). */
  latencyRegions: string[];
  cellHostNames: Record<string, string>;
  healthCheckIds: Record<string, pulumi.Output<string>>;
  routingMapArn: pulumi.Output<string>;
  edgeDomainName: pulumi.Output<string>;
}

export class GlobalRouter extends pulumi.ComponentResource {
  /** The records' layout (names, weights, failover target) as planned from the cells' states. */
  readonly plan: RoutingPlan;
  readonly zone?: aws.route53.Zone;
  readonly zoneId: pulumi.Output<string>;
  /** Per serving cell (by id). */
  readonly healthChecks: Record<string, aws.route53.HealthCheck> = {};
  readonly cellRecords: Record<string, aws.route53.Record> = {};
  /** Per cell in a region with an active cell (by id). */
  readonly weightedRecords: Record<string, aws.route53.Record> = {};
  /** Per region with an active cell. */
  readonly latencyRecords: Record<string, aws.route53.Record> = {};
  readonly failoverRecords: { primary: aws.route53.Record; secondary: aws.route53.Record };
  readonly routingMap: aws.cloudfront.KeyValueStore;
  readonly routingMapEntries: aws.cloudfront.KeyvaluestoreKeysExclusive;
  readonly edgeFunction: aws.cloudfront.Function;
  readonly distribution: aws.cloudfront.Distribution;
  readonly edgeRecords: aws.route53.Record[];
  /** The fleet's public endpoint (`app.<domain>`; tenants also reach it as `<tenant>.tenants.<domain>`). */
  readonly endpoint: string;
  /** What the router exports: endpoints, the failover target, per-cell host names and health checks. */
  readonly outputs: GlobalRouterOutputs;

  constructor(name: string, args: GlobalRouterArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, globalRouterRules(args));
    super(GLOBAL_ROUTER_TYPE, name, {}, withLegacyTypeAlias(opts));
    this.plan = planRoutes({
      domain: args.domain,
      defaultRegion: args.defaultRegion,
      cells: args.cells.map(({ cell, state }) => ({ id: cell.id, region: cell.region, state })),
      activeWeight: args.activeWeight,
    });
    if (!this.plan.failover.secondaryIsDefaultRegion) {
      void pulumi.log.warn(
        `default region ${args.defaultRegion} has no active cell: the failover goes to ` +
          `${this.plan.failover.secondaryRegion} instead`,
        this,
      );
    }
    const tags = routingTags(args.owner);
    if (args.hostedZoneId === undefined) {
      this.zone = new aws.route53.Zone(
        `${name}-zone`,
        { name: args.domain, comment: `cellplane fleet ${args.domain}`, tags },
        { parent: this, protect: args.protectZone ?? true },
      );
    }
    this.zoneId = this.zone ? this.zone.zoneId : pulumi.output(args.hostedZoneId ?? "");
    const cellsById = new Map(args.cells.map((entry) => [entry.cell.id, entry]));
    for (const serving of this.plan.servingCells) {
      const cell = cellsById.get(serving.id)!;
      this.healthChecks[serving.id] = this.createHealthCheck(name, cell, args);
      this.cellRecords[serving.id] = this.aliasRecord(
        `${name}-cell-${serving.id}`,
        serving.hostName,
        loadBalancerOf(cell),
        { evaluateTargetHealth: false },
      );
    }
    for (const route of this.plan.weighted) {
      this.weightedRecords[route.cellId] = this.aliasRecord(
        `${name}-weighted-${route.cellId}`,
        route.name,
        loadBalancerOf(cellsById.get(route.cellId)!),
        {
          setIdentifier: route.cellId,
          weightedRoutingPolicies: [{ weight: route.weight }],
          healthCheckId: this.healthChecks[route.cellId].id,
        },
      );
    }
    this.createLatencyRecords(name);
    this.failoverRecords = this.createFailoverRecords(name);
    this.routingMap = new aws.cloudfront.KeyValueStore(
      `${name}-routing-map`,
      { comment: `cellplane tenant -> cell map for ${args.domain}`, tags },
      { parent: this },
    );
    this.routingMapEntries = new aws.cloudfront.KeyvaluestoreKeysExclusive(
      `${name}-routing-entries`,
      {
        keyValueStoreArn: this.routingMap.arn,
        resourceKeyValuePairs: routingMapEntries(this.plan, args.tenantCells, new Set(args.frozenTenants ?? [])),
      },
      { parent: this },
    );
    this.edgeFunction = new aws.cloudfront.Function(
      `${name}-edge-router`,
      {
        runtime: EDGE_ROUTER_RUNTIME,
        comment: `Routes each request to its tenant's cell (${TENANT_HEADER} header or <tenant>.tenants host)`,
        code: edgeRouterSource(),
        keyValueStoreAssociations: [this.routingMap.arn],
        publish: true,
        tags,
      },
      { parent: this, dependsOn: [this.routingMapEntries] },
    );
    this.distribution = this.createDistribution(name, args, tags);
    this.endpoint = routingNames.app(args.domain);
    this.edgeRecords = this.createEdgeRecords(name, args.domain);

    this.outputs = {
      zoneId: this.zoneId,
      ...(this.zone ? { nameServers: this.zone.nameServers } : {}),
      endpoint: this.endpoint,
      origin: this.plan.failover.name,
      failoverRegion: this.plan.failover.secondaryRegion,
      latencyRegions: this.plan.latency.map((route) => route.region),
      cellHostNames: Object.fromEntries(this.plan.servingCells.map((cell) => [cell.id, cell.hostName])),
      healthCheckIds: Object.fromEntries(
        Object.entries(this.healthChecks).map(([cellId, check]) => [cellId, check.id]),
      ),
      routingMapArn: this.routingMap.arn,
      edgeDomainName: this.distribution.domainName,
    };
    this.registerOutputs(this.outputs);
  }

  private createHealthCheck(name: string, entry: GlobalRouterCell, args: GlobalRouterArgs): aws.route53.HealthCheck {
    return new aws.route53.HealthCheck(
      `${name}-health-${entry.cell.id}`,
      {
        type: "HTTPS",
        fqdn: loadBalancerOf(entry).dnsName,
        port: 443,
        resourcePath: entry.healthCheckPath ?? "/health/deep",
        enableSni: true,
        requestInterval: args.healthCheck?.intervalSeconds ?? 30,
        failureThreshold: args.healthCheck?.failureThreshold ?? 3,
        regions: args.healthCheck?.regions,
        measureLatency: true,
        tags: cellTags(entry.cell, { Name: `${entry.cell.id} deep health` }),
      },
      { parent: this },
    );
  }

  /** An `A` alias record in the zone; `target.zoneId` is the target's own hosted zone (the ALB's, or ours). */
  private aliasRecord(
    resourceName: string,
    recordName: string,
    target: { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> },
    extra: { evaluateTargetHealth?: boolean } & Partial<aws.route53.RecordArgs>,
    dependsOn: pulumi.Resource[] = [],
  ): aws.route53.Record {
    const { evaluateTargetHealth = true, ...policy } = extra;
    return new aws.route53.Record(
      resourceName,
      {
        ...policy,
        zoneId: this.zoneId,
        name: recordName,
        type: "A",
        aliases: [{ name: target.dnsName, zoneId: target.zoneId, evaluateTargetHealth }],
      },
      { parent: this, dependsOn },
    );
  }

  /** Latency records across regions; each waits for its region's weighted set, which Route 53 requires to exist. */
  private createLatencyRecords(name: string): void {
    for (const route of this.plan.latency) {
      const regionRecords = this.plan.weighted
        .filter((weighted) => weighted.region === route.region)
        .map((weighted) => this.weightedRecords[weighted.cellId]);
      this.latencyRecords[route.region] = this.aliasRecord(
        `${name}-latency-${route.region}`,
        route.name,
        { dnsName: route.target, zoneId: this.zoneId },
        {
          setIdentifier: route.region,
          latencyRoutingPolicies: [{ region: route.region }],
        },
        regionRecords,
      );
    }
  }

  /** Primary: the latency set (healthy if any region is). Secondary: the default region, always answered. */
  private createFailoverRecords(name: string): { primary: aws.route53.Record; secondary: aws.route53.Record } {
    const { failover } = this.plan;
    const secondaryRecords = this.plan.weighted
      .filter((weighted) => weighted.region === failover.secondaryRegion)
      .map((weighted) => this.weightedRecords[weighted.cellId]);
    return {
      primary: this.aliasRecord(
        `${name}-failover-primary`,
        failover.name,
        { dnsName: failover.primaryTarget, zoneId: this.zoneId },
        {
          setIdentifier: "primary",
          failoverRoutingPolicies: [{ type: "PRIMARY" }],
        },
        Object.values(this.latencyRecords),
      ),
      secondary: this.aliasRecord(
        `${name}-failover-secondary`,
        failover.name,
        { dnsName: failover.secondaryTarget, zoneId: this.zoneId },
        {
          setIdentifier: "secondary",
          failoverRoutingPolicies: [{ type: "SECONDARY" }],
          evaluateTargetHealth: false,
        },
        secondaryRecords,
      ),
    };
  }

  private createDistribution(
    name: string,
    args: GlobalRouterArgs,
    tags: Record<string, string>,
  ): aws.cloudfront.Distribution {
    return new aws.cloudfront.Distribution(
      `${name}-edge`,
      {
        enabled: true,
        comment: `cellplane edge for ${args.domain}: routes each tenant to its cell`,
        aliases: [routingNames.app(args.domain), routingNames.tenants(args.domain)],
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        // The function sends every routed request to its cell; this origin only serves as the distribution's default.
        origins: [
          {
            originId: FLEET_ORIGIN_ID,
            domainName: this.plan.failover.name,
            customOriginConfig: {
              httpPort: 80,
              httpsPort: 443,
              originProtocolPolicy: "https-only",
              originSslProtocols: ["TLSv1.2"],
            },
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: FLEET_ORIGIN_ID,
          viewerProtocolPolicy: "https-only",
          allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: CACHING_DISABLED_POLICY,
          originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_POLICY,
          compress: true,
          functionAssociations: [{ eventType: "viewer-request", functionArn: this.edgeFunction.arn }],
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
          acmCertificateArn: args.edgeCertificateArn,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: "TLSv1.2_2021",
        },
        webAclId: args.webAclId,
        tags,
      },
      { parent: this },
    );
  }

  /** `app.<domain>` and `*.tenants.<domain>` point at the distribution, over IPv4 and IPv6. */
  private createEdgeRecords(name: string, domain: string): aws.route53.Record[] {
    const target = {
      name: this.distribution.domainName,
      zoneId: this.distribution.hostedZoneId,
      evaluateTargetHealth: false,
    };
    const hosts = [
      { role: "app", recordName: routingNames.app(domain) },
      { role: "tenants", recordName: routingNames.tenants(domain) },
    ];
    return hosts.flatMap(({ role, recordName }) =>
      (["A", "AAAA"] as const).map(
        (type) =>
          new aws.route53.Record(
            `${name}-edge-${role}-${type.toLowerCase()}`,
            { zoneId: this.zoneId, name: recordName, type, aliases: [target] },
            { parent: this },
          ),
      ),
    );
  }
}

/** The caller's options with the legacy type alias added (keeping any aliases the caller gave). */
function withLegacyTypeAlias(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ComponentResourceOptions {
  return { ...opts, aliases: [...(opts?.aliases ?? []), { type: LEGACY_GLOBAL_ROUTER_TYPE }] };
}

function loadBalancerOf(entry: GlobalRouterCell): { dnsName: pulumi.Input<string>; zoneId: pulumi.Input<string> } {
  if (!entry.loadBalancer) {
    throw new Error(`cell ${entry.cell.id} has no loadBalancer`); // unreachable: the argument rules require it
  }
  return entry.loadBalancer;
}

function globalRouterRules(args: GlobalRouterArgs): ArgRule[] {
  const cells = args.cells ?? [];
  const ids = cells.map((entry) => entry.cell?.id);
  const stateById = new Map(cells.map((entry) => [entry.cell?.id, entry.state]));
  const misrouted = Object.entries(args.tenantCells ?? {}).filter(
    ([, cell]) => !["active", "draining"].includes(stateById.get(cell) ?? "missing"),
  );
  const strayFrozen = (args.frozenTenants ?? []).filter((tenant) => !Object.hasOwn(args.tenantCells ?? {}, tenant));
  const checkerRegions = args.healthCheck?.regions;
  const unknownCheckers = (checkerRegions ?? []).filter(
    (region) => !(ROUTE53_CHECKER_REGIONS as readonly string[]).includes(region),
  );
  const certificate = args.edgeCertificateArn;
  return [
    matches("domain", args.domain ?? "", DOMAIN_NAME),
    matches("defaultRegion", args.defaultRegion ?? "", { pattern: REGION_PATTERN, shape: "an AWS region name" }),
    { ok: isTeamName(args.owner ?? ""), problem: "owner must name the team that owns the routing layer" },
    {
      ok: cells.some((entry) => entry.state === "active"),
      problem: "cells has no active cell: at least one active cell must take the fleet's traffic",
    },
    {
      ok: new Set(ids).size === ids.length,
      problem:
        `cells lists a cell twice (${ids.filter((id, index) => ids.indexOf(id) !== index).join(", ")}); list ` +
        `each cell once`,
    },
    ...cells.flatMap((entry) => cellIdentityRules(entry.cell)),
    ...cells
      .filter((entry) => entry.state !== "evacuated" && !entry.loadBalancer)
      .map((entry) => ({
        ok: false,
        problem:
          `cells ${entry.cell.id} is ${entry.state} but has no loadBalancer: pass its stack's ` +
          `loadBalancerDnsName and loadBalancerZoneId`,
      })),
    {
      ok: misrouted.length === 0,
      problem: `tenantCells sends ${misrouted
        .map(([tenant, cell]) => `${tenant} → ${cell}`)
        .slice(0, 5)
        .join(", ")} to a cell that is not active or draining; place tenants with placeTenants`,
    },
    {
      ok: strayFrozen.length === 0,
      problem: `frozenTenants ${strayFrozen.slice(0, 5).join(", ")} are not in tenantCells; freeze only placed tenants`,
    },
    ...(args.healthCheck?.intervalSeconds === undefined
      ? []
      : [oneOf("healthCheck.intervalSeconds", args.healthCheck.intervalSeconds, HEALTH_CHECK_INTERVALS)]),
    ...(args.healthCheck?.failureThreshold === undefined
      ? []
      : [
          integerInRange(
            "healthCheck.failureThreshold",
            args.healthCheck.failureThreshold,
            HEALTH_CHECK_FAILURE_THRESHOLD,
          ),
        ]),
    {
      ok: checkerRegions === undefined || new Set(checkerRegions).size >= MIN_CHECKER_REGIONS,
      problem:
        `healthCheck.regions lists ${checkerRegions?.length} distinct region(s); Route 53 needs at least ` +
        `${MIN_CHECKER_REGIONS}`,
    },
    {
      ok: unknownCheckers.length === 0,
      problem:
        `healthCheck.regions ${unknownCheckers.join(", ")} are not Route 53 checker regions; use ` +
        `${ROUTE53_CHECKER_REGIONS.join(", ")}`,
    },
    ...(args.activeWeight === undefined ? [] : [integerInRange("activeWeight", args.activeWeight, ACTIVE_WEIGHT)]),
    {
      ok: certificate !== undefined && certificate !== "",
      problem:
        "edgeCertificateArn is required: an ACM certificate in us-east-1 for app.<domain> and *.tenants.<domain>",
    },
    ...knownStringRule("edgeCertificateArn", certificate, EDGE_CERTIFICATE_ARN),
    ...knownStringRule("hostedZoneId", args.hostedZoneId, HOSTED_ZONE_ID),
  ];
}
