/**
 * The app side of `CellCompute`: what makes an instance run the app and lets people debug it. The user data
 * (app-user-data.ts) installs and starts the app's container, the app log group receives its output (created here
 * with the cell key and a retention, before any instance could write to it), and the agents policy grants Session
 * Manager, the CloudWatch agent, the app log group and the image pull (instance-access.ts). Built as children of
 * the compute component; kept apart so each file stays about one thing.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, type AwsAccount } from "../lib/iam";
import { cellTags, type CellIdentity } from "../lib/tags";
import { renderAppUserData } from "./app-user-data";
import { agentMetricsNamespace, instanceAccessStatements } from "./instance-access";

/** What the instances run (the cell file's `app:`) and the settings they get. */
export interface CellAppArgs {
  /** Container image without tag, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront`. */
  image: string;
  /** Image tag; a new version changes the launch template, and the instance refresh rolls the instances. */
  version: string;
  /** Non-secret settings for the container (endpoints, names, ARNs). Values may be outputs. */
  environment?: Record<string, pulumi.Input<string>>;
  /** Days the app log group keeps the container's output. Default 90. */
  logRetentionDays?: number;
}

export interface AppRuntime {
  logGroup: aws.cloudwatch.LogGroup;
  agentsPolicy: aws.iam.RolePolicy;
  /** The cloud-init document, base64-encoded as the launch template takes it. */
  userData: pulumi.Output<string>;
}

/** Creates the app log group and the agents policy on `role`, and renders the user data. */
export function createAppRuntime(
  name: string,
  settings: {
    cell: CellIdentity;
    account: pulumi.Output<AwsAccount>;
    keyArn: pulumi.Input<string>;
    role: pulumi.Input<string>;
    app: CellAppArgs;
    port: number;
  },
  parent: pulumi.Resource,
): AppRuntime {
  const { cell, app } = settings;
  const logGroup = new aws.cloudwatch.LogGroup(
    `${name}-app-logs`,
    {
      kmsKeyId: settings.keyArn,
      retentionInDays: app.logRetentionDays ?? 90,
      tags: cellTags(cell, { "cellplane:purpose": "app-logs" }),
    },
    { parent },
  );
  const agentsPolicy = new aws.iam.RolePolicy(
    `${name}-agents-policy`,
    {
      role: settings.role,
      policy: settings.account.apply((account) =>
        policyDocument(
          instanceAccessStatements({
            account,
            region: cell.region,
            cellId: cell.id,
            appLogGroupArn: logGroup.arn,
            image: app.image,
          }),
        ),
      ),
    },
    { parent },
  );
  const userData = pulumi
    .all([logGroup.name, pulumi.output(app.environment ?? {})])
    .apply(([logGroupName, environment]) =>
      renderAppUserData({
        cellId: cell.id,
        region: cell.region,
        image: app.image,
        version: app.version,
        port: settings.port,
        logGroupName,
        metricsNamespace: agentMetricsNamespace(cell.id),
        environment,
      }),
    )
    .apply((text) => Buffer.from(text, "utf8").toString("base64"));
  return { logGroup, agentsPolicy, userData };
}
