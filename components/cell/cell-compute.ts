/**
 * CellCompute: the cell's app tier. An Auto Scaling group of IMDSv2-only instances with encrypted root volumes and
 * no public addresses in the private subnets, rolled by instance refresh and scaled on CPU; behind an internet-facing
 * ALB (TLS 1.2+ on 443 only, reachable only from the edge, access logs kept). The instances run the app from their
 * user data (compute-app.ts). The instances' role names only this cell's queues, key, secrets, database user and
 * cache: no wildcard resource anywhere but for the few actions AWS cannot scope (instance-access.ts).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  APP_PORT,
  cellCertificateArnPattern,
  GRAVITON_INSTANCE_TYPE,
  GROUP_SIZE,
  HEALTH_CHECK_PATH,
  INSTANCE_TYPE,
  TARGET_CPU_PERCENT,
} from "../../fleet/limits";
import type { LoadBalancedAppArgs } from "../lib/cell-args";
import {
  deploymentAccount,
  scopedPolicyDocument,
  serviceTrustPolicy,
  whenAny,
  type AwsAccount,
  type PolicyStatement,
} from "../lib/iam";
import { IMDSV2_ONLY } from "../lib/instance-metadata";
import { cellTags, type CellIdentity } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import {
  encryptedCellRules,
  integerInRange,
  matches,
  requiredInput,
  validateArgs,
  type ArgRule,
} from "../lib/validation";
import { createAppRuntime, type CellAppArgs } from "./compute-app";
import { stackScopedName } from "../lib/stack-names";
import {
  createAppLoadBalancer,
  loadBalancerPlacement,
  DEFAULT_SSL_POLICY,
  isModernTlsPolicy,
} from "./compute-load-balancer";

const COMPONENT = "CellCompute";
/** Latest Amazon Linux 2023 for Graviton, resolved by EC2 at each launch, so new instances start patched. */
export const DEFAULT_IMAGE_ID = "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
export const SQS_ACTIONS = [
  "sqs:SendMessage",
  "sqs:ReceiveMessage",
  "sqs:DeleteMessage",
  "sqs:ChangeMessageVisibility",
  "sqs:GetQueueAttributes",
  "sqs:GetQueueUrl",
];
const HEALTH_CHECK_GRACE_SECONDS = 300;
const ROOT_VOLUME_GIB = { min: 8, max: 1024 };
const ACCESS_LOG_RETENTION_DAYS = { min: 7, max: 3650 };
const DATABASE_USER = {
  pattern: /^[A-Za-z][A-Za-z0-9_]{0,62}$/,
  shape: "a database user name: a letter, then letters, digits or underscores",
};
const IMAGE_ID = {
  pattern: /^(ami-[0-9a-f]{8,17}|resolve:ssm:\S+)$/,
  shape: 'an AMI id ("ami-…") or "resolve:ssm:<parameter>"',
};
const GROUP_METRICS: aws.types.enums.autoscaling.Metric[] = [
  "GroupMinSize",
  "GroupMaxSize",
  "GroupDesiredCapacity",
  "GroupInServiceInstances",
  "GroupPendingInstances",
  "GroupTerminatingInstances",
  "GroupTotalInstances",
];

export interface ComputeCapacity {
  /** Instance types in order of preference (on-demand, `prioritized`). Graviton (`m7g.large`) for the default image. */
  instanceTypes: string[];
  /** Fewest instances, at least 1. */
  min: number;
  /** Instances at creation, between `min` and `max`. Scaling owns it afterwards: later changes are ignored. */
  desired: number;
  /** Most instances scaling may reach. */
  max: number;
  /** Average CPU percentage (10–90) the group scales to hold. Default 50. */
  targetCpuUtilization?: number;
}

