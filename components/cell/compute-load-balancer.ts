/**
 * The internet-facing side of `CellCompute`: an Application Load Balancer that only speaks TLS 1.2+ on 443 (no HTTP
 * listener: only CloudFront, which connects over HTTPS, and Route 53's health checkers reach it), its target group
 * with a deep health check, and the bucket its access logs go to. Built as children of the compute component; kept
 * apart so each file stays about one thing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { scopedPolicyDocument, type AwsAccount, type PolicyStatement } from "../lib/iam";
import type { LoadBalancedAppArgs } from "../lib/cell-args";
import { cellTags, type CellIdentity } from "../lib/tags";

/** The recommended TLS 1.3 + 1.2 policy with forward secrecy only. */
export const DEFAULT_SSL_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * ELB security policies whose minimum protocol is TLS 1.2 or 1.3: the `TLS13-1-2`/`TLS13-1-3` families (with their
 * Res/Ext/FIPS/PQ variants) and the TLS 1.2-only `TLS-1-2` and `FS-1-2` ones. Excludes `ELBSecurityPolicy-2016-08`
 * (the API default), which still accepts TLS 1.0.
 */
export function isModernTlsPolicy(policy: string): boolean {
  return /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)-[A-Za-z0-9-]*20\d\d-\d\d$/.test(policy);
}

/** What `CellCompute` or `CellCluster` hands over, defaults already applied (see `CellComputeArgs` for each field). */
export interface LoadBalancerSettings {
  cell: CellIdentity;
  account: pulumi.Output<AwsAccount>;
  vpcId: pulumi.Input<string>;
  publicSubnetIds: pulumi.Input<string>[];
  securityGroupId: pulumi.Input<string>;
  /** Further groups on the load balancer (the Route 53 health checkers' group). */
  extraSecurityGroupIds: pulumi.Input<string>[];
  certificateArn: pulumi.Input<string>;
  sslPolicy: string;
  appPort: number;
  healthCheckPath: string;
  deletionProtection: boolean;
  accessLogRetentionDays: number;
}

/** Where the load balancer goes and which groups it wears, as CellCompute and CellCluster both state them. */
export function loadBalancerPlacement(
  args: LoadBalancedAppArgs,
): Pick<
  LoadBalancerSettings,
  "cell" | "vpcId" | "publicSubnetIds" | "securityGroupId" | "extraSecurityGroupIds" | "certificateArn"
> {
  return {
    cell: args.cell,
    vpcId: args.vpcId,
    publicSubnetIds: args.publicSubnetIds,
    securityGroupId: args.loadBalancerSecurityGroupId,
    extraSecurityGroupIds: args.healthCheckSecurityGroupId ? [args.healthCheckSecurityGroupId] : [],
    certificateArn: args.certificateArn,
  };
}

/** The resources created, for the component's escape-hatch fields. */
export interface AppLoadBalancer {
  loadBalancer: aws.lb.LoadBalancer;
  targetGroup: aws.lb.TargetGroup;
  httpsListener: aws.lb.Listener;
  accessLogBucket: aws.s3.Bucket;
  accessLogBucketPolicy: aws.s3.BucketPolicy;
}

/** Creates the load balancer and everything it needs as children of `parent`, named `${name}-<role>`. */
export function createAppLoadBalancer(
  name: string,
  settings: LoadBalancerSettings,
  parent: pulumi.Resource,
): AppLoadBalancer {
  const tags = cellTags(settings.cell);
  const { bucket, policy } = createAccessLogBucket(`${name}-access-logs`, settings, parent);
  const targetGroup = new aws.lb.TargetGroup(
    `${name}-tg`,
    {
      vpcId: settings.vpcId,
      targetType: "instance",
      protocol: "HTTP",
      port: settings.appPort,
      deregistrationDelay: 30,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        port: "traffic-port",
        path: settings.healthCheckPath,
        matcher: "200",
        interval: 15,
        timeout: 5,
        healthyThreshold: 3,
        unhealthyThreshold: 2,
      },
      tags,
    },
    { parent },
  );
  const loadBalancer = new aws.lb.LoadBalancer(
    `${name}-alb`,
    {
      loadBalancerType: "application",
      internal: false,
      subnets: settings.publicSubnetIds,
      securityGroups: [settings.securityGroupId, ...settings.extraSecurityGroupIds],
      dropInvalidHeaderFields: true,
      desyncMitigationMode: "defensive",
      enableDeletionProtection: settings.deletionProtection,
      accessLogs: { bucket: bucket.id, enabled: true },
      tags,
    },
    { parent, dependsOn: [policy] },
  ); // ELB checks it may write to the bucket when access logs are turned on.
  const httpsListener = new aws.lb.Listener(
    `${name}-https`,
    {
      loadBalancerArn: loadBalancer.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: settings.sslPolicy,
      certificateArn: settings.certificateArn,
      defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      tags,
    },
    { parent },
  );
  return {
    loadBalancer,
    targetGroup,
    httpsListener,
    accessLogBucket: bucket,
    accessLogBucketPolicy: policy,
  };
}

/**
 * The access-log bucket: private (owner-enforced, every public access block on), versioned, SSE-S3 encrypted (the
 * only encryption ELB log delivery supports), TLS-only, writable only by ELB log delivery, and expiring its logs.
 */
function createAccessLogBucket(
  name: string,
  settings: LoadBalancerSettings,
  parent: pulumi.Resource,
): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
  const child = { parent };
  const bucket = new aws.s3.Bucket(
    name,
    { forceDestroy: false, tags: cellTags(settings.cell, { "cellplane:purpose": "alb-access-logs" }) },
    child,
  );
  const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    child,
  );
  const ownership = new aws.s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    child,
  );
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.id,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    },
    child,
  );
  new aws.s3.BucketVersioning(
    `${name}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    child,
  );
  new aws.s3.BucketLifecycleConfiguration(
    `${name}-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire-access-logs",
          status: "Enabled",
          filter: {},
          expiration: { days: settings.accessLogRetentionDays },
          noncurrentVersionExpiration: { noncurrentDays: 30 },
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    },
    child,
  );
  const policy = new aws.s3.BucketPolicy(
    `${name}-policy`,
    {
      bucket: bucket.id,
      policy: settings.account.apply((account) =>
        scopedPolicyDocument(accessLogBucketPolicyStatements(bucket.arn, account)),
      ),
    },
    { parent, dependsOn: [publicAccessBlock, ownership] },
  );
  return { bucket, policy };
}

/**
 * ELB log delivery may put objects under this account's prefix only (not narrower: enabling logs first writes
 * `AWSLogs/<account>/ELBAccessLogTestFile`); nobody may use the bucket without TLS.
 */
export function accessLogBucketPolicyStatements(
  bucketArn: pulumi.Input<string>,
  account: AwsAccount,
): PolicyStatement[] {
  return [
    {
      Sid: "ElbLogDeliveryWritesAccessLogs",
      Effect: "Allow",
      Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: pulumi.interpolate`${bucketArn}/AWSLogs/${account.accountId}/*`,
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": false } },
    },
  ];
}
