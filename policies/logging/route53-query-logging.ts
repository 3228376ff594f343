import { securityHub, STANDARDS_NOT_CHECKED } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import { refersTo } from "../lib/links";
import type { CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf } from "../lib/values";

const ZONE = "aws:route53/zone:Zone";
const QUERY_LOG = "aws:route53/queryLog:QueryLog";

function check(stack: CheckedStack): Finding[] {
  const logs = stack.resources.filter((resource) => resource.type === QUERY_LOG);
  return stack.resources
    .filter((resource) => resource.type === ZONE)
    .flatMap((zone): Finding[] => {
      const vpcs = listOf(at(zone.props, "vpcs"));
      if (isUnknown(vpcs)) {
        return [notYetCheckable("vpcs (whether the zone is private)", zone.urn)];
      }
      // Private zones (associated with VPCs) are out of scope, as in Route53.2; their queries are Resolver logs.
      if (vpcs.length > 0) {
        return [];
      }
      const links = logs.map((log) => refersTo(log, "zoneId", zone, ["zoneId", "id"]));
      if (links.includes("yes")) {
        return [];
      }
      return links.includes("unknown")
        ? [notYetCheckable("which zone each query log records", zone.urn)]
        : [
            violation(
              `public hosted zone ${zone.name} logs no DNS queries: add an aws.route53.QueryLog with zoneId = the ` +
                "zone's zoneId",
              zone.urn,
            ),
          ];
    });
}

export const route53QueryLogging: StackPolicyDefinition = {
  scope: "stack",
  name: "route53-query-logging",
  description: "Every public hosted zone the stack creates has a query log in the same stack (linked through zoneId).",
  group: "logging",
  severity: "medium",
  // Advisory: the fleet's global zone has no query log yet; escalate `global` in pack-config.json once it does.
  enforcementLevel: "advisory",
  controls: [securityHub("Route53.2", "Route 53 public hosted zones should log DNS queries", STANDARDS_NOT_CHECKED)],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/route53-controls.html#route53-2"],
  remediation:
    "Declare `aws.route53.QueryLog` with `zoneId: zone.zoneId` and a CloudWatch log group in us-east-1 whose " +
    "resource policy lets route53.amazonaws.com write.",
  resourceTypes: [ZONE, QUERY_LOG],
  check,
};
