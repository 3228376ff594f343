/**
 * How the CDK baseline's CloudFormation resources correspond to cellplane's Pulumi resources, so "the same cell
 * shape" can be checked rather than claimed: each resource of either side falls into one part of the cell (its
 * category), and each row of {@link TYPE_MAPPING} says which types build the same thing and whether the counts
 * must be equal. docs/cdk-baseline.md renders the same table for people.
 */
import { VERSION_REPORTING_TYPE, type SynthesizedStack } from "./cdk-app";

export const CATEGORIES = ["key", "network", "firewall", "database", "queues", "cache", "compute", "alarms"] as const;
export type Category = (typeof CATEGORIES)[number];
export type CategoryCounts = Record<Category, number>;

/** The cell component that owns a cellplane resource (its nearest component ancestor) → its category. */
const CELLPLANE_COMPONENTS: Record<string, Category> = {
  "cellplane:cell:CellKey": "key",
  "cellplane:cell:CellNetwork": "network",
  "cellplane:cell:CellFirewall": "firewall",
  "cellplane:cell:CellDatabase": "database",
  "cellplane:cell:DatabaseUser": "database",
  "cellplane:cell:CellQueue": "queues",
  "cellplane:cell:CellCache": "cache",
  "cellplane:cell:CellCompute": "compute",
  "cellplane:cell:CellAlarms": "alarms",
};

/** The top-level construct of a CDK resource's path (`cell-<id>/<Part>/…`) → its category (cell-stack.ts). */
const CDK_PARTS: Record<string, Category> = {
  Key: "key",
  Network: "network",
  // The stack-wide provider of the VPC's restrict-default-security-group custom resource.
  "Custom::VpcRestrictDefaultSGCustomResourceProvider": "network",
  Firewall: "firewall",
  Database: "database",
  Queues: "queues",
  Cache: "cache",
  Compute: "compute",
  Alarms: "alarms",
};

/** A resource of a cellplane plan file, as far as the mapping reads it. */
export interface PlanResourceRef {
  urn: string;
  type: string;
  parent?: string;
}

/**
 * One row of the mapping (a type appears in one row only). `equal`: the two sides must create as many of these as
 * each other in every cell; otherwise `note` says why the counts differ (CloudFormation folds a Pulumi resource into
 * a property, or CDK adds one).
 */
export interface TypeMapping {
  pulumi: string[];
  cloudFormation: string[];
  equal: boolean;
  note?: string;
}

const same = (pulumi: string, cloudFormation: string): TypeMapping => ({
  pulumi: [pulumi],
  cloudFormation: [cloudFormation],
  equal: true,
});
const differs = (pulumi: string[], cloudFormation: string[], note: string): TypeMapping => ({
  pulumi,
  cloudFormation,
  equal: false,
  note,
});

