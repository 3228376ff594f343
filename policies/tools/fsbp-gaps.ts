/**
 * FSBP controls that evaluate resource types the pack reads but that no policy maps to yet, per Security Hub
 * service page (https://docs.aws.amazon.com/securityhub/latest/userguide/<service>-controls.html). Ids and titles
 * were taken from those pages' control lists as of this round; each must be checked against its page again
 * (and added to test/policies/catalog.test.ts) when a policy takes it on. Controls about runtime state (findings,
 * unused resources, event subscriptions) are left out: a plan cannot see them.
 */
export interface FsbpGap {
  id: string;
  title: string;
  /** The Pulumi types the control evaluates. */
  types: readonly string[];
}

const RDS_CLUSTER = "aws:rds/cluster:Cluster";
const RDS_INSTANCE = "aws:rds/instance:Instance";

export const FSBP_GAPS: readonly FsbpGap[] = [
  { id: "RDS.9", title: "RDS DB instances should publish logs to CloudWatch Logs", types: [RDS_INSTANCE] },
  { id: "RDS.10", title: "IAM authentication should be configured for RDS instances", types: [RDS_INSTANCE] },
  { id: "RDS.12", title: "IAM authentication should be configured for RDS clusters", types: [RDS_CLUSTER] },
  { id: "RDS.13", title: "RDS automatic minor version upgrades should be enabled", types: [RDS_INSTANCE] },
  { id: "RDS.16", title: "RDS DB clusters should be configured to copy tags to snapshots", types: [RDS_CLUSTER] },
  { id: "RDS.17", title: "RDS DB instances should be configured to copy tags to snapshots", types: [RDS_INSTANCE] },
  {
    id: "ElastiCache.2",
    title: "ElastiCache clusters should have automatic minor version upgrades enabled",
    types: ["aws:elasticache/replicationGroup:ReplicationGroup"],
  },
  {
    id: "ELB.4",
    title: "Application Load Balancer should be configured to drop invalid http headers",
    types: ["aws:lb/loadBalancer:LoadBalancer"],
  },
  {
    id: "ELB.6",
    title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled",
    types: ["aws:lb/loadBalancer:LoadBalancer"],
  },
  {
    id: "ELB.12",
    title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode",
    types: ["aws:lb/loadBalancer:LoadBalancer"],
  },
  {
    id: "ELB.7",
    title: "Classic Load Balancers should have connection draining enabled",
    types: ["aws:elb/loadBalancer:LoadBalancer"],
  },
  {
    id: "ELB.9",
    title: "Classic Load Balancers should have cross-zone load balancing enabled",
    types: ["aws:elb/loadBalancer:LoadBalancer"],
  },
  {
    id: "CloudFront.1",
    title: "CloudFront distributions should have a default root object configured",
    types: ["aws:cloudfront/distribution:Distribution"],
  },
  {
    id: "CloudFront.13",
    title: "CloudFront distributions should use origin access control",
    types: ["aws:cloudfront/distribution:Distribution"],
  },
  { id: "EKS.8", title: "EKS clusters should have audit logging enabled", types: ["aws:eks/cluster:Cluster"] },
  {
    id: "DynamoDB.2",
    title: "DynamoDB tables should have point-in-time recovery enabled",
    types: ["aws:dynamodb/table:Table"],
  },
  {
    id: "DynamoDB.6",
    title: "DynamoDB tables should have deletion protection enabled",
    types: ["aws:dynamodb/table:Table"],
  },
  {
    id: "Opensearch.2",
    title: "OpenSearch domains should not be publicly accessible",
    types: ["aws:opensearch/domain:Domain"],
  },
  {
    id: "Opensearch.7",
    title: "OpenSearch domains should have fine-grained access control enabled",
    types: ["aws:opensearch/domain:Domain"],
  },
  {
    id: "Redshift.1",
    title: "Amazon Redshift clusters should prohibit public access",
    types: ["aws:redshift/cluster:Cluster"],
  },
  {
    id: "Redshift.3",
    title: "Amazon Redshift clusters should have automatic snapshots enabled",
    types: ["aws:redshift/cluster:Cluster"],
  },
  {
    id: "DocumentDB.2",
    title: "Amazon DocumentDB clusters should have an adequate backup retention period",
    types: ["aws:docdb/cluster:Cluster"],
  },
  {
    id: "CloudTrail.4",
    title: "CloudTrail log file validation should be enabled",
    types: ["aws:cloudtrail/trail:Trail"],
  },
  {
    id: "SecretsManager.1",
    title: "Secrets Manager secrets should have automatic rotation enabled",
    types: ["aws:secretsmanager/secret:Secret"],
  },
  {
    id: "KMS.3",
    title: "AWS KMS keys should not be deleted unintentionally",
    types: ["aws:kms/key:Key"],
  },
  {
    id: "APIGateway.1",
    title: "API Gateway REST and WebSocket API execution logging should be enabled",
    types: ["aws:apigateway/methodSettings:MethodSettings"],
  },
];
