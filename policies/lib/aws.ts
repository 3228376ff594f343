/** AWS type tokens and values more than one policy reads. */

export const INSTANCE = "aws:ec2/instance:Instance";
export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
/** Auto Scaling launch configurations (deprecated by AWS in favour of launch templates, still accepted). */
export const LAUNCH_CONFIGURATION = "aws:ec2/launchConfiguration:LaunchConfiguration";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
export const AWS_PROVIDER = "pulumi:providers:aws";

/** The CIDRs that mean "anyone on the internet". */
const ANYWHERE: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);

export function isAnywhere(cidr: unknown): cidr is string {
  return typeof cidr === "string" && ANYWHERE.has(cidr);
}
