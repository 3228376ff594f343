/**
 * DatabaseUser: creates the app's IAM-authenticated database user once per cell, so the app connects with
 * `rds-db:connect` and never reads the master secret.
 *
 * How: a small Lambda function (database-user-function.mjs) invoked by Pulumi (`aws.lambda.Invocation`, again only
 * when its input changes) runs the statements through the RDS Data API with the RDS-managed master secret. Only
 * this function's role may read that secret (and decrypt it with the cell key, through Secrets Manager only).
 *
 * Why the Data API rather than a function in the cell's VPC speaking the PostgreSQL protocol: the function needs no
 * database driver (the nodejs24.x runtime ships the AWS SDK v3; cellplane adds no package), no network path into
 * the database subnets (no security group rule, no ENIs, no NAT dependency), and every statement is authorized by
 * IAM (`rds-data:ExecuteStatement` on this cluster) and logged by CloudTrail. The Data API supports Aurora
 * PostgreSQL provisioned clusters ("Data API is available with ... Aurora PostgreSQL - Serverless v2,
 * provisioned, and Serverless v1", https://docs.aws.amazon.com/rdsdataservice/latest/APIReference/Welcome.html);
 * the cluster must have `enableHttpEndpoint` on and an available writer (pass it in `dependsOn`).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EncryptedCellArgs } from "../lib/cell-args";
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from "../lib/iam";
import { cellTags } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import { encryptedCellRules, integerInRange, matches, requiredInput, validateArgs } from "../lib/validation";

const COMPONENT = "DatabaseUser";
export const FUNCTION_SOURCE = path.join(__dirname, "database-user-function.mjs");
/** Lambda runtime with the AWS SDK v3 included; nodejs20.x can no longer be created (Lambda runtime table). */
export const FUNCTION_RUNTIME: aws.types.enums.lambda.Runtime = "nodejs24.x";

export interface DatabaseUserArgs extends EncryptedCellArgs {
  /** ARN of the Aurora cluster (`aws.rds.Cluster.arn`), with `enableHttpEndpoint` on. */
  clusterArn: pulumi.Input<string>;
  /** ARN of the RDS-managed master secret (`CellDatabase.masterSecretArn`). */
  masterSecretArn: pulumi.Input<string>;
  /** The user to create: the one the app's `rds-db:connect` grant names. Default `app`. */
  user?: string;
  /** Database the user may connect to. Default `postgres`. */
  database?: string;
  /** Days the function's log group keeps its logs. Default 365. */
  logRetentionDays?: number;
}

export interface DatabaseUserOutputs {
  user: string;
  /** What the function answered (the user, the database and how many statements ran). */
  result: pulumi.Output<string>;
}

export class DatabaseUser extends pulumi.ComponentResource {
  readonly role: aws.iam.Role;
  readonly policy: aws.iam.RolePolicy;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly function: aws.lambda.Function;
  readonly invocation: aws.lambda.Invocation;
  readonly outputs: DatabaseUserOutputs;

  constructor(name: string, args: DatabaseUserArgs, opts?: pulumi.ComponentResourceOptions) {
    const user = args.user ?? "app";
    const database = args.database ?? "postgres";
    validateArgs(COMPONENT, name, [
      ...encryptedCellRules(args),
      requiredInput("clusterArn", args.clusterArn, "pass the Aurora cluster's ARN"),
      requiredInput("masterSecretArn", args.masterSecretArn, "pass CellDatabase.masterSecretArn"),
      matches("user", user, {
        pattern: /^(?!rds)[A-Za-z][A-Za-z0-9_]{0,62}$/,
        shape: "a plain identifier not starting with rds",
      }),
      matches("database", database, { pattern: /^[A-Za-z][A-Za-z0-9_]{0,62}$/, shape: "a plain identifier" }),
      integerInRange("logRetentionDays", args.logRetentionDays ?? 365, { min: 1, max: 3653 }),
    ]);
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const { cell } = args;
    const tags = cellTags(cell, { "cellplane:purpose": "database-user" });
    const child = { parent: this };

    // Created first, encrypted with the cell key and expiring, so Lambda never creates an unencrypted one.
    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { kmsKeyId: args.keyArn, retentionInDays: args.logRetentionDays ?? 365, tags },
      child,
    );
    // No explicit name: Pulumi's auto-name is unique per stack, so two environments can share an account.
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        description: `Creates the IAM-authenticated database user of cell ${cell.id}`,
        assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com"),
        tags,
      },
      child,
    );
    this.policy = new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: this.role.name,
        policy: policyDocument(
          databaseUserPolicyStatements({
            region: cell.region,
            clusterArn: args.clusterArn,
            masterSecretArn: args.masterSecretArn,
            keyArn: args.keyArn,
            logGroupArn: this.logGroup.arn,
          }),
        ),
      },
      child,
    );
    this.function = new aws.lambda.Function(
      `${name}-function`,
      {
        description: `Creates database user ${user} of cell ${cell.id} (IAM authentication)`,
        runtime: FUNCTION_RUNTIME,
        architectures: ["arm64"],
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({
          "index.mjs": new pulumi.asset.StringAsset(readFileSync(FUNCTION_SOURCE, "utf8")),
        }),
        role: this.role.arn,
        timeout: 120,
        memorySize: 256,
        loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
        tags,
      },
      // The function may only run once its role may read the secret and write its logs.
      { parent: this, dependsOn: [this.policy] },
    );
    this.invocation = new aws.lambda.Invocation(
      `${name}-invocation`,
      {
        functionName: this.function.name,
        input: pulumi
          .all([args.clusterArn, args.masterSecretArn])
          .apply(([clusterArn, secretArn]) => JSON.stringify({ user, database, clusterArn, secretArn })),
      },
      child,
    );
    this.outputs = { user, result: this.invocation.result };
    this.registerOutputs({ ...this.outputs });
  }
}

/** What the function may do: run statements on this cluster, read this secret, decrypt it via Secrets Manager. */
export function databaseUserPolicyStatements(inputs: {
  region: string;
  clusterArn: pulumi.Input<string>;
  masterSecretArn: pulumi.Input<string>;
  keyArn: pulumi.Input<string>;
  logGroupArn: pulumi.Input<string>;
}): PolicyStatement[] {
  return [
    {
      Sid: "RunStatementsOnCellCluster",
      Effect: "Allow",
      Action: "rds-data:ExecuteStatement",
      Resource: inputs.clusterArn,
    },
    {
      Sid: "ReadMasterSecret",
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: inputs.masterSecretArn,
    },
    {
      Sid: "DecryptMasterSecretThroughSecretsManager",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: inputs.keyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${inputs.region}.amazonaws.com` } },
    },
    {
      Sid: "WriteOwnLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      Resource: pulumi.interpolate`${inputs.logGroupArn}:*`,
    },
  ];
}
