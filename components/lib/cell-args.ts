/**
 * Argument shapes the cell's components share (the cell and its key; its private subnets and zones; the load-balanced
 * app tier), and how nodes are spread over the zones. Their rules are in validation.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CellIdentity } from "./tags";

/** Arguments of every component that stores cell data: the cell and the key its data is encrypted with. */
export interface EncryptedCellArgs {
  /** The cell this component belongs to: prefixes physical names and sets the cell tags. */
  cell: CellIdentity;
  /**
   * ARN of the cell's customer-managed KMS key (`CellKey.outputs.keyArn`). Every store of data is encrypted with it.
   */
  keyArn: pulumi.Input<string>;
}

/** Arguments of components that run nodes inside the cell's private network. */
export interface PrivateSubnetArgs {
  /** Ids of the cell's private subnets (`CellNetwork.outputs.privateSubnetIds`), at least two, one per zone. */
  subnetIds: pulumi.Input<string>[];
  /**
   * The cell's availability zones, e.g. `["us-east-1a", "us-east-1b", "us-east-1c"]` (at least two, in the cell's
   * region). Nodes are spread over them round-robin in this order, so the first zone gets the primary.
   */
  zones: string[];
}

/**
 * Arguments of the components that serve the app behind the cell's load balancer (CellCompute for asg cells,
 * CellCluster for eks cells): where the load balancer and the nodes go, and which firewall groups they wear.
 */
export interface LoadBalancedAppArgs extends EncryptedCellArgs {
  /** The cell VPC (`CellNetwork.vpcId`), for the target group. */
  vpcId: pulumi.Input<string>;
  /** Public subnets (`CellNetwork.publicSubnetIds`), at least two: the load balancer's. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Private subnets (`CellNetwork.privateSubnetIds`), at least two: the nodes' (and an EKS control plane's). */
  privateSubnetIds: pulumi.Input<string>[];
  /** `CellFirewall.loadBalancerSecurityGroupId`. */
  loadBalancerSecurityGroupId: pulumi.Input<string>;
  /** `CellFirewall.healthCheckSecurityGroupId`: a second group on the load balancer, for Route 53's checkers. */
  healthCheckSecurityGroupId?: pulumi.Input<string>;
  /** `CellFirewall.appSecurityGroupId`: the only group on the nodes (their app port, or an eks cell's NodePort). */
  appSecurityGroupId: pulumi.Input<string>;
  /**
   * ACM certificate for the HTTPS listener, in the cell's region (`arn:aws:acm:<region>:<account>:certificate/<id>`).
   */
  certificateArn: pulumi.Input<string>;
  /** Deep health check path: should check the app's dependencies, answer 200 when healthy. Default `/health/deep`. */
  healthCheckPath?: string;
}

/** `count` zones taken round-robin from `zones`: node `i` goes to `zones[i % zones.length]`. */
export function spreadOverZones(zones: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => zones[index % zones.length]);
}