export const TYPE_MAPPING: TypeMapping[] = [
  same("aws:kms/key:Key", "AWS::KMS::Key"),
  same("aws:kms/alias:Alias", "AWS::KMS::Alias"),
  same("aws:ec2/vpc:Vpc", "AWS::EC2::VPC"),
  same("aws:ec2/subnet:Subnet", "AWS::EC2::Subnet"),
  same("aws:ec2/eip:Eip", "AWS::EC2::EIP"),
  same("aws:ec2/natGateway:NatGateway", "AWS::EC2::NatGateway"),
  differs(
    ["aws:ec2/internetGateway:InternetGateway"],
    ["AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment"],
    "CloudFormation attaches the gateway with a resource of its own",
  ),
  differs(
    ["aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route"],
    ["AWS::EC2::RouteTable", "AWS::EC2::Route"],
    "ec2.Vpc gives every public subnet its own route table (and default route); cellplane shares one",
  ),
  same("aws:ec2/routeTableAssociation:RouteTableAssociation", "AWS::EC2::SubnetRouteTableAssociation"),
  same("aws:ec2/vpcEndpoint:VpcEndpoint", "AWS::EC2::VPCEndpoint"),
  same("aws:ec2/flowLog:FlowLog", "AWS::EC2::FlowLog"),
  {
    ...same("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "Custom::VpcRestrictDefaultSG"),
    note: "CDK empties the default security group with a custom resource (its function and role: rows below)",
  },
  same("aws:cloudwatch/logGroup:LogGroup", "AWS::Logs::LogGroup"),
  same("aws:ec2/securityGroup:SecurityGroup", "AWS::EC2::SecurityGroup"),
  differs(
    [
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    ],
    ["AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"],
    "CDK inlines the HTTPS egress rule (a CIDR) in the app group and opens the app port from both load balancer groups",
  ),
  differs(["aws:iam/role:Role"], ["AWS::IAM::Role"], "plus the role of CDK's default-security-group function"),
  same("aws:iam/rolePolicy:RolePolicy", "AWS::IAM::Policy"),
  same("aws:iam/instanceProfile:InstanceProfile", "AWS::IAM::InstanceProfile"),
  same("aws:rds/cluster:Cluster", "AWS::RDS::DBCluster"),
  same("aws:rds/clusterInstance:ClusterInstance", "AWS::RDS::DBInstance"),
  same("aws:rds/clusterParameterGroup:ClusterParameterGroup", "AWS::RDS::DBClusterParameterGroup"),
  same("aws:rds/subnetGroup:SubnetGroup", "AWS::RDS::DBSubnetGroup"),
  differs(["aws:lambda/function:Function"], ["AWS::Lambda::Function"], "plus CDK's default-security-group function"),
  same("aws:lambda/invocation:Invocation", "AWS::CloudFormation::CustomResource"),
  same("aws:sqs/queue:Queue", "AWS::SQS::Queue"),
  same("aws:sqs/queuePolicy:QueuePolicy", "AWS::SQS::QueuePolicy"),
  differs(["aws:sqs/redriveAllowPolicy:RedriveAllowPolicy"], [], "a property of the dead-letter AWS::SQS::Queue"),
  same("aws:elasticache/subnetGroup:SubnetGroup", "AWS::ElastiCache::SubnetGroup"),
  same("aws:elasticache/replicationGroup:ReplicationGroup", "AWS::ElastiCache::ReplicationGroup"),
  same("aws:secretsmanager/secret:Secret", "AWS::SecretsManager::Secret"),
  differs(
    ["aws:secretsmanager/secretVersion:SecretVersion", "random:index/randomPassword:RandomPassword"],
    [],
    "Secrets Manager generates the token: GenerateSecretString, a property of AWS::SecretsManager::Secret",
  ),
  same("aws:ec2/launchTemplate:LaunchTemplate", "AWS::EC2::LaunchTemplate"),
  same("aws:autoscaling/group:Group", "AWS::AutoScaling::AutoScalingGroup"),
  same("aws:autoscaling/policy:Policy", "AWS::AutoScaling::ScalingPolicy"),
  same("aws:lb/loadBalancer:LoadBalancer", "AWS::ElasticLoadBalancingV2::LoadBalancer"),
  same("aws:lb/targetGroup:TargetGroup", "AWS::ElasticLoadBalancingV2::TargetGroup"),
  same("aws:lb/listener:Listener", "AWS::ElasticLoadBalancingV2::Listener"),
  same("aws:s3/bucket:Bucket", "AWS::S3::Bucket"),
  same("aws:s3/bucketPolicy:BucketPolicy", "AWS::S3::BucketPolicy"),
  differs(
    [
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketVersioning:BucketVersioning",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    ],
    [],
    "properties of AWS::S3::Bucket",
  ),
  same("aws:sns/topic:Topic", "AWS::SNS::Topic"),
  same("aws:sns/topicSubscription:TopicSubscription", "AWS::SNS::Subscription"),
  same("aws:cloudwatch/metricAlarm:MetricAlarm", "AWS::CloudWatch::Alarm"),
  same("aws:cloudwatch/dashboard:Dashboard", "AWS::CloudWatch::Dashboard"),
];

/** A cellplane resource that exists in the cloud (not a component, provider or the stack itself). */
export function isCloudResource(type: string): boolean {
  return type.startsWith("aws:") || type.startsWith("random:");
}

/** Per category, the cloud resources of one cell's plan (resources outside any cell component are refused). */
export function cellplaneCategories(resources: PlanResourceRef[]): CategoryCounts {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const counts = emptyCounts();
  for (const resource of resources.filter((candidate) => isCloudResource(candidate.type))) {
    let owner = resource.parent ? byUrn.get(resource.parent) : undefined;
    while (owner && !(owner.type in CELLPLANE_COMPONENTS)) {
      owner = owner.parent ? byUrn.get(owner.parent) : undefined;
    }
    if (!owner) {
      throw new Error(`${resource.urn} belongs to no cell component: add its component to CELLPLANE_COMPONENTS`);
    }
    counts[CELLPLANE_COMPONENTS[owner.type]] += 1;
  }
  return counts;
}

/** Per category, the CloudFormation resources of one CDK stack (by the first construct of `aws:cdk:path`). */
export function cdkCategories(stack: SynthesizedStack): CategoryCounts {
  const counts = emptyCounts();
  for (const [logicalId, resource] of Object.entries(stack.resources)) {
    if (resource.Type === VERSION_REPORTING_TYPE) {
      continue;
    }
    const part = resource.Metadata?.["aws:cdk:path"]?.split("/")[1] ?? "";
    const category = CDK_PARTS[part];
    if (!category) {
      throw new Error(`${stack.stackName}/${logicalId} (${part || "no aws:cdk:path"}) belongs to no part of the cell`);
    }
    counts[category] += 1;
  }
  return counts;
}

/**
 * How far a part of a CDK cell may be from cellplane's count of the same part: 30 % or 3 resources, whichever is
 * more. The rows of {@link TYPE_MAPPING} that are not `equal` explain the difference; a missing database, queue or
 * alarm set is far outside it.
 */
export const CATEGORY_TOLERANCE = { relative: 0.3, absolute: 3 } as const;

export function withinTolerance(cdk: number, cellplane: number): boolean {
  const allowed = Math.max(CATEGORY_TOLERANCE.absolute, CATEGORY_TOLERANCE.relative * cellplane);
  return Math.abs(cdk - cellplane) <= allowed;
}

/** How many resources of the given types a list of types holds. */
export function countOfTypes(types: string[], wanted: string[]): number {
  return types.filter((type) => wanted.includes(type)).length;
}

function emptyCounts(): CategoryCounts {
  return Object.fromEntries(CATEGORIES.map((category) => [category, 0])) as CategoryCounts;
}
