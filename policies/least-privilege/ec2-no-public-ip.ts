import { INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "../lib/aws";
import { securityHub } from "../lib/controls";
import { eachFinding, notYetCheckable, type Finding } from "../lib/findings";
import { forbidSetting } from "../lib/checks";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isTrueFlag, isUnknown, listOf } from "../lib/values";

function launchTemplateFindings(template: CheckedResource): Finding[] {
  const interfaces = listOf(at(template.props, "networkInterfaces"));
  if (isUnknown(interfaces)) {
    return [notYetCheckable("networkInterfaces")];
  }
  // Launch templates carry the flag as the string "true".
  return eachFinding(interfaces, (networkInterface, index) =>
    forbidSetting(
      at(networkInterface, "associatePublicIpAddress"),
      isTrueFlag,
      `networkInterfaces[${index}].associatePublicIpAddress`,
      `launch template ${template.name} gives instances a public IP ` +
        `(networkInterfaces[${index}].associatePublicIpAddress): set it to "false"`,
    ),
  );
}

export const ec2NoPublicIp: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ec2-no-public-ip",
  description:
    "EC2 instances, launch templates and launch configurations do not assign public IP addresses; cells are " +
    "reached through their load balancer.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("EC2.9", "Amazon EC2 instances should not have a public IPv4 address"),
    securityHub("EC2.25", "Amazon EC2 launch templates should not assign public IPs to network interfaces"),
    securityHub(
      "AutoScaling.5",
      "Amazon EC2 instances launched using Auto Scaling group launch configurations should not have Public IP " +
        "addresses",
    ),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-9",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-25",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-5",
  ],
  remediation:
    'Launch into the cell\'s private subnets with `associatePublicIpAddress: false` (instances) or `"false"` ' +
    "(launch template network interfaces).",
  resourceTypes: [INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION],
  check: (resource) =>
    resource.type === LAUNCH_TEMPLATE
      ? launchTemplateFindings(resource)
      : forbidSetting(
          at(resource.props, "associatePublicIpAddress"),
          isTrueFlag,
          "associatePublicIpAddress",
          `${resource.type === INSTANCE ? "instance" : "launch configuration"} ${resource.name} gives a public IP: ` +
            "set associatePublicIpAddress to false",
        ),
};
