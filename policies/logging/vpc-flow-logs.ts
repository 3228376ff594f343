import { cis, CIS_AWS_BENCHMARK, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import { refersTo } from "../lib/links";
import type { CheckedStack, StackPolicyDefinition } from "../lib/policy";

const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";

function check(stack: CheckedStack): Finding[] {
  const flowLogs = stack.resources.filter((resource) => resource.type === FLOW_LOG);
  return stack.resources
    .filter((resource) => resource.type === VPC)
    .flatMap((vpc): Finding[] => {
      const links = flowLogs.map((flowLog) => refersTo(flowLog, "vpcId", vpc, ["id"]));
      if (links.includes("yes")) {
        return [];
      }
      if (links.includes("unknown")) {
        return [notYetCheckable("which VPC each flow log records", vpc.urn)];
      }
      return [
        violation(
          `VPC ${vpc.name} has no flow log in this stack: add an aws.ec2.FlowLog with vpcId = the VPC's id ` +
            '(trafficType "ALL" or "REJECT")',
          vpc.urn,
        ),
      ];
    });
}

export const vpcFlowLogs: StackPolicyDefinition = {
  scope: "stack",
  name: "vpc-flow-logs",
  description: "Every VPC the stack creates has a flow log in the same stack (linked through vpcId).",
  group: "logging",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("EC2.6", "VPC flow logging should be enabled in all VPCs"),
    cis("3.7", "Ensure VPC flow logging is enabled in all VPCs"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation:
    'Next to the VPC declare `aws.ec2.FlowLog` with `vpcId: vpc.id`, `trafficType: "ALL"` and a log destination ' +
    "(CellNetwork writes to an encrypted CloudWatch log group).",
  resourceTypes: [VPC, FLOW_LOG],
  check,
};
