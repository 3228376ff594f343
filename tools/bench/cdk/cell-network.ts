/**
 * The CDK baseline's key, network and firewall of one cell: what components/cell/cell-key.ts, cell-network.ts and
 * cell-firewall.ts build, written as a CDK user writes it (L2 constructs: `kms.Key`, `ec2.Vpc`, `ec2.SecurityGroup`).
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { CellSpec } from "../../../fleet/schema";

/** The key actions of a symmetric key (no administration, no grants), as in cell-key.ts. */
const KEY_USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];
const VIA_SERVICES = ["rds", "elasticache", "sqs", "secretsmanager", "sns", "ec2"];
/** Key administration, action by action (cell-key.ts: a `kms:Create*` wildcard would include `kms:CreateGrant`). */
const KEY_ADMIN = [
  ...["CancelKeyDeletion", "CreateAlias", "DeleteAlias", "DescribeKey", "DisableKey", "DisableKeyRotation"],
  ...["EnableKey", "EnableKeyRotation", "GetKeyPolicy", "GetKeyRotationStatus", "ListGrants", "ListKeyPolicies"],
  ...["ListKeyRotations", "ListResourceTags", "PutKeyPolicy", "RevokeGrant", "RotateKeyOnDemand"],
  ...["ScheduleKeyDeletion", "TagResource", "UntagResource", "UpdateAlias", "UpdateKeyDescription"],
].map((action) => `kms:${action}`);
/** The AWS-managed prefix lists the load balancer admits (components/cell/edge-ingress.ts). */
export const CLOUDFRONT_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";
export const route53PrefixList = (region: string): string => `com.amazonaws.${region}.route53-healthchecks`;

