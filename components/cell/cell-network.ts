/**
 * CellNetwork: the cell's VPC. One public (load balancer, NAT) and one private (app, data) subnet per zone, laid out
 * by `planSubnets`; an internet gateway; NAT gateways per zone or one for the cell; the default security group
 * emptied; VPC flow logs of all traffic to a log group encrypted with the cell key; and an S3 gateway endpoint so
 * S3 traffic from the private subnets stays off the NAT.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { isPrivateRange, parseCidr, planSubnets, VPC_PREFIX_RANGE } from "../../fleet/cidr";
import { FLOW_LOG_RETENTION_DAYS, NAT_GATEWAY_MODES, ZONE_COUNT } from "../../fleet/limits";
import type { EncryptedCellArgs } from "../lib/cell-args";
import { deploymentAccount, scopedPolicyDocument, serviceTrustPolicy, type AwsAccount } from "../lib/iam";
import { cellTags, type CellIdentity } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import { encryptedCellRules, oneOf, validateArgs, zoneNameRules, type ArgRule } from "../lib/validation";

const COMPONENT = "CellNetwork";
export type NatGatewayMode = (typeof NAT_GATEWAY_MODES)[number];

export interface CellNetworkArgs extends EncryptedCellArgs {
  /**
   * The cell's availability zones, 2–6 names in its region (`us-east-1a`). Subnet `i` goes to zone `i`; append only.
   */
  zones: string[];
  /** The VPC block: RFC 1918, `/16`–`/20`, not overlapping other cells (the fleet checks that). */
  vpcCidr: string;
  /**
   * `perZone` (default): a NAT gateway in every zone, so a zone outage leaves the others their egress.
   * `single`: one NAT gateway in the first zone for the whole cell; cheaper, for non-production cells.
   */
  natGateways?: NatGatewayMode;
  /** Days the flow logs are kept: a CloudWatch Logs retention value of at least 365. Default 365. */
  flowLogRetentionDays?: number;
}

/** Where each zone's subnets sit and which zone's NAT gateway its private subnet routes through. */
export interface ZoneLayout {
  zone: string;
  /** The zone letter, used in child names (`<name>-private-a`). */
  suffix: string;
  publicCidr: string;
  privateCidr: string;
  /** Index of the zone whose NAT gateway the private subnet uses. */
  natZoneIndex: number;
}

/** The subnet and NAT layout of a cell network: pure, so the routing rules can be tested exhaustively. */
export function networkLayout(zones: string[], vpcCidr: string, natGateways: NatGatewayMode): ZoneLayout[] {
  const cidr = parseCidr(vpcCidr);
  if (typeof cidr === "string") {
    throw new RangeError(`vpcCidr ${vpcCidr} ${cidr}`);
  }
  const subnets = planSubnets(cidr, zones.length);
  return zones.map((zone, index) => ({
    zone,
    suffix: zone.slice(-1),
    publicCidr: subnets.public[index],
    privateCidr: subnets.private[index],
    natZoneIndex: natGateways === "single" ? 0 : index,
  }));
}

/** What the network hands to the rest of the cell. */
export interface CellNetworkOutputs {
  vpcId: pulumi.Output<string>;
  vpcCidr: string;
  /** The zones, in subnet order. */
  zones: string[];
  /** Public subnet ids in zone order: for the load balancer. */
  publicSubnetIds: pulumi.Output<string>[];
  /** Private subnet ids in zone order: for instances, database and cache. */
  privateSubnetIds: pulumi.Output<string>[];
  natGatewayIds: pulumi.Output<string>[];
  /** The cell's egress addresses (one per NAT gateway), for partners' allow-lists. */
  natPublicIps: pulumi.Output<string>[];
  flowLogGroupName: pulumi.Output<string>;
  s3EndpointId: pulumi.Output<string>;
}

