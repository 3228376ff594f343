import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf } from "../lib/values";

function zoneFindings(group: CheckedResource): Finding[] {
  const zones = listOf(at(group.props, "availabilityZones"));
  const subnets = listOf(at(group.props, "vpcZoneIdentifiers"));
  if (isUnknown(zones) || isUnknown(subnets)) {
    return [notYetCheckable("availabilityZones / vpcZoneIdentifiers")];
  }
  // Subnets stand for their zones: a cell's private subnets are one per zone.
  return Math.max(zones.length, subnets.length) >= 2
    ? []
    : [
        violation(
          `Auto Scaling group ${group.name} spans one zone: list subnets of two zones or more in vpcZoneIdentifiers`,
        ),
      ];
}

function healthCheckFindings(group: CheckedResource): Finding[] {
  const targets = listOf(at(group.props, "targetGroupArns"));
  const classic = listOf(at(group.props, "loadBalancers"));
  const type = at(group.props, "healthCheckType");
  if (isUnknown(targets) || isUnknown(classic) || isUnknown(type)) {
    return [notYetCheckable("targetGroupArns / loadBalancers / healthCheckType")];
  }
  if (targets.length + classic.length === 0 || type === "ELB") {
    return [];
  }
  return [
    violation(
      `Auto Scaling group ${group.name} serves a load balancer but replaces instances on EC2 status checks only: ` +
        'set healthCheckType to "ELB"',
    ),
  ];
}

export const asgResilient: ResourcePolicyDefinition = {
  scope: "resource",
  name: "asg-resilient",
  description:
    "Auto Scaling groups span two availability zones or more, and those behind a load balancer use its health " +
    "checks (healthCheckType ELB).",
  group: "resilience",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: [
    securityHub("AutoScaling.1", "Auto Scaling groups associated with a load balancer should use ELB health checks"),
    securityHub("AutoScaling.2", "Amazon EC2 Auto Scaling group should cover multiple Availability Zones"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-2",
  ],
  remediation:
    'Set `vpcZoneIdentifiers` to subnets in two zones or more and, with `targetGroupArns`, `healthCheckType: "ELB"` ' +
    "(CellCompute does both).",
  resourceTypes: ["aws:autoscaling/group:Group"],
  check: (group) => [...zoneFindings(group), ...healthCheckFindings(group)],
};
