/**
 * CellFirewall: the cell's security groups and every rule between them, in one place. Traffic flows
 * internet → load balancer → app → database / cache and nowhere else; the app may also reach AWS APIs over HTTPS
 * through the NAT gateways. Groups carry no inline rules: each rule is its own resource, so the database and cache
 * can take the app group before compute exists, and a rule change never replaces a group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { APP_PORT } from "../../fleet/limits";
import { cellTags, type CellIdentity } from "../lib/tags";
import { CLOUDFRONT_ORIGIN_FACING, managedPrefixListId, route53HealthChecksPrefixList } from "./edge-ingress";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import { cellIdentityRules, integerInRange, requiredInput, validateArgs, type ArgRule } from "../lib/validation";

const COMPONENT = "CellFirewall";

export interface CellFirewallArgs {
  /** The cell the groups belong to: sets the cell tags. */
  cell: CellIdentity;
  /** The cell VPC (`CellNetwork.vpcId`). */
  vpcId: pulumi.Input<string>;
  /**
   * Port the app instances listen on behind the load balancer, 1024–65535 (the app runs unprivileged). Default 8080.
   */
  appPort?: number;
  /** PostgreSQL port of the cell database, 1024–65535. Default 5432. */
  databasePort?: number;
  /** Port of the cell cache (Valkey/Redis), 1024–65535. Default 6379. */
  cachePort?: number;
}

/** The cell's security groups, by role. */
export type GroupRole = "loadBalancer" | "healthChecks" | "app" | "database" | "cache";

/** The AWS-managed prefix lists the load balancer admits (edge-ingress.ts): only the edge and the health checkers. */
export type ManagedPrefixList = "cloudFront" | "route53HealthChecks";

export interface FirewallPorts {
  app: number;
  database: number;
  cache: number;
}

export type RulePeer =
  { group: GroupRole } | { cidrIpv4: string } | { cidrIpv6: string } | { prefixList: ManagedPrefixList };

/** One TCP rule on one port. */
export interface FirewallRule {
  /** Child name suffix: `<name>-<id>`. */
  id: string;
  group: GroupRole;
  direction: "ingress" | "egress";
  port: number;
  peer: RulePeer;
  description: string;
}

export const DEFAULT_PORTS: FirewallPorts = { app: 8080, database: 5432, cache: 6379 };
/** The data stores listen on unprivileged ports too. */
const UNPRIVILEGED_PORT = { min: 1024, max: 65_535 };
const HTTPS = 443;

/** Child name and description of each group. */
const GROUPS: Record<GroupRole, { suffix: string; description: string }> = {
  loadBalancer: { suffix: "lb", description: "load balancer: HTTPS from CloudFront origin-facing servers only" },
  // Its own group: the two prefix lists weigh 55 + 25 rules, more than one group's 60 (edge-ingress.ts).
  healthChecks: { suffix: "lb-health-checks", description: "load balancer: HTTPS from Route 53 health checkers" },
  app: { suffix: "app", description: "app instances: from the load balancer only" },
  database: { suffix: "db", description: "database: PostgreSQL from the app only" },
  cache: { suffix: "cache", description: "cache: from the app only" },
};

/** Every rule of the cell, and nothing else: a pure table, so tests can check the whole graph. */
export function firewallRules(ports: FirewallPorts): FirewallRule[] {
  return [
    // Only the edge reaches the load balancer: calling <cell>.cells.<domain> directly cannot bypass the tenant
    // routing, and the deep health path stays reachable for Route 53's health checks (edge-ingress.ts).
    {
      id: "lb-in-https-edge",
      group: "loadBalancer",
      direction: "ingress",
      port: HTTPS,
      peer: { prefixList: "cloudFront" },
      description: "HTTPS from CloudFront origin-facing servers (the edge)",
    },
    {
      id: "lb-in-https-health-checks",
      group: "healthChecks",
      direction: "ingress",
      port: HTTPS,
      peer: { prefixList: "route53HealthChecks" },
      description: "HTTPS from Route 53 health checkers (the deep health check)",
    },
    {
      id: "lb-out-app",
      group: "loadBalancer",
      direction: "egress",
      port: ports.app,
      peer: { group: "app" },
      description: "to the app instances",
    },
    {
      id: "app-in-lb",
      group: "app",
      direction: "ingress",
      port: ports.app,
      peer: { group: "loadBalancer" },
      description: "from the load balancer",
    },
    {
      id: "app-out-db",
      group: "app",
      direction: "egress",
      port: ports.database,
      peer: { group: "database" },
      description: "to the database",
    },
    {
      id: "app-out-cache",
      group: "app",
      direction: "egress",
      port: ports.cache,
      peer: { group: "cache" },
      description: "to the cache",
    },
    {
      id: "app-out-https",
      group: "app",
      direction: "egress",
      port: HTTPS,
      peer: { cidrIpv4: "0.0.0.0/0" },
      description: "HTTPS to AWS APIs through the NAT gateways",
    },
    {
      id: "db-in-app",
      group: "database",
      direction: "ingress",
      port: ports.database,
      peer: { group: "app" },
      description: "from the app instances",
    },
    {
      id: "cache-in-app",
      group: "cache",
      direction: "ingress",
      port: ports.cache,
      peer: { group: "app" },
      description: "from the app instances",
    },
  ];
}

