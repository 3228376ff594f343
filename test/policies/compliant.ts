/**
 * Resources that comply with every policy of the pack, one builder per resource type. Policy cases change one
 * setting to get a violation; the benchmark builds realistic cell stacks from them.
 */
import type { AnalyzerResourceInput, PropertyMap } from "../../tools/analyzer";
import { secret } from "../../tools/analyzer";
import { ACCOUNT, CELL, cellResource, iamDocument, KEY_ARN, REGION, resource } from "./harness";

type Build = (overrides?: PropertyMap, name?: string) => AnalyzerResourceInput;

export const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:${CELL}-orders`;
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${CELL}-app`;

const aws =
  (type: string, defaultName: string, base: PropertyMap): Build =>
  (overrides = {}, name = defaultName) =>
    cellResource(type, name, { ...base, ...overrides });

/** A stateful cell resource: also carries Pulumi's `protect` option (stateful-protect). */
const stateful =
  (type: string, defaultName: string, base: PropertyMap): Build =>
  (overrides = {}, name = defaultName) =>
    cellResource(type, name, { ...base, ...overrides }, { protect: true });

export const queue = aws("aws:sqs/queue:Queue", `${CELL}-orders`, { name: `${CELL}-orders`, kmsMasterKeyId: KEY_ARN });
export const topic = aws("aws:sns/topic:Topic", `${CELL}-alarms`, { kmsMasterKeyId: KEY_ARN });
/** Its parameter group is named but not in a one-resource stack: rds-tls-enforced cannot judge it there. */
export const dbCluster = stateful("aws:rds/cluster:Cluster", `${CELL}-db`, {
  engine: "aurora-postgresql",
  engineVersion: "16.4",
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  dbClusterParameterGroupName: `${CELL}-db-params`,
  deletionProtection: true,
  backupRetentionPeriod: 14,
  skipFinalSnapshot: false,
  finalSnapshotIdentifier: `${CELL}-db-final`,
});
export const dbClusterParameterGroup = aws("aws:rds/clusterParameterGroup:ClusterParameterGroup", `${CELL}-db-params`, {
  family: "aurora-postgresql16",
  parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }],
});
export const dbClusterInstance = stateful("aws:rds/clusterInstance:ClusterInstance", `${CELL}-db-1`, {
  clusterIdentifier: `${CELL}-db`,
  engine: "aurora-postgresql",
  instanceClass: "db.r7g.large",
  publiclyAccessible: false,
});
/** PostgreSQL 15+ on RDS forces TLS by default (rds.force_ssl = 1), so the default parameter group is fine. */
export const dbInstance = stateful("aws:rds/instance:Instance", `${CELL}-reports-db`, {
  engine: "postgres",
  engineVersion: "16.3",
  instanceClass: "db.t4g.small",
  storageEncrypted: true,
  kmsKeyId: KEY_ARN,
  publiclyAccessible: false,
  deletionProtection: true,
  backupRetentionPeriod: 7,
  multiAz: true,
});
export const cache = stateful("aws:elasticache/replicationGroup:ReplicationGroup", `${CELL}-cache`, {
  description: "cell cache",
  atRestEncryptionEnabled: true,
  transitEncryptionEnabled: true,
  transitEncryptionMode: "required",
  kmsKeyId: KEY_ARN,
  authToken: secret("s3cr3t-token-value"),
  numCacheClusters: 2,
  automaticFailoverEnabled: true,
  multiAzEnabled: true,
  snapshotRetentionLimit: 7,
});
export const volume = aws("aws:ebs/volume:Volume", `${CELL}-data`, {
  availabilityZone: `${REGION}a`,
  size: 100,
  encrypted: true,
  kmsKeyId: KEY_ARN,
});
export const instance = aws("aws:ec2/instance:Instance", `${CELL}-worker`, {
  ami: "ami-0123456789abcdef0",
  instanceType: "m7g.large",
  associatePublicIpAddress: false,
  rootBlockDevice: { encrypted: true, kmsKeyId: KEY_ARN },
  ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
  metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
});
export const launchTemplate = aws("aws:ec2/launchTemplate:LaunchTemplate", `${CELL}-app-lt`, {
  imageId: "ami-0123456789abcdef0",
  blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN, volumeSize: 30 } }],
  metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
  networkInterfaces: [{ associatePublicIpAddress: "false", deviceIndex: 0 }],
});
export const launchConfiguration = aws("aws:ec2/launchConfiguration:LaunchConfiguration", `${CELL}-lc`, {
  imageId: "ami-0123456789abcdef0",
  instanceType: "m7g.large",
  associatePublicIpAddress: false,
  rootBlockDevice: { encrypted: true },
  metadataOptions: { httpTokens: "required", httpEndpoint: "enabled" },
});
export const kmsKey = stateful("aws:kms/key:Key", `${CELL}-key`, { description: "cell key", enableKeyRotation: true });
export const logGroup = aws("aws:cloudwatch/logGroup:LogGroup", `${CELL}-app-logs`, {
  retentionInDays: 30,
  kmsKeyId: KEY_ARN,
});
export const secretResource = aws("aws:secretsmanager/secret:Secret", `${CELL}-db-password`, { kmsKeyId: KEY_ARN });
export const eksCluster = aws("aws:eks/cluster:Cluster", `${CELL}-eks`, {
  roleArn: ROLE_ARN,
  vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPublicAccess: false, endpointPrivateAccess: true },
  encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
  enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
  accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
});
/** An EKS node group's launch template: IMDSv2 only, one hop, encrypted volume, no instance profile. */
export const nodeLaunchTemplate = aws("aws:ec2/launchTemplate:LaunchTemplate", `${CELL}-node-template`, {
  blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: KEY_ARN, volumeSize: 50 } }],
  metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
});
/** A managed node group launched from {@link nodeLaunchTemplate} (linked through its dependencies). */
export function nodeGroup(overrides: PropertyMap = {}, template = nodeLaunchTemplate()): AnalyzerResourceInput {
  return cellResource(
    "aws:eks/nodeGroup:NodeGroup",
    `${CELL}-nodes`,
    {
      clusterName: `${CELL}-eks`,
      nodeRoleArn: ROLE_ARN,
      subnetIds: ["subnet-1", "subnet-2"],
      scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 },
      launchTemplate: { id: "lt-0123456789abcdef0", version: "1" },
      ...overrides,
    },
    { dependencies: [template.urn] },
  );
}
export const httpsListener = aws("aws:lb/listener:Listener", `${CELL}-https`, {
  loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${CELL}-alb/1`,
  port: 443,
  protocol: "HTTPS",
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  certificateArn: `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${CELL}`,
  defaultActions: [
    { type: "forward", targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${CELL}-app/1` },
  ],
});
export const httpRedirectListener = aws("aws:lb/listener:Listener", `${CELL}-http`, {
  loadBalancerArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/${CELL}-alb/1`,
  port: 80,
  protocol: "HTTP",
  defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
});
export const managedPolicy = aws("aws:iam/policy:Policy", `${CELL}-app-policy`, {
  policy: iamDocument(
    { Effect: "Allow", Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: QUEUE_ARN },
    { Effect: "Allow", Action: "kms:Decrypt", Resource: [KEY_ARN] },
    { Effect: "Allow", Action: ["ec2:DescribeInstances", "cloudwatch:PutMetricData"], Resource: "*" },
  ),
});
export const role = aws("aws:iam/role:Role", `${CELL}-app`, {
  assumeRolePolicy: iamDocument({
    Effect: "Allow",
    Principal: { Service: "ec2.amazonaws.com" },
    Action: "sts:AssumeRole",
  }),
  inlinePolicies: [
    { name: "queue", policy: iamDocument({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }) },
  ],
});
export const rolePolicy = (overrides: PropertyMap = {}, name = `${CELL}-app-inline`) =>
  resource("aws:iam/rolePolicy:RolePolicy", name, {
    role: `${CELL}-app`,
    policy: iamDocument({ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }),
    ...overrides,
  });
export const roleAttachment = (overrides: PropertyMap = {}, name = `${CELL}-app-attach`) =>
  resource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, {
    role: `${CELL}-app`,
    policyArn: `arn:aws:iam::${ACCOUNT}:policy/${CELL}-app-policy`,
    ...overrides,
  });
export const securityGroup = aws("aws:ec2/securityGroup:SecurityGroup", `${CELL}-alb-sg`, {
  vpcId: "vpc-1",
  ingress: [
    { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], ipv6CidrBlocks: ["::/0"] },
    { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
    { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] },
  ],
  egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
});
export const securityGroupRule = (overrides: PropertyMap = {}, name = `${CELL}-app-from-alb`) =>
  resource("aws:ec2/securityGroupRule:SecurityGroupRule", name, {
    type: "ingress",
    securityGroupId: "sg-app",
    protocol: "tcp",
    fromPort: 8080,
    toPort: 8080,
    sourceSecurityGroupId: "sg-alb",
    ...overrides,
  });
export const ingressRule = aws("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", `${CELL}-https-in`, {
  securityGroupId: "sg-alb",
  ipProtocol: "tcp",
  fromPort: 443,
  toPort: 443,
  cidrIpv4: "0.0.0.0/0",
});

const RESTRICTED_POD = {
  automountServiceAccountToken: false,
  securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
  containers: [
    {
      name: "app",
      image: "registry.example.com/app:1.0",
      securityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] } },
    },
  ],
};

/** A Deployment (or another workload kind) whose pod meets the Restricted profile; `pod` overrides its spec. */
export function deployment(
  pod: PropertyMap = {},
  kind = "kubernetes:apps/v1:Deployment",
  name = `${CELL}-app`,
): AnalyzerResourceInput {
  const podSpec = { ...RESTRICTED_POD, ...pod };
  const spec =
    kind === "kubernetes:core/v1:Pod"
      ? podSpec
      : kind === "kubernetes:batch/v1:CronJob"
        ? { schedule: "*/5 * * * *", jobTemplate: { spec: { template: { spec: podSpec } } } }
        : { template: { spec: podSpec } };
  return resource(kind, name, { metadata: { name, namespace: CELL }, spec });
}

export function restrictedContainer(securityContext: PropertyMap): PropertyMap {
  return {
    containers: [
      {
        name: "app",
        image: "registry.example.com/app:1.0",
        securityContext: { ...RESTRICTED_POD.containers[0].securityContext, ...securityContext },
      },
    ],
  };
}

export const bucket = aws("aws:s3/bucket:Bucket", `${CELL}-artifacts`, { bucket: `${CELL}-artifacts` });

/** A bucket with its encryption configuration and public access block, linked as the engine links them. */
export function privateBucket(name = `${CELL}-artifacts`, sseAlgorithm = "aws:kms"): AnalyzerResourceInput[] {
  const theBucket = bucket({ bucket: name }, name);
  return [
    theBucket,
    resource(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      `${name}-sse`,
      {
        bucket: name,
        rules: [
          { applyServerSideEncryptionByDefault: { sseAlgorithm, kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true },
        ],
      },
      { dependencies: [theBucket.urn] },
    ),
    resource(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      `${name}-pab`,
      {
        bucket: name,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { dependencies: [theBucket.urn] },
    ),
    resource(
      "aws:s3/bucketPolicy:BucketPolicy",
      `${name}-policy`,
      {
        bucket: name,
        policy: iamDocument({
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${name}`, `arn:aws:s3:::${name}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      },
      { dependencies: [theBucket.urn] },
    ),
  ];
}

export const loadBalancer = aws("aws:lb/loadBalancer:LoadBalancer", `${CELL}-alb`, {
  loadBalancerType: "application",
  internal: false,
  subnets: ["subnet-a", "subnet-b"],
  accessLogs: { bucket: `${CELL}-alb-logs`, enabled: true },
});
export const autoscalingGroup = aws("aws:autoscaling/group:Group", `${CELL}-asg`, {
  minSize: 2,
  maxSize: 4,
  vpcZoneIdentifiers: ["subnet-a", "subnet-b"],
  targetGroupArns: [`arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${CELL}-app/1`],
  healthCheckType: "ELB",
});
export const vpc = aws("aws:ec2/vpc:Vpc", `${CELL}-vpc`, { cidrBlock: "10.0.0.0/16" });

/** A VPC with its flow log, linked as the engine links them. */
export function vpcWithFlowLog(name = `${CELL}-vpc`): AnalyzerResourceInput[] {
  const theVpc = vpc({}, name);
  return [
    theVpc,
    cellResource(
      "aws:ec2/flowLog:FlowLog",
      `${name}-flow-log`,
      { vpcId: `${name}-id`, trafficType: "ALL", logDestinationType: "cloud-watch-logs" },
      { dependencies: [theVpc.urn] },
    ),
  ];
}

/** A distribution as the fleet's edge declares one, plus the web ACL and access logs it still lacks. */
export const distribution = aws("aws:cloudfront/distribution:Distribution", `${CELL}-edge`, {
  enabled: true,
  aliases: ["app.example.com"],
  origins: [
    {
      originId: "cells",
      domainName: "origin.example.com",
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
      },
    },
  ],
  defaultCacheBehavior: {
    targetOriginId: "cells",
    viewerProtocolPolicy: "https-only",
    allowedMethods: ["GET", "HEAD"],
    cachedMethods: ["GET", "HEAD"],
  },
  orderedCacheBehaviors: [
    {
      pathPattern: "/static/*",
      targetOriginId: "cells",
      viewerProtocolPolicy: "redirect-to-https",
      allowedMethods: ["GET", "HEAD"],
      cachedMethods: ["GET", "HEAD"],
    },
  ],
  restrictions: { geoRestriction: { restrictionType: "none" } },
  viewerCertificate: {
    acmCertificateArn: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/edge`,
    sslSupportMethod: "sni-only",
    minimumProtocolVersion: "TLSv1.2_2021",
  },
  webAclId: `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/edge/1`,
  loggingConfig: { bucket: "edge-logs.s3.amazonaws.com", prefix: "edge/" },
});

export const hostedZone = aws("aws:route53/zone:Zone", `${CELL}-zone`, { name: "example.com" });