export class CellNetwork extends pulumi.ComponentResource {
  readonly vpc: aws.ec2.Vpc;
  /** The VPC's default security group, with every rule removed (Security Hub EC2.2). Attach nothing to it. */
  readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;
  readonly internetGateway: aws.ec2.InternetGateway;
  readonly publicSubnets: aws.ec2.Subnet[];
  readonly privateSubnets: aws.ec2.Subnet[];
  readonly natEips: aws.ec2.Eip[];
  readonly natGateways: aws.ec2.NatGateway[];
  readonly publicRouteTable: aws.ec2.RouteTable;
  /** One per zone, in zone order, each with its default route to a NAT gateway. */
  readonly privateRouteTables: aws.ec2.RouteTable[];
  readonly s3Endpoint: aws.ec2.VpcEndpoint;
  readonly flowLogGroup: aws.cloudwatch.LogGroup;
  readonly flowLogRole: aws.iam.Role;
  readonly flowLogPolicy: aws.iam.RolePolicy;
  readonly flowLog: aws.ec2.FlowLog;
  readonly outputs: CellNetworkOutputs;

  constructor(name: string, args: CellNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellNetworkRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const { cell } = args;
    const layout = networkLayout(args.zones, args.vpcCidr, args.natGateways ?? "perZone");
    const account = deploymentAccount(this);
    const tagged = (label: string) => cellTags(cell, { Name: `${cell.id}-${label}` });
    const child = { parent: this };

    this.vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: args.vpcCidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tagged("vpc") },
      child,
    );
    const vpcId = this.vpc.id;
    this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId, ingress: [], egress: [], tags: tagged("default-do-not-use") },
      child,
    );
    this.internetGateway = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId, tags: tagged("igw") }, child);

    this.publicSubnets = layout.map((zone) => this.subnet(name, cell, zone, "public"));
    this.privateSubnets = layout.map((zone) => this.subnet(name, cell, zone, "private"));
    const publicSubnetIds = this.publicSubnets.map((subnet) => subnet.id);
    const privateSubnetIds = this.privateSubnets.map((subnet) => subnet.id);

    const natZones = layout.filter((zone, index) => zone.natZoneIndex === index);
    this.natEips = natZones.map(
      (zone) =>
        new aws.ec2.Eip(`${name}-nat-eip-${zone.suffix}`, { domain: "vpc", tags: tagged(`nat-${zone.suffix}`) }, child),
    );
    this.natGateways = natZones.map(
      (zone, index) =>
        new aws.ec2.NatGateway(
          `${name}-nat-${zone.suffix}`,
          {
            connectivityType: "public",
            allocationId: this.natEips[index].allocationId,
            subnetId: publicSubnetIds[layout.indexOf(zone)],
            tags: tagged(`nat-${zone.suffix}`),
          },
          { parent: this, dependsOn: [this.internetGateway] },
        ),
    );

    this.publicRouteTable = new aws.ec2.RouteTable(`${name}-public-rt`, { vpcId, tags: tagged("public") }, child);
    new aws.ec2.Route(
      `${name}-public-internet-route`,
      { routeTableId: this.publicRouteTable.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: this.internetGateway.id },
      child,
    );
    layout.forEach(
      (zone, index) =>
        new aws.ec2.RouteTableAssociation(
          `${name}-public-rta-${zone.suffix}`,
          { routeTableId: this.publicRouteTable.id, subnetId: publicSubnetIds[index] },
          child,
        ),
    );

    this.privateRouteTables = layout.map((zone, index) => {
      const table = new aws.ec2.RouteTable(
        `${name}-private-rt-${zone.suffix}`,
        { vpcId, tags: tagged(`private-${zone.suffix}`) },
        child,
      );
      const nat = this.natGateways[natZones.indexOf(layout[zone.natZoneIndex])];
      new aws.ec2.Route(
        `${name}-private-nat-route-${zone.suffix}`,
        { routeTableId: table.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-rta-${zone.suffix}`,
        { routeTableId: table.id, subnetId: privateSubnetIds[index] },
        child,
      );
      return table;
    });

    this.s3Endpoint = new aws.ec2.VpcEndpoint(
      `${name}-s3-endpoint`,
      {
        vpcId,
        vpcEndpointType: "Gateway",
        serviceName: `com.amazonaws.${cell.region}.s3`,
        routeTableIds: this.privateRouteTables.map((table) => table.id),
        tags: tagged("s3"),
      },
      child,
    );

    this.flowLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-flow-logs`,
      {
        kmsKeyId: args.keyArn,
        retentionInDays: args.flowLogRetentionDays ?? 365,
        tags: tagged("flow-logs"),
      },
      child,
    );
    this.flowLogRole = new aws.iam.Role(
      `${name}-flow-logs-role`,
      {
        description: `VPC flow logs of cell ${cell.id} write to their log group`,
        assumeRolePolicy: account.apply((resolved) => flowLogTrustPolicy(resolved, cell.region)),
        tags: tagged("flow-logs"),
      },
      child,
    );
    this.flowLogPolicy = new aws.iam.RolePolicy(
      `${name}-flow-logs-policy`,
      {
        role: this.flowLogRole.name,
        policy: flowLogWritePolicy(this.flowLogGroup.arn),
      },
      child,
    );
    this.flowLog = new aws.ec2.FlowLog(
      `${name}-flow-log`,
      {
        vpcId,
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: this.flowLogRole.arn,
        tags: tagged("flow-log"),
      },
      // The role alone is not enough: until its policy exists, delivery fails and the flow log reports an error.
      { parent: this, dependsOn: [this.flowLogPolicy] },
    );

    this.outputs = {
      vpcId,
      vpcCidr: args.vpcCidr,
      zones: [...args.zones],
      publicSubnetIds,
      privateSubnetIds,
      natGatewayIds: this.natGateways.map((nat) => nat.id),
      natPublicIps: this.natEips.map((eip) => eip.publicIp),
      flowLogGroupName: this.flowLogGroup.name,
      s3EndpointId: this.s3Endpoint.id,
    };
    this.registerOutputs(this.outputs);
  }

  private subnet(name: string, cell: CellIdentity, zone: ZoneLayout, tier: "public" | "private"): aws.ec2.Subnet {
    return new aws.ec2.Subnet(
      `${name}-${tier}-${zone.suffix}`,
      {
        vpcId: this.vpc.id,
        availabilityZone: zone.zone,
        cidrBlock: tier === "public" ? zone.publicCidr : zone.privateCidr,
        // Public subnets too: only the load balancer and NAT gateways live there, and they get addresses explicitly.
        mapPublicIpOnLaunch: false,
        tags: cellTags(cell, { Name: `${cell.id}-${tier}-${zone.suffix}`, "cellplane:tier": tier }),
      },
      { parent: this },
    );
  }
}

/** Only the VPC Flow Logs service, acting for this account's flow logs, may assume the role (no confused deputy). */
export function flowLogTrustPolicy(account: AwsAccount, region: string): pulumi.Output<string> {
  return serviceTrustPolicy("vpc-flow-logs.amazonaws.com", {
    StringEquals: { "aws:SourceAccount": account.accountId },
    ArnLike: { "aws:SourceArn": `arn:${account.partition}:ec2:${region}:${account.accountId}:vpc-flow-log/*` },
  });
}

/** Write access to the one log group (and its streams), nothing else. */
export function flowLogWritePolicy(logGroupArn: pulumi.Input<string>): pulumi.Output<string> {
  return scopedPolicyDocument([
    {
      Sid: "WriteFlowLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: [logGroupArn, pulumi.interpolate`${logGroupArn}:*`],
    },
  ]);
}

function cellNetworkRules(args: CellNetworkArgs): ArgRule[] {
  const zones = args.zones ?? [];
  const cidr = parseCidr(String(args.vpcCidr));
  const retention = args.flowLogRetentionDays ?? 365;
  return [
    ...encryptedCellRules(args),
    {
      ok: zones.length >= ZONE_COUNT.min && zones.length <= ZONE_COUNT.max,
      problem:
        `zones has ${zones.length} zone(s); pass ${ZONE_COUNT.min} to ${ZONE_COUNT.max} zones of the cell's ` +
        `region`,
    },
    ...zoneNameRules(zones, args.cell?.region),
    { ok: typeof cidr !== "string", problem: `vpcCidr "${args.vpcCidr}" ${typeof cidr === "string" ? cidr : ""}` },
    {
      ok:
        typeof cidr === "string" ||
        (isPrivateRange(cidr) && cidr.prefix >= VPC_PREFIX_RANGE.min && cidr.prefix <= VPC_PREFIX_RANGE.max),
      problem:
        `vpcCidr "${args.vpcCidr}" must be an RFC 1918 block from /${VPC_PREFIX_RANGE.min} to ` +
        `/${VPC_PREFIX_RANGE.max}, e.g. 10.16.0.0/16`,
    },
    oneOf("natGateways", args.natGateways ?? "perZone", NAT_GATEWAY_MODES),
    oneOf("flowLogRetentionDays", retention, FLOW_LOG_RETENTION_DAYS),
  ];
}