export interface CellComputeArgs extends LoadBalancedAppArgs {
  /** Instance types and group size (`min ≤ desired ≤ max`), and the CPU target it scales on. */
  capacity: ComputeCapacity;
  /** Port the app listens on, 1024–65535; must match `CellFirewall`'s. Default 8080. */
  appPort?: number;
  /** ARNs of the cell's SQS queues the app sends to and receives from. */
  queueArns: pulumi.Input<string>[];
  /**
   * ARNs of the Secrets Manager secrets the app reads (the cache auth token). Never the database master secret: the
   * app connects with IAM authentication as its own user (see DatabaseUser).
   */
  secretArns: pulumi.Input<string>[];
  /** The cell database the app connects to with IAM authentication. */
  database: {
    /** `CellDatabase.clusterResourceId` (`cluster-…`). */
    clusterResourceId: pulumi.Input<string>;
    /** Database user the app connects as (`rds-db:connect`). Default `app`. */
    user?: string;
  };
  /** ARN of the cell cache's replication group (`elasticache:Connect`). */
  cacheArn: pulumi.Input<string>;
  /** What every instance runs (a container image at a version) and its settings: the launch template's user data. */
  app: CellAppArgs;
  /** AMI id (`ami-…`) or `resolve:ssm:<parameter>`. Default: latest Amazon Linux 2023 arm64. */
  imageId?: string;
  /** ELB security policy of the HTTPS listener: TLS 1.2 minimum. Default `ELBSecurityPolicy-TLS13-1-2-2021-06`. */
  sslPolicy?: string;
  /** ALB deletion protection. Default true; turn off only for ephemeral cells. */
  deletionProtection?: boolean;
  /** Root volume size in GiB, 8–1024. Default 30. */
  rootVolumeSizeGiB?: number;
  /** Days ALB access logs are kept, 7–3650. Default 90. */
  accessLogRetentionDays?: number;
}

/**
 * The instance role's name, `<cell-id>-app-<stack hash>`: predictable, so the key policy can name its ARN before it
 * exists, and different for every stack, so two environments of a cell can share an account (IAM role names are
 * account-global).
 */
export function instanceRoleName(cell: CellIdentity): string {
  return stackScopedName(`${cell.id}-app`);
}

export interface InstancePolicyInputs {
  account: AwsAccount;
  region: string;
  keyArn: pulumi.Input<string>;
  queueArns: pulumi.Input<string>[];
  secretArns: pulumi.Input<string>[];
  clusterResourceId: pulumi.Input<string>;
  databaseUser: string;
  cacheArn: pulumi.Input<string>;
}

/** The app's permissions, each naming one of this cell's resources. */
export function instancePolicyStatements(inputs: InstancePolicyInputs): PolicyStatement[] {
  const { account, region } = inputs;
  return [
    ...whenAny(inputs.queueArns, (queues) => ({
      Sid: "UseCellQueues",
      Effect: "Allow",
      Action: SQS_ACTIONS,
      Resource: queues,
    })),
    { Sid: "UseCellKey", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: inputs.keyArn },
    ...whenAny(inputs.secretArns, (secrets) => ({
      Sid: "ReadCellSecrets",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: secrets,
    })),
    {
      Sid: "ConnectToCellDatabase",
      Effect: "Allow",
      Action: "rds-db:connect",
      Resource: pulumi.interpolate`arn:${account.partition}:rds-db:${region}:${account.accountId}:dbuser:${
        inputs.clusterResourceId
      }/${inputs.databaseUser}`,
    },
    { Sid: "ConnectToCellCache", Effect: "Allow", Action: "elasticache:Connect", Resource: inputs.cacheArn },
  ];
}

/** What the app tier hands to the rest of the cell, and the cell stack exports. */
export interface CellComputeOutputs {
  loadBalancerArn: pulumi.Output<string>;
  loadBalancerDnsName: pulumi.Output<string>;
  loadBalancerZoneId: pulumi.Output<string>;
  /** For CloudWatch `LoadBalancer` dimensions. */
  loadBalancerArnSuffix: pulumi.Output<string>;
  /** For CloudWatch `TargetGroup` dimensions. */
  targetGroupArnSuffix: pulumi.Output<string>;
  autoScalingGroupName: pulumi.Output<string>;
  instanceRoleArn: pulumi.Output<string>;
  /** `<cell-id>-app` (see {@link instanceRoleName}). */
  instanceRoleName: string;
  /** The deep health path the load balancer (and the global router) request. */
  healthCheckPath: string;
}

