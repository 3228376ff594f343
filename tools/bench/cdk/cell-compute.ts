/**
 * The CDK baseline's app tier of one cell: what components/cell/cell-compute.ts, compute-app.ts and
 * compute-load-balancer.ts build — the instance role with least-privilege policies, a launch template (IMDSv2, hop
 * limit 1, encrypted root volume, the same cloud-init user data), an autoscaling group of prioritized instance types
 * tracking CPU, and an internet-facing ALB with an HTTPS listener, a target group and an access-log bucket.
 */
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import * as autoscaling from "aws-cdk-lib/aws-autoscaling";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as elbv2 from "aws-cdk-lib/aws-elasticloadbalancingv2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import * as s3 from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";
import { ecrRegistry, renderAppUserData } from "../../../components/cell/app-user-data";
import type { CellSpec } from "../../../fleet/schema";
import type { CellFirewall } from "./cell-network";

const IMAGE_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";
const SQS_ACTIONS = [
  ...["SendMessage", "ReceiveMessage", "DeleteMessage", "ChangeMessageVisibility", "GetQueueAttributes", "GetQueueUrl"],
].map((action) => `sqs:${action}`);
const GRACE = Duration.seconds(300);

export interface CellComputeProps {
  spec: CellSpec;
  key: kms.IKey;
  vpc: ec2.IVpc;
  firewall: CellFirewall;
  certificateArn: string;
  queueArns: string[];
  secretArns: string[];
  /** `rds-db:connect` resource of the app's database user. */
  databaseUserArn: string;
  cacheArn: string;
  /** The container's environment (endpoints, names): tokens resolve into the user data. */
  environment: Record<string, string>;
}

export class CellCompute extends Construct {
  readonly role: iam.Role;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;

  constructor(scope: Construct, id: string, props: CellComputeProps) {
    super(scope, id);
    const { spec, key, vpc, firewall } = props;
    const { account, partition, region } = Stack.of(this);
    this.role = new iam.Role(this, "InstanceRole", {
      roleName: `${spec.id}-app`,
      description: `App instances of cell ${spec.id}`,
      assumedBy: new iam.ServicePrincipal("ec2.amazonaws.com"),
    });
    const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      new iam.PolicyStatement({ actions, resources, conditions });
    this.role.addToPolicy(allow(SQS_ACTIONS, props.queueArns));
    this.role.addToPolicy(allow(["kms:Decrypt", "kms:GenerateDataKey"], [key.keyArn]));
    this.role.addToPolicy(allow(["secretsmanager:GetSecretValue"], props.secretArns));
    this.role.addToPolicy(allow(["rds-db:connect"], [props.databaseUserArn]));
    this.role.addToPolicy(allow(["elasticache:Connect"], [props.cacheArn]));

    const appLogs = new logs.LogGroup(this, "AppLogs", {
      encryptionKey: key,
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    const namespace = `cellplane/${spec.id}`;
    const registry = ecrRegistry(spec.app.image);
    const agents = new iam.Policy(this, "AgentsPolicy", {
      roles: [this.role],
      statements: [
        allow(["ssm:UpdateInstanceInformation"], [`arn:${partition}:ec2:${region}:${account}:instance/*`]),
        allow(["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel"], ["*"]),
        allow(["ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"], ["*"]),
        allow(["cloudwatch:PutMetricData"], ["*"], { StringEquals: { "cloudwatch:namespace": namespace } }),
        allow(["logs:CreateLogStream", "logs:PutLogEvents"], [appLogs.logGroupArn, `${appLogs.logGroupArn}:*`]),
        ...(registry
          ? [
              allow(["ecr:GetAuthorizationToken"], ["*"]),
              allow(
                ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                [
                  `arn:${partition}:ecr:${registry.region}:${registry.account}:repository/` +
                    spec.app.image.slice(registry.host.length + 1),
                ],
              ),
            ]
          : []),
      ],
    });

    const userData = ec2.UserData.custom(
      renderAppUserData({
        cellId: spec.id,
        region: spec.region,
        image: spec.app.image,
        version: spec.app.version,
        port: spec.app.port,
        logGroupName: appLogs.logGroupName,
        metricsNamespace: namespace,
        environment: props.environment,
      }),
    );
    const launchTemplate = new ec2.LaunchTemplate(this, "LaunchTemplate", {
      machineImage: ec2.MachineImage.resolveSsmParameterAtLaunch(IMAGE_PARAMETER, {
        os: ec2.OperatingSystemType.LINUX,
      }),
      role: this.role,
      userData,
      requireImdsv2: true,
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: false,
      detailedMonitoring: true,
      securityGroup: firewall.app,
      associatePublicIpAddress: false,
      blockDevices: [
        {
          deviceName: "/dev/xvda",
          volume: ec2.BlockDeviceVolume.ebs(30, {
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            encrypted: true,
            kmsKey: key,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    launchTemplate.node.addDependency(agents);

    const { capacity } = spec;
    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, "Asg", {
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minCapacity: capacity.min,
      desiredCapacity: capacity.desired,
      maxCapacity: capacity.max,
      mixedInstancesPolicy: {
        launchTemplate,
        launchTemplateOverrides: capacity.instanceTypes.map((type) => ({ instanceType: new ec2.InstanceType(type) })),
        instancesDistribution: {
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          onDemandBaseCapacity: 0,
          onDemandPercentageAboveBaseCapacity: 100,
        },
      },
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: GRACE,
      }),
      groupMetrics: [autoscaling.GroupMetrics.all()],
      // CloudFormation's way to roll the instances when the launch template changes (cellplane: instance refresh).
      updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({ pauseTime: GRACE }),
    });
    this.autoScalingGroup.scaleOnCpuUtilization("CpuTargetTracking", {
      targetUtilizationPercent: capacity.targetCpuUtilization,
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, "Alb", {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroup: firewall.loadBalancer,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.DEFENSIVE,
      deletionProtection: true,
    });
    this.loadBalancer.addSecurityGroup(firewall.healthChecks);
    this.loadBalancer.logAccessLogs(this.accessLogBucket());
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, "TargetGroup", {
      vpc,
      targetType: elbv2.TargetType.INSTANCE,
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: spec.app.port,
      deregistrationDelay: Duration.seconds(30),
      targets: [this.autoScalingGroup],
      healthCheck: {
        enabled: true,
        protocol: elbv2.Protocol.HTTP,
        path: spec.app.healthCheckPath,
        healthyHttpCodes: "200",
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 3,
        unhealthyThresholdCount: 2,
      },
    });
    this.loadBalancer.addListener("Https", {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      certificates: [elbv2.ListenerCertificate.fromArn(props.certificateArn)],
      defaultTargetGroups: [this.targetGroup],
      open: false,
    });
  }

  /** compute-load-balancer.ts: private, versioned, owner-enforced, TLS-only, expiring after 90 days. */
  private accessLogBucket(): s3.Bucket {
    return new s3.Bucket(this, "AccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: "expire-access-logs",
          expiration: Duration.days(90),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
  }
}