/** The cell key: rotation on, a 30-day deletion window, and the key policy of cell-key.ts statement by statement. */
export class CellKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, spec: CellSpec, appRoleName: string) {
    super(scope, id);
    const { account, partition, region } = Stack.of(this);
    const root = new iam.AccountRootPrincipal();
    const autoScaling = new iam.ArnPrincipal(
      `arn:${partition}:iam::${account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
    );
    const viaCell = {
      "kms:ViaService": VIA_SERVICES.map((service) => `${service}.${region}.amazonaws.com`),
      "kms:CallerAccount": account,
    };
    const logGroupArns = `arn:${partition}:logs:${region}:${account}:log-group:*`;
    const statement = (props: iam.PolicyStatementProps) => new iam.PolicyStatement({ resources: ["*"], ...props });
    this.key = new kms.Key(this, "Key", {
      description: `cellplane ${spec.id} data key`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      alias: `alias/cellplane/${spec.id}`,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new iam.PolicyDocument({
        statements: [
          statement({ sid: "KeyAdministration", principals: [root], actions: KEY_ADMIN }),
          statement({
            sid: "CellRolesUseKey",
            principals: [root],
            actions: KEY_USE,
            conditions: { ArnEquals: { "aws:PrincipalArn": `arn:${partition}:iam::${account}:role/${appRoleName}` } },
          }),
          statement({
            sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
            principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
            actions: KEY_USE,
            conditions: {
              ArnLike: { "kms:EncryptionContext:aws:logs:arn": logGroupArns },
            },
          }),
          statement({
            sid: "CloudWatchAlarmsPublishToEncryptedTopics",
            principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
            actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          }),
          statement({ sid: "AutoScalingEncryptsVolumes", principals: [autoScaling], actions: KEY_USE }),
          statement({
            sid: "AutoScalingAttachesEncryptedVolumes",
            principals: [autoScaling],
            actions: ["kms:CreateGrant"],
            conditions: { Bool: { "kms:GrantIsForAWSResource": true } },
          }),
          statement({
            sid: "CellServicesUseKey",
            principals: [root],
            actions: KEY_USE,
            conditions: { StringEquals: viaCell },
          }),
          statement({
            sid: "CellServicesCreateGrants",
            principals: [root],
            actions: ["kms:CreateGrant"],
            conditions: { StringEquals: viaCell, Bool: { "kms:GrantIsForAWSResource": true } },
          }),
        ],
      }),
    });
  }
}

/**
 * The VPC: a public and a private subnet per zone with the masks of fleet/cidr.ts `planSubnets` (/19 private and /22
 * public subnets in a /16), NAT per zone or one, the default security group emptied, an S3 gateway endpoint for the
 * private subnets, and flow logs of all traffic to a log group encrypted with the cell key.
 */
export class CellNetwork extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, spec: CellSpec, key: kms.IKey) {
    super(scope, id);
    const prefix = Number(spec.vpcCidr.split("/")[1]);
    const flowLogs = new logs.LogGroup(this, "FlowLogs", {
      encryptionKey: key,
      retention: spec.network.flowLogRetentionDays,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vpc = new ec2.Vpc(this, "Vpc", {
      ipAddresses: ec2.IpAddresses.cidr(spec.vpcCidr),
      availabilityZones: spec.zones,
      natGateways: spec.network.natGateways === "single" ? 1 : spec.zones.length,
      subnetConfiguration: [
        { name: "private", subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: prefix + 3 },
        { name: "public", subnetType: ec2.SubnetType.PUBLIC, cidrMask: prefix + 6, mapPublicIpOnLaunch: false },
      ],
      restrictDefaultSecurityGroup: true,
      gatewayEndpoints: {
        S3: {
          service: ec2.GatewayVpcEndpointAwsService.S3,
          subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }],
        },
      },
      flowLogs: {
        all: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.ALL,
        },
      },
    });
  }
}

/** The cell's security groups, as in cell-firewall.ts: edge → load balancer → app → database / cache. */
export class CellFirewall extends Construct {
  readonly loadBalancer: ec2.SecurityGroup;
  readonly healthChecks: ec2.SecurityGroup;
  readonly app: ec2.SecurityGroup;
  readonly database: ec2.SecurityGroup;
  readonly cache: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, spec: CellSpec, vpc: ec2.IVpc) {
    super(scope, id);
    const group = (role: string, description: string) =>
      new ec2.SecurityGroup(this, role, {
        vpc,
        description: `cellplane ${spec.id} ${description}`,
        allowAllOutbound: false,
      });
    this.loadBalancer = group("LoadBalancer", "load balancer: HTTPS from CloudFront origin-facing servers only");
    this.healthChecks = group("HealthChecks", "load balancer: HTTPS from Route 53 health checkers");
    this.app = group("App", "app instances: from the load balancer only");
    this.database = group("Database", "database: PostgreSQL from the app only");
    this.cache = group("Cache", "cache: from the app only");
    // Answered from context (app.ts), as a committed cdk.context.json answers them: no credentials needed.
    const edge = ec2.PrefixList.fromLookup(this, "EdgePrefixList", { prefixListName: CLOUDFRONT_PREFIX_LIST });
    const checkers = ec2.PrefixList.fromLookup(this, "HealthCheckPrefixList", {
      prefixListName: route53PrefixList(spec.region),
    });
    this.loadBalancer.addIngressRule(ec2.Peer.prefixList(edge.prefixListId), ec2.Port.HTTPS, "HTTPS from the edge");
    this.healthChecks.addIngressRule(
      ec2.Peer.prefixList(checkers.prefixListId),
      ec2.Port.HTTPS,
      "HTTPS from Route 53 health checkers",
    );
    // The load balancer → app rules come from the listener's target registration (CellCompute).
    this.database.connections.allowFrom(this.app, ec2.Port.tcp(5432), "from the app instances");
    this.cache.connections.allowFrom(this.app, ec2.Port.tcp(6379), "from the app instances");
    this.app.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.HTTPS, "HTTPS to AWS APIs through the NAT gateways");
  }
}