export class CellCompute extends pulumi.ComponentResource {
  readonly instanceRole: aws.iam.Role;
  readonly instancePolicy: aws.iam.RolePolicy;
  /** Session Manager, CloudWatch agent, app logs and image pull (compute-app.ts). */
  readonly agentsPolicy: aws.iam.RolePolicy;
  readonly appLogGroup: aws.cloudwatch.LogGroup;
  readonly instanceProfile: aws.iam.InstanceProfile;
  readonly launchTemplate: aws.ec2.LaunchTemplate;
  readonly autoScalingGroup: aws.autoscaling.Group;
  readonly cpuScalingPolicy: aws.autoscaling.Policy;
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly targetGroup: aws.lb.TargetGroup;
  readonly httpsListener: aws.lb.Listener;
  readonly accessLogBucket: aws.s3.Bucket;
  readonly outputs: CellComputeOutputs;

  constructor(name: string, args: CellComputeArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellComputeRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const { cell } = args;
    const account = deploymentAccount(this);
    const appPort = args.appPort ?? 8080;
    const healthCheckPath = args.healthCheckPath ?? "/health/deep";

    const edge = createAppLoadBalancer(
      name,
      {
        ...loadBalancerPlacement(args),
        account,
        sslPolicy: args.sslPolicy ?? DEFAULT_SSL_POLICY,
        appPort,
        healthCheckPath,
        deletionProtection: args.deletionProtection ?? true,
        accessLogRetentionDays: args.accessLogRetentionDays ?? 90,
      },
      this,
    );
    this.loadBalancer = edge.loadBalancer;
    this.targetGroup = edge.targetGroup;
    this.httpsListener = edge.httpsListener;
    this.accessLogBucket = edge.accessLogBucket;

    const roleName = instanceRoleName(cell);
    this.instanceRole = new aws.iam.Role(
      `${name}-instance-role`,
      {
        name: roleName,
        description: `App instances of cell ${cell.id}`,
        assumeRolePolicy: serviceTrustPolicy("ec2.amazonaws.com"),
        tags: cellTags(cell),
      },
      { parent: this },
    );
    this.instancePolicy = new aws.iam.RolePolicy(
      `${name}-instance-policy`,
      {
        role: this.instanceRole.name,
        policy: account.apply((resolved) =>
          scopedPolicyDocument(
            instancePolicyStatements({
              account: resolved,
              region: cell.region,
              keyArn: args.keyArn,
              queueArns: args.queueArns,
              secretArns: args.secretArns,
              clusterResourceId: args.database.clusterResourceId,
              databaseUser: args.database.user ?? "app",
              cacheArn: args.cacheArn,
            }),
          ),
        ),
      },
      { parent: this },
    );
    this.instanceProfile = new aws.iam.InstanceProfile(
      `${name}-instance-profile`,
      { role: this.instanceRole.name, tags: cellTags(cell) },
      { parent: this },
    );

    const runtime = createAppRuntime(
      name,
      { cell, account, keyArn: args.keyArn, role: this.instanceRole.name, app: args.app, port: appPort },
      this,
    );
    this.agentsPolicy = runtime.agentsPolicy;
    this.appLogGroup = runtime.logGroup;
    this.launchTemplate = this.createLaunchTemplate(name, args, runtime.userData);
    this.autoScalingGroup = this.createAutoScalingGroup(name, args);
    this.cpuScalingPolicy = new aws.autoscaling.Policy(
      `${name}-cpu-target-tracking`,
      {
        autoscalingGroupName: this.autoScalingGroup.name,
        policyType: "TargetTrackingScaling",
        targetTrackingConfiguration: {
          predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
          targetValue: args.capacity.targetCpuUtilization ?? 50,
        },
      },
      { parent: this },
    );

    this.outputs = {
      loadBalancerArn: this.loadBalancer.arn,
      loadBalancerDnsName: this.loadBalancer.dnsName,
      loadBalancerZoneId: this.loadBalancer.zoneId,
      loadBalancerArnSuffix: this.loadBalancer.arnSuffix,
      targetGroupArnSuffix: this.targetGroup.arnSuffix,
      autoScalingGroupName: this.autoScalingGroup.name,
      instanceRoleArn: this.instanceRole.arn,
      instanceRoleName: roleName,
      healthCheckPath,
    };
    this.registerOutputs(this.outputs);
  }

