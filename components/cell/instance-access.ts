/**
 * What an app instance needs beyond the app's own grants, with least privilege instead of the AWS managed policies
 * (`AmazonSSMManagedInstanceCore` also grants `ssm:GetParameter(s)` and S3/association reads on every resource;
 * `CloudWatchAgentServerPolicy` grants `logs:*LogStream*` on every group and `ssm:GetParameter` on
 * `AmazonCloudWatch-*`):
 *
 * - **Session Manager** (debugging without SSH or public addresses): the agent registers with
 *   `ssm:UpdateInstanceInformation` and opens its channels with the four `ssmmessages:*Channel` actions, which take
 *   no resource ("Actions, resources, and condition keys for Amazon Message Gateway Service" in the Service
 *   Authorization Reference; systems-manager-setting-up-messageAPIs.html in the Systems Manager user guide).
 *   The AL2023 AMIs ship the SSM agent. Registration is scoped to this account's instances in the region.
 * - **CloudWatch agent**: `cloudwatch:PutMetricData` takes no resource, so it is limited to the cell's namespace
 *   with the `cloudwatch:namespace` condition key.
 * - **App logs**: the container's output goes to the cell's app log group (Docker's awslogs driver, with the instance
 *   role): `logs:CreateLogStream` and `logs:PutLogEvents` on that group only.
 * - **Image pull**: `ecr:GetAuthorizationToken` (no resource) and the layer reads on the app's repository only.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AwsAccount, PolicyStatement } from "../lib/iam";
import { ecrRegistry } from "./app-user-data";

/** The CloudWatch namespace of a cell's agent metrics: `cellplane/<cell-id>`. */
export function agentMetricsNamespace(cellId: string): string {
  return `cellplane/${cellId}`;
}

export interface InstanceAccessInputs {
  account: AwsAccount;
  region: string;
  cellId: string;
  /** ARN of the app log group (`aws.cloudwatch.LogGroup.arn`, without the `:*` suffix). */
  appLogGroupArn: pulumi.Input<string>;
  /** The app's container image; an ECR image gets its repository's pull grant. */
  image: string;
}

/** The statements of the instance role's agents policy. Unscopable actions stand alone, each with why. */
export function instanceAccessStatements(inputs: InstanceAccessInputs): PolicyStatement[] {
  const { account, region } = inputs;
  const registry = ecrRegistry(inputs.image);
  const repository = registry ? inputs.image.slice(registry.host.length + 1) : undefined;
  return [
    {
      Sid: "SessionManagerRegistersThisInstance",
      Effect: "Allow",
      Action: "ssm:UpdateInstanceInformation",
      Resource: `arn:${account.partition}:ec2:${region}:${account.accountId}:instance/*`,
    },
    {
      Sid: "SessionManagerChannels",
      Effect: "Allow",
      Action: [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ],
      Resource: "*",
    },
    {
      Sid: "AgentMetricsInCellNamespace",
      Effect: "Allow",
      Action: "cloudwatch:PutMetricData",
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": agentMetricsNamespace(inputs.cellId) } },
    },
    {
      Sid: "AppLogsToCellLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: [inputs.appLogGroupArn, pulumi.interpolate`${inputs.appLogGroupArn}:*`],
    },
    ...(registry && repository
      ? [
          { Sid: "EcrLogin", Effect: "Allow" as const, Action: "ecr:GetAuthorizationToken", Resource: "*" },
          {
            Sid: "PullAppImage",
            Effect: "Allow" as const,
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            Resource: `arn:${account.partition}:ecr:${registry.region}:${registry.account}:repository/${repository}`,
          },
        ]
      : []),
  ];
}
