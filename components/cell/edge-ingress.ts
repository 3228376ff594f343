/**
 * Who may reach a cell's load balancer: only the edge. CloudFront connects from its origin-facing servers, whose
 * addresses AWS keeps in the managed prefix list `com.amazonaws.global.cloudfront.origin-facing` ("you can use the
 * CloudFront managed prefix list to allow inbound traffic to your origin only from CloudFront's origin-facing
 * servers", https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html). Route 53
 * health checkers (which check each cell's deep health path on its load balancer) come from
 * `com.amazonaws.<region>.route53-healthchecks`
 * (https://aws.amazon.com/about-aws/whats-new/2023/09/amazon-route-53-managed-prefix-lists-health-checks).
 *
 * A prefix list counts against a security group's rules quota (60 inbound by default) with its weight: 55 for
 * CloudFront, 25 for the Route 53 health checkers
 * (https://docs.aws.amazon.com/vpc/latest/userguide/working-with-aws-managed-prefix-lists.html), so the two go in
 * two security groups, both on the load balancer. Nothing else reaches it: calling `<cell>.cells.<domain>` directly
 * no longer bypasses the edge's tenant routing.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export const CLOUDFRONT_ORIGIN_FACING = "com.amazonaws.global.cloudfront.origin-facing";

export function route53HealthChecksPrefixList(region: string): string {
  return `com.amazonaws.${region}.route53-healthchecks`;
}

/** Weights of the two lists (rules they count for), and the inbound rules quota of a security group. */
export const PREFIX_LIST_WEIGHTS = { cloudFront: 55, route53HealthChecks: 25 } as const;
export const INBOUND_RULES_PER_GROUP = 60;

/** The id (`pl-…`) of an AWS-managed prefix list, looked up in the provider's region at deployment. */
export function managedPrefixListId(name: string, parent: pulumi.Resource): pulumi.Output<string> {
  return aws.ec2.getManagedPrefixListOutput({ name }, { parent }).apply((list) => list.id);
}
