/**
 * The IAM roles of `CellCluster` (their statements and why are in cluster-access.ts): the cluster role, the node
 * role and the app's workload role. Built as children of the cluster component; kept apart so each file stays about
 * one thing.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { policyDocument, scopedPolicyDocument, type AwsAccount } from "../lib/iam";
import { cellTags, type CellIdentity } from "../lib/tags";
import { instancePolicyStatements, instanceRoleName, type CellComputeArgs } from "./cell-compute";
import {
  CLUSTER_MANAGED_POLICIES,
  clusterKeyStatements,
  managedPolicyArn,
  NODE_MANAGED_POLICIES,
  podIdentityTrustStatements,
  taggedServiceTrust,
  type WorkloadIdentity,
} from "./cluster-access";

/** What the workload role may use: the same fields, and the same rules, as `CellCompute`'s. */
export type WorkloadAccess = Pick<CellComputeArgs, "queueArns" | "secretArns" | "database" | "cacheArn">;

export interface ClusterRoles {
  clusterRole: aws.iam.Role;
  /** The cluster role's policies: the cluster must not be created before them. */
  clusterRolePolicies: pulumi.Resource[];
  nodeRole: aws.iam.Role;
  /** The node role's policies: nodes must not start before them. */
  nodeRolePolicies: pulumi.Resource[];
  workloadRole: aws.iam.Role;
}

export function createClusterRoles(
  name: string,
  settings: {
    cell: CellIdentity;
    account: pulumi.Output<AwsAccount>;
    keyArn: pulumi.Input<string>;
    identity: WorkloadIdentity;
    access: WorkloadAccess;
  },
  parent: pulumi.Resource,
): ClusterRoles {
  const { cell, account, access } = settings;
  const tags = cellTags(cell);
  const cluster = serviceRole(`${name}-cluster-role`, "eks.amazonaws.com", CLUSTER_MANAGED_POLICIES, settings, parent);
  const clusterKeyPolicy = new aws.iam.RolePolicy(
    `${name}-cluster-key-policy`,
    { role: cluster.role.name, policy: scopedPolicyDocument(clusterKeyStatements(settings.keyArn)) },
    { parent },
  );
  const node = serviceRole(`${name}-node-role`, "ec2.amazonaws.com", NODE_MANAGED_POLICIES, settings, parent);

  const workloadRole = new aws.iam.Role(
    `${name}-workload-role`,
    {
      name: instanceRoleName(cell),
      description: `App pods of cell ${cell.id} (EKS Pod Identity)`,
      assumeRolePolicy: policyDocument(podIdentityTrustStatements(settings.identity)),
      tags,
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-workload-policy`,
    {
      role: workloadRole.name,
      policy: account.apply((resolved) =>
        scopedPolicyDocument(
          instancePolicyStatements({
            account: resolved,
            region: cell.region,
            keyArn: settings.keyArn,
            queueArns: access.queueArns,
            secretArns: access.secretArns,
            clusterResourceId: access.database.clusterResourceId,
            databaseUser: access.database.user ?? "app",
            cacheArn: access.cacheArn,
          }),
        ),
      ),
    },
    { parent },
  );
  return {
    clusterRole: cluster.role,
    clusterRolePolicies: [...cluster.attachments, clusterKeyPolicy],
    nodeRole: node.role,
    nodeRolePolicies: node.attachments,
    workloadRole,
  };
}

/** A service role with AWS managed policies attached, each its own `${name}-<policy>` attachment. */
function serviceRole(
  name: string,
  service: string,
  managedPolicies: readonly string[],
  settings: { cell: CellIdentity; account: pulumi.Output<AwsAccount> },
  parent: pulumi.Resource,
): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
  const role = new aws.iam.Role(
    name,
    { assumeRolePolicy: policyDocument(taggedServiceTrust(service)), tags: cellTags(settings.cell) },
    { parent },
  );
  const attachments = managedPolicies.map(
    (policy) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-${policy.toLowerCase().replace(/_/g, "-")}`,
        {
          role: role.name,
          policyArn: settings.account.apply((resolved) => managedPolicyArn(resolved.partition, policy)),
        },
        { parent },
      ),
  );
  return { role, attachments };
}
