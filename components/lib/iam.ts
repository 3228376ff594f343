/**
 * IAM building blocks the components share: policy statements and documents built from Pulumi inputs, the account
 * a component deploys into, service trust policies, and policy documents that refuse wildcard resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** An IAM policy statement whose values may still be unresolved Pulumi outputs. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: pulumi.Input<Record<string, pulumi.Input<string | pulumi.Input<string>[]>> | "*">;
  Action: string | string[];
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>;
}

/** Serializes an IAM policy document once every output inside it is known. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
  return pulumi.output({ Version: "2012-10-17", Statement: statements }).apply((document) => JSON.stringify(document));
}

/** The AWS account (and partition) a component deploys into. */
export interface AwsAccount {
  accountId: string;
  /** `aws`, `aws-cn` or `aws-us-gov`. */
  partition: string;
}

/**
 * The account and partition of the deploying credentials, from a single `getCallerIdentity` invoke: the partition
 * is read from the caller's ARN, which saves a `getPartition` call per component.
 */
export function deploymentAccount(parent: pulumi.Resource): pulumi.Output<AwsAccount> {
  return aws.getCallerIdentityOutput({}, { parent }).apply((identity) => ({
    accountId: identity.accountId,
    partition: identity.arn.split(":")[1] || "aws",
  }));
}

/** `arn:aws:iam::<account>:root`: in a resource policy, the account, delegating to its IAM policies. */
export function accountRootArn(account: AwsAccount): string {
  return `arn:${account.partition}:iam::${account.accountId}:root`;
}

/** ARN of the role `name` (path included, e.g. `aws-service-role/autoscaling.amazonaws.com/…`). */
export function roleArn(account: AwsAccount, name: string): string {
  return `arn:${account.partition}:iam::${account.accountId}:role/${name}`;
}

/** A trust policy that lets only `service` assume the role, under the given conditions. */
export function serviceTrustPolicy(service: string, condition?: PolicyStatement["Condition"]): pulumi.Output<string> {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      ...(condition ? { Condition: condition } : {}),
    },
  ]);
}

/** A statement is dropped when it would name no resource: IAM rejects an empty `Resource`. */
export function whenAny(
  resources: pulumi.Input<string>[],
  statement: (resources: pulumi.Input<string>[]) => PolicyStatement,
): PolicyStatement[] {
  return resources.length > 0 ? [statement(resources)] : [];
}

/**
 * Serializes an identity or bucket policy once its outputs resolve, and fails the deployment if any `Allow`
 * statement names a wildcard resource: every grant a cell makes must name the cell's own resources.
 */
export function scopedPolicyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
  return policyDocument(statements).apply((json) => {
    const wildcards = wildcardGrants(JSON.parse(json) as { Statement: ResolvedStatement[] });
    if (wildcards.length > 0) {
      throw new Error(`policy grants ${wildcards.join(", ")} on a wildcard resource; name the cell's own resources`);
    }
    return json;
  });
}

interface ResolvedStatement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource?: string | string[];
}

/** Actions of `Allow` statements whose resource is missing, empty, or `*` anywhere but the final ARN part. */
export function wildcardGrants(document: { Statement: ResolvedStatement[] }): string[] {
  return document.Statement.filter((statement) => statement.Effect === "Allow")
    .filter((statement) => {
      const resources = statement.Resource === undefined ? [] : ([] as string[]).concat(statement.Resource);
      return resources.length === 0 || resources.some(isWildcardResource);
    })
    .flatMap((statement) => ([] as string[]).concat(statement.Action));
}

/**
 * `*`, an ARN with a wildcard service, region or account, or one whose resource name is a wildcard (`role/*`,
 * `arn:aws:sqs:…:*`). Paths below a named resource stay scoped: `<bucket>/AWSLogs/<account>/*`, `log-group:<name>:*`.
 */
function isWildcardResource(resource: string): boolean {
  const parts = resource.split(":");
  if (parts.length < 6 || parts.slice(0, 5).some((part) => part.includes("*"))) {
    return true;
  }
  const segments = parts.slice(5).join(":").split(/[:/]/);
  // Most services lead the resource with its type (`role/<name>`); S3 and single-segment ARNs (SQS) start with the
  // name.
  const name = segments.length > 1 && parts[2] !== "s3" ? segments[1] : segments[0];
  return name === undefined || name.trim() === "" || name.includes("*");
}
