import { nist, NIST_800_53, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString, isUnknown } from "../lib/values";

const CLASSIC = "aws:elb/loadBalancer:LoadBalancer";

function check(balancer: CheckedResource): Finding[] {
  const kind = balancer.type === CLASSIC ? "classic" : at(balancer.props, "loadBalancerType");
  if (isUnknown(kind)) {
    return [notYetCheckable("loadBalancerType")];
  }
  // ELB.5 covers Application and Classic Load Balancers; an unset type is an ALB.
  if (kind !== undefined && kind !== null && kind !== "application" && kind !== "classic") {
    return [];
  }
  const logs = at(balancer.props, "accessLogs");
  const enabled = at(logs, "enabled");
  const bucket = at(logs, "bucket");
  if (isUnknown(logs) || isUnknown(enabled) || isUnknown(bucket)) {
    return [notYetCheckable("accessLogs")];
  }
  // A classic load balancer's access_logs block is enabled unless it says otherwise; an ALB's is off by default.
  const on = kind === "classic" ? enabled !== false : enabled === true;
  return on && isNonEmptyString(bucket)
    ? []
    : [
        violation(
          `load balancer ${balancer.name} does not write access logs: set accessLogs { bucket, enabled: true }`,
        ),
      ];
}

export const lbAccessLogs: ResourcePolicyDefinition = {
  scope: "resource",
  name: "lb-access-logs",
  description:
    "Application and classic load balancers write access logs to S3 (accessLogs with a bucket, enabled); network " +
    "and gateway load balancers are out of scope, as in ELB.5.",
  group: "logging",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("ELB.5", "Application and Classic Load Balancers logging should be enabled"),
    nist("AU-12", "Audit record generation"),
  ],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5", NIST_800_53],
  remediation:
    "Set `accessLogs: { bucket: <log bucket>, enabled: true }` on the load balancer; the bucket needs SSE-S3 and a " +
    "policy letting `logdelivery.elasticloadbalancing.amazonaws.com` write (CellCompute creates both).",
  resourceTypes: ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer", CLASSIC],
  check,
};