  private createLaunchTemplate(
    name: string,
    args: CellComputeArgs,
    userData: pulumi.Output<string>,
  ): aws.ec2.LaunchTemplate {
    const tags = cellTags(args.cell, { Name: `${args.cell.id}-app` });
    return new aws.ec2.LaunchTemplate(
      `${name}-launch-template`,
      {
        description: `App instances of cell ${args.cell.id}`,
        imageId: args.imageId ?? DEFAULT_IMAGE_ID,
        iamInstanceProfile: { arn: this.instanceProfile.arn },
        // Starts the app; a new app version is a new template version, which the group's instance refresh rolls.
        userData,
        metadataOptions: IMDSV2_ONLY,
        monitoring: { enabled: true },
        networkInterfaces: [
          {
            deviceIndex: 0,
            associatePublicIpAddress: "false",
            deleteOnTermination: "true",
            securityGroups: [args.appSecurityGroupId],
          },
        ],
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: {
              volumeType: "gp3",
              volumeSize: args.rootVolumeSizeGiB ?? 30,
              encrypted: "true",
              kmsKeyId: args.keyArn,
              deleteOnTermination: "true",
            },
          },
        ],
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
        updateDefaultVersion: true,
        tags: cellTags(args.cell),
      },
      // Instances launched from it must find their permissions in place: the role's policies, not only the role.
      { parent: this, dependsOn: [this.instancePolicy, this.agentsPolicy] },
    );
  }

  private createAutoScalingGroup(name: string, args: CellComputeArgs): aws.autoscaling.Group {
    const { capacity } = args;
    return new aws.autoscaling.Group(
      `${name}-asg`,
      {
        vpcZoneIdentifiers: args.privateSubnetIds,
        minSize: capacity.min,
        desiredCapacity: capacity.desired,
        maxSize: capacity.max,
        healthCheckType: "ELB",
        healthCheckGracePeriod: HEALTH_CHECK_GRACE_SECONDS,
        targetGroupArns: [this.targetGroup.arn],
        mixedInstancesPolicy: {
          instancesDistribution: {
            onDemandAllocationStrategy: "prioritized",
            onDemandBaseCapacity: 0,
            onDemandPercentageAboveBaseCapacity: 100,
          },
          launchTemplate: {
            // The explicit version (not $Latest) makes every template change an ASG change, which starts an instance
            // refresh.
            launchTemplateSpecification: {
              launchTemplateId: this.launchTemplate.id,
              version: this.launchTemplate.latestVersion.apply(String),
            },
            overrides: capacity.instanceTypes.map((instanceType) => ({ instanceType })),
          },
        },
        instanceRefresh: {
          strategy: "Rolling",
          preferences: { minHealthyPercentage: 90, instanceWarmup: String(HEALTH_CHECK_GRACE_SECONDS) },
        },
        enabledMetrics: GROUP_METRICS,
        metricsGranularity: "1Minute",
        tags: Object.entries(cellTags(args.cell, { Name: `${args.cell.id}-app` })).map(([key, value]) => ({
          key,
          value,
          propagateAtLaunch: true,
        })),
      },
      { parent: this, ignoreChanges: ["desiredCapacity"] },
    ); // target tracking owns the desired capacity after creation
  }
}

/** Rules for ARN lists whose known entries must match `pattern` and name no wildcard. */
function arnRule(field: string, values: pulumi.Input<string>[], pattern: RegExp, shape: string): ArgRule {
  const bad = values.filter(
    (value): value is string => typeof value === "string" && (value.includes("*") || !pattern.test(value)),
  );
  return { ok: bad.length === 0, problem: `${field} ${bad.join(", ")} must be ${shape}, without wildcards` };
}

