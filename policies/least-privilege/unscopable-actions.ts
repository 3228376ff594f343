/**
 * IAM actions that accept only `"Resource": "*"`, because the service offers no resource ARN to scope them to
 * (AWS Service Authorization Reference: actions with an empty "Resource types" column). Everything else —
 * including `iam:PassRole`, `kms:Decrypt` and `sqs:*Message` — must name its resources. Patterns end in `*`.
 * Compared case-insensitively, as IAM does.
 */
const UNSCOPABLE = [
  "sts:GetCallerIdentity",
  "ec2:Describe*",
  "ec2:GetManagedPrefixListEntries",
  "ecr:GetAuthorizationToken",
  "logs:DescribeLogGroups",
  "logs:DescribeDestinations",
  "cloudwatch:PutMetricData",
  "cloudwatch:GetMetricData",
  "cloudwatch:ListMetrics",
  "cloudwatch:DescribeAlarmsForMetric",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  "kms:CreateKey",
  "kms:ListKeys",
  "kms:ListAliases",
  "kms:GenerateRandom",
  "iam:ListRoles",
  "iam:ListPolicies",
  "iam:GetAccountSummary",
  "s3:ListAllMyBuckets",
  "sqs:ListQueues",
  "sns:ListTopics",
  "secretsmanager:ListSecrets",
  "secretsmanager:GetRandomPassword",
  "ssm:DescribeParameters",
  "tag:GetResources",
  "elasticloadbalancing:Describe*",
  "autoscaling:Describe*",
  "rds:DescribeDBEngineVersions",
  "rds:DescribeOrderableDBInstanceOptions",
  "elasticache:DescribeCacheEngineVersions",
  "eks:DescribeAddonVersions",
  "eks:ListClusters",
  "route53:ListHostedZones",
  "acm:ListCertificates",
  // Session Manager's message channels: no resource types (Service Authorization Reference, "Actions, resources, and
  // condition keys for Amazon Message Gateway Service", list_ssmmessages.html).
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
].map((action) => action.toLowerCase());

export function isUnscopableAction(action: string): boolean {
  const lower = action.toLowerCase();
  // A pattern such as `ec2:Describe*` only ever matches actions that start with its prefix.
  return UNSCOPABLE.some((entry) => (entry.endsWith("*") ? lower.startsWith(entry.slice(0, -1)) : lower === entry));
}

/** `*`, `*:*` and `service:*`: every action (of a service). */
export function isWildcardAction(action: string): boolean {
  return action === "*" || /^[^:]+:\*$/.test(action) || /^\*:/.test(action);
}
