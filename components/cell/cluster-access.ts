/**
 * Who may do what in and around a cell's EKS cluster (`CellCluster`), as pure statements and names:
 *
 * - **Cluster role** (`eks.amazonaws.com`): the AWS managed `AmazonEKSClusterPolicy`, plus the cell key for secrets
 *   envelope encryption (use, and grants for AWS resources only).
 * - **Node role** (`ec2.amazonaws.com`): what a managed node needs to join and run pods (`AmazonEKSWorkerNodePolicy`,
 *   which also grants the Pod Identity agent's `eks-auth:AssumeRoleForPodIdentity`, `AmazonEKS_CNI_Policy`,
 *   `AmazonEC2ContainerRegistryPullOnly`), and nothing of the app's.
 * - **Workload role** (`pods.eks.amazonaws.com`, EKS Pod Identity): the app's grants, the same statements as an
 *   `asg` cell's instance role (`instancePolicyStatements`: this cell's queues, key, secrets, database user and
 *   cache). Its trust names this cell's cluster, namespace and service account through the session tags Pod
 *   Identity sets ("Create IAM role with trust policy required by EKS Pod Identity",
 *   https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html: `sts:AssumeRole` and `sts:TagSession`).
 *   The role keeps the app role's name (`instanceRoleName`), so the cell key's policy names it the same way.
 *
 * Pod Identity rather than IRSA: no OIDC provider per cluster, no token audience to scope, and the credentials come
 * from the `eks-pod-identity-agent` add-on on the node (169.254.170.23), not from the instance metadata service, so
 * the nodes keep an IMDSv2 hop limit of 1 (cell-cluster.ts).
 */
import type { PolicyStatement } from "../lib/iam";

/** AWS managed policies, by ARN suffix (`arn:<partition>:iam::aws:policy/<name>`). */
export const CLUSTER_MANAGED_POLICIES = ["AmazonEKSClusterPolicy"] as const;
/**
 * "Amazon EKS node IAM role" (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html): the worker
 * node policy, the VPC CNI's policy, and ECR pulls (the add-ons' images come from EKS's own registries).
 */
export const NODE_MANAGED_POLICIES = [
  "AmazonEKSWorkerNodePolicy",
  "AmazonEKS_CNI_Policy",
  "AmazonEC2ContainerRegistryPullOnly",
] as const;

/** The access policy the platform admin role gets on the whole cluster (EKS access entries, not aws-auth). */
export const CLUSTER_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy";

/**
 * `arn:<partition>:eks::aws:cluster-access-policy/<name>` ("Associate access policies with access entries",
 * https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html).
 */
export function accessPolicyArn(partition: string, name: string = CLUSTER_ADMIN_ACCESS_POLICY): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${name}`;
}

export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** Where the app runs in the cluster: the Pod Identity association and the workload's manifests share these. */
export interface WorkloadIdentity {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
}

/** The trust of the workload role: Pod Identity, for this cluster, namespace and service account only. */
export function podIdentityTrustStatements(identity: WorkloadIdentity): PolicyStatement[] {
  return [
    {
      Sid: "PodIdentityForThisCellsApp",
      Effect: "Allow",
      Principal: { Service: "pods.eks.amazonaws.com" },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: {
        StringEquals: {
          "aws:RequestTag/eks-cluster-name": identity.clusterName,
          "aws:RequestTag/kubernetes-namespace": identity.namespace,
          "aws:RequestTag/kubernetes-service-account": identity.serviceAccount,
        },
      },
    },
  ];
}

/** The cluster role's use of the cell key for secrets encryption. */
export function clusterKeyStatements(keyArn: PolicyStatement["Resource"]): PolicyStatement[] {
  return [
    {
      Sid: "EncryptSecretsWithCellKey",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"],
      Resource: keyArn,
    },
    {
      Sid: "GrantsForAwsResourcesOnly",
      Effect: "Allow",
      Action: "kms:CreateGrant",
      Resource: keyArn,
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
  ];
}

/** A trust policy for `service` with `sts:TagSession` too (EKS asks for it on the cluster role). */
export function taggedServiceTrust(service: string): PolicyStatement[] {
  return [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }];
}