function cellComputeRules(args: CellComputeArgs): ArgRule[] {
  const region = args.cell?.region ?? "<region>";
  const arn = (service: string, rest: string) => new RegExp(`^arn:aws[a-z-]*:${service}:${region}:\\d{12}:${rest}$`);
  const capacity = args.capacity ?? { instanceTypes: [], min: 0, desired: 0, max: 0 };
  const types = capacity.instanceTypes ?? [];
  const imageId = args.imageId ?? DEFAULT_IMAGE_ID;
  const sslPolicy = args.sslPolicy ?? DEFAULT_SSL_POLICY;
  return [
    ...encryptedCellRules(args),
    requiredInput("vpcId", args.vpcId, "pass CellNetwork.vpcId"),
    {
      ok: (args.publicSubnetIds ?? []).length >= 2,
      problem:
        "publicSubnetIds needs at least two subnets in different zones (CellNetwork.publicSubnetIds) for the load " +
        "balancer",
    },
    {
      ok: (args.privateSubnetIds ?? []).length >= 2,
      problem:
        "privateSubnetIds needs at least two subnets in different zones (CellNetwork.privateSubnetIds) for the " +
        "instances",
    },
    requiredInput(
      "loadBalancerSecurityGroupId",
      args.loadBalancerSecurityGroupId,
      "pass CellFirewall.loadBalancerSecurityGroupId",
    ),
    requiredInput("appSecurityGroupId", args.appSecurityGroupId, "pass CellFirewall.appSecurityGroupId"),
    requiredInput(
      "certificateArn",
      args.certificateArn,
      `pass an ACM certificate ARN in ${region} for the HTTPS listener`,
    ),
    arnRule(
      "certificateArn",
      [args.certificateArn],
      cellCertificateArnPattern(region),
      `an ACM certificate ARN in ${region}`,
    ),
    {
      ok: types.length > 0 && new Set(types).size === types.length,
      problem: "capacity.instanceTypes must list at least one instance type, each once",
    },
    {
      ok: types.every((type) => INSTANCE_TYPE.pattern.test(type)),
      problem: `capacity.instanceTypes [${types.join(", ")}] must each be ${INSTANCE_TYPE.shape}`,
    },
    {
      ok: imageId !== DEFAULT_IMAGE_ID || types.every((type) => GRAVITON_INSTANCE_TYPE.pattern.test(type)),
      problem:
        `capacity.instanceTypes [${types.join(", ")}] must each be ${GRAVITON_INSTANCE_TYPE.shape}, ` +
        "or pass an x86_64 imageId",
    },
    integerInRange("capacity.min", capacity.min, GROUP_SIZE),
    {
      ok: capacity.min <= capacity.desired && capacity.desired <= capacity.max,
      problem:
        `capacity must satisfy min ≤ desired ≤ max; got ${capacity.min} ≤ ${capacity.desired} ≤ ` +
        String(capacity.max),
    },
    integerInRange("capacity.desired", capacity.desired, GROUP_SIZE),
    integerInRange("capacity.max", capacity.max, GROUP_SIZE),
    integerInRange("capacity.targetCpuUtilization", capacity.targetCpuUtilization ?? 50, TARGET_CPU_PERCENT),
    integerInRange("appPort", args.appPort ?? 8080, APP_PORT),
    matches("healthCheckPath", args.healthCheckPath ?? "/health/deep", HEALTH_CHECK_PATH),
    arnRule("queueArns", args.queueArns ?? [], arn("sqs", "[A-Za-z0-9_-]+(\\.fifo)?"), `SQS queue ARNs in ${region}`),
    arnRule(
      "secretArns",
      args.secretArns ?? [],
      arn("secretsmanager", "secret:[A-Za-z0-9/_+=.@!-]+"),
      `Secrets Manager secret ARNs in ${region}`,
    ),
    requiredInput(
      "database.clusterResourceId",
      args.database?.clusterResourceId,
      "pass CellDatabase.clusterResourceId",
    ),
    arnRule(
      "database.clusterResourceId",
      [args.database?.clusterResourceId ?? ""],
      /^(cluster-[A-Z0-9]+)?$/,
      'an Aurora cluster resource id such as "cluster-ABCDEFGHIJKLMNOP"',
    ),
    matches("database.user", args.database?.user ?? "app", DATABASE_USER),
    requiredInput("cacheArn", args.cacheArn, "pass the cache replication group ARN (CellCache)"),
    arnRule(
      "cacheArn",
      [args.cacheArn],
      arn("elasticache", "replicationgroup:[a-z][a-z0-9-]*"),
      `an ElastiCache replication group ARN in ${region}`,
    ),
    matches("imageId", imageId, IMAGE_ID),
    {
      ok: isModernTlsPolicy(sslPolicy),
      problem:
        `sslPolicy "${sslPolicy}" must be an ELB policy with TLS 1.2 or 1.3 minimum, e.g. ` + `"${DEFAULT_SSL_POLICY}"`,
    },
    integerInRange("rootVolumeSizeGiB", args.rootVolumeSizeGiB ?? 30, ROOT_VOLUME_GIB),
    integerInRange("accessLogRetentionDays", args.accessLogRetentionDays ?? 90, ACCESS_LOG_RETENTION_DAYS),
  ];
}