type RuleResource = aws.vpc.SecurityGroupIngressRule | aws.vpc.SecurityGroupEgressRule;

/** What the firewall hands to the rest of the cell: each role's group, and the ports the rules open. */
export interface CellFirewallOutputs {
  loadBalancerSecurityGroupId: pulumi.Output<string>;
  /** The load balancer's second group: Route 53 health checkers only. */
  healthCheckSecurityGroupId: pulumi.Output<string>;
  appSecurityGroupId: pulumi.Output<string>;
  databaseSecurityGroupId: pulumi.Output<string>;
  cacheSecurityGroupId: pulumi.Output<string>;
  /** The ports the rules open, defaults applied. */
  ports: FirewallPorts;
}

export class CellFirewall extends pulumi.ComponentResource {
  readonly loadBalancerSecurityGroup: aws.ec2.SecurityGroup;
  readonly healthCheckSecurityGroup: aws.ec2.SecurityGroup;
  readonly appSecurityGroup: aws.ec2.SecurityGroup;
  readonly databaseSecurityGroup: aws.ec2.SecurityGroup;
  readonly cacheSecurityGroup: aws.ec2.SecurityGroup;
  /** Every rule resource, by rule id (`app-out-db`, …). */
  readonly rules: Record<string, RuleResource>;
  readonly outputs: CellFirewallOutputs;

  constructor(name: string, args: CellFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellFirewallRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const ports: FirewallPorts = {
      app: args.appPort ?? DEFAULT_PORTS.app,
      database: args.databasePort ?? DEFAULT_PORTS.database,
      cache: args.cachePort ?? DEFAULT_PORTS.cache,
    };
    const group = (role: GroupRole) =>
      new aws.ec2.SecurityGroup(
        `${name}-${GROUPS[role].suffix}`,
        {
          vpcId: args.vpcId,
          description: `cellplane ${args.cell.id} ${GROUPS[role].description}`,
          tags: cellTags(args.cell, { Name: `${args.cell.id}-${GROUPS[role].suffix}` }),
        },
        { parent: this },
      );
    this.loadBalancerSecurityGroup = group("loadBalancer");
    this.healthCheckSecurityGroup = group("healthChecks");
    this.appSecurityGroup = group("app");
    this.databaseSecurityGroup = group("database");
    this.cacheSecurityGroup = group("cache");
    const groups: Record<GroupRole, aws.ec2.SecurityGroup> = {
      loadBalancer: this.loadBalancerSecurityGroup,
      healthChecks: this.healthCheckSecurityGroup,
      app: this.appSecurityGroup,
      database: this.databaseSecurityGroup,
      cache: this.cacheSecurityGroup,
    };
    const prefixLists: Record<ManagedPrefixList, pulumi.Output<string>> = {
      cloudFront: managedPrefixListId(CLOUDFRONT_ORIGIN_FACING, this),
      route53HealthChecks: managedPrefixListId(route53HealthChecksPrefixList(args.cell.region), this),
    };
    this.rules = Object.fromEntries(
      firewallRules(ports).map((rule) => [rule.id, this.rule(name, args.cell, rule, groups, prefixLists)]),
    );

    this.outputs = {
      loadBalancerSecurityGroupId: this.loadBalancerSecurityGroup.id,
      healthCheckSecurityGroupId: this.healthCheckSecurityGroup.id,
      appSecurityGroupId: this.appSecurityGroup.id,
      databaseSecurityGroupId: this.databaseSecurityGroup.id,
      cacheSecurityGroupId: this.cacheSecurityGroup.id,
      ports,
    };
    this.registerOutputs(this.outputs);
  }

  private rule(
    name: string,
    cell: CellIdentity,
    rule: FirewallRule,
    groups: Record<GroupRole, aws.ec2.SecurityGroup>,
    prefixLists: Record<ManagedPrefixList, pulumi.Output<string>>,
  ): RuleResource {
    const ruleArgs = {
      securityGroupId: groups[rule.group].id,
      ipProtocol: "tcp",
      fromPort: rule.port,
      toPort: rule.port,
      ...("group" in rule.peer
        ? { referencedSecurityGroupId: groups[rule.peer.group].id }
        : "prefixList" in rule.peer
          ? { prefixListId: prefixLists[rule.peer.prefixList] }
          : rule.peer),
      description: rule.description,
      tags: cellTags(cell, { Name: `${cell.id}-${rule.id}` }),
    };
    const options = { parent: this };
    return rule.direction === "ingress"
      ? new aws.vpc.SecurityGroupIngressRule(`${name}-${rule.id}`, ruleArgs, options)
      : new aws.vpc.SecurityGroupEgressRule(`${name}-${rule.id}`, ruleArgs, options);
  }
}

function cellFirewallRules(args: CellFirewallArgs): ArgRule[] {
  return [
    ...cellIdentityRules(args.cell),
    requiredInput("vpcId", args.vpcId, "pass the cell VPC id (CellNetwork.vpcId)"),
    integerInRange("appPort", args.appPort ?? DEFAULT_PORTS.app, APP_PORT),
    integerInRange("databasePort", args.databasePort ?? DEFAULT_PORTS.database, UNPRIVILEGED_PORT),
    integerInRange("cachePort", args.cachePort ?? DEFAULT_PORTS.cache, UNPRIVILEGED_PORT),
  ];
}
