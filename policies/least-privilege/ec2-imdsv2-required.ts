import { INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE } from "../lib/aws";
import { requireSetting } from "../lib/checks";
import { cis, CIS_AWS_BENCHMARK, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import { notYetCheckable } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, type Plain } from "../lib/values";

const NOUNS: Readonly<Record<string, string>> = {
  [INSTANCE]: "instance",
  [LAUNCH_TEMPLATE]: "launch template",
  [LAUNCH_CONFIGURATION]: "launch configuration",
};

export const ec2Imdsv2Required: ResourcePolicyDefinition = {
  scope: "resource",
  name: "ec2-imdsv2-required",
  description:
    "EC2 instances, launch templates and launch configurations require IMDSv2 session tokens " +
    '(metadataOptions.httpTokens = "required") or disable the metadata endpoint.',
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("EC2.8", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)"),
    securityHub("EC2.170", "EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)"),
    securityHub(
      "AutoScaling.3",
      "Auto Scaling group launch configurations should configure EC2 instances to require Instance Metadata " +
        "Service Version 2 (IMDSv2)",
    ),
    cis("5.6", "Ensure that EC2 Metadata Service only allows IMDSv2"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-8",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-170",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/autoscaling-controls.html#autoscaling-3",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation:
    'Set `metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1, httpEndpoint: "enabled" }` on the ' +
    "instance or launch template.",
  resourceTypes: Object.keys(NOUNS),
  check: (resource) => {
    const endpoint = at(resource.props, "metadataOptions", "httpEndpoint");
    if (isUnknown(endpoint)) {
      return [notYetCheckable("metadataOptions.httpEndpoint")];
    }
    if (endpoint === "disabled") {
      return [];
    }
    return requireSetting(
      at(resource.props, "metadataOptions", "httpTokens"),
      (tokens: Plain | undefined) => tokens === "required",
      "metadataOptions.httpTokens",
      `${NOUNS[resource.type]} ${resource.name} allows IMDSv1: set metadataOptions.httpTokens to "required"`,
    );
  },
};
