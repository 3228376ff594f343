import { isAnywhere } from "../lib/aws";
import { cis, CIS_AWS_BENCHMARK, CIS_V3, PCI_DSS, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isDefined, isUnknown, listOf, shown, UNKNOWN, type Plain, type Unknown } from "../lib/values";

const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const WEB_PORTS = new Set([80, 443]);
const WEB_PROTOCOLS = new Set(["tcp", "6", "udp", "17"]);

interface IngressRule {
  label: string;
  protocol: Plain | undefined;
  fromPort: Plain | undefined;
  toPort: Plain | undefined;
  sources: readonly Plain[] | Unknown;
}

function concatLists(...lists: (readonly Plain[] | Unknown)[]): readonly Plain[] | Unknown {
  return lists.some(isUnknown) ? UNKNOWN : lists.flatMap((list) => (isUnknown(list) ? [] : list));
}

function inlineRules(group: CheckedResource): IngressRule[] | Unknown {
  const ingress = listOf(at(group.props, "ingress"));
  if (isUnknown(ingress)) {
    return UNKNOWN;
  }
  return ingress.map((rule, index) => ({
    label: `ingress[${index}]`,
    protocol: at(rule, "protocol"),
    fromPort: at(rule, "fromPort"),
    toPort: at(rule, "toPort"),
    sources: concatLists(listOf(at(rule, "cidrBlocks")), listOf(at(rule, "ipv6CidrBlocks"))),
  }));
}

function standaloneRules(resource: CheckedResource): IngressRule[] | Unknown {
  const props = resource.props;
  if (resource.type === INGRESS_RULE) {
    const cidrs: (Plain | undefined)[] = [at(props, "cidrIpv4"), at(props, "cidrIpv6")];
    const sources = cidrs.filter(isDefined);
    return [
      {
        label: "rule",
        protocol: at(props, "ipProtocol"),
        fromPort: at(props, "fromPort"),
        toPort: at(props, "toPort"),
        sources,
      },
    ];
  }
  const type = at(props, "type");
  if (isUnknown(type)) {
    return UNKNOWN;
  }
  if (type !== "ingress") {
    return [];
  }
  return [
    {
      label: "rule",
      protocol: at(props, "protocol"),
      fromPort: at(props, "fromPort"),
      toPort: at(props, "toPort"),
      sources: concatLists(listOf(at(props, "cidrBlocks")), listOf(at(props, "ipv6CidrBlocks"))),
    },
  ];
}

/** Open to the world is tolerated only for a single web port (80 or 443) over TCP or UDP. */
function isWebOnly(rule: IngressRule): boolean {
  const protocol = shown(rule.protocol).toLowerCase();
  return (
    WEB_PROTOCOLS.has(protocol) &&
    rule.fromPort === rule.toPort &&
    typeof rule.fromPort === "number" &&
    WEB_PORTS.has(rule.fromPort)
  );
}

function judgeRule(resource: CheckedResource, rule: IngressRule): Finding[] {
  if (isUnknown(rule.sources)) {
    return [notYetCheckable(`${rule.label} sources`)];
  }
  const open = rule.sources.filter(isAnywhere);
  if (open.length === 0) {
    return rule.sources.some(isUnknown) ? [notYetCheckable(`${rule.label} sources`)] : [];
  }
  if ([rule.protocol, rule.fromPort, rule.toPort].some(isUnknown)) {
    return [notYetCheckable(`${rule.label} protocol and ports`)];
  }
  if (isWebOnly(rule)) {
    return [];
  }
  const ports =
    rule.fromPort === rule.toPort
      ? `port ${shown(rule.fromPort)}`
      : `ports ${shown(rule.fromPort)}-${shown(rule.toPort)}`;
  return [
    violation(
      `${resource.name}: ${rule.label} allows ${shown(rule.protocol)} ${ports} from ${open.join(" and ")}: only ` +
        `80/443 may be open to the world; restrict the source to the cell's load balancer security group or VPC CIDR`,
    ),
  ];
}

export const securityGroupNoPublicIngress: ResourcePolicyDefinition = {
  scope: "resource",
  name: "security-group-no-public-ingress",
  description:
    "Security groups (inline rules, the VPC's default security group, SecurityGroupRule, " +
    "vpc.SecurityGroupIngressRule) allow ingress from 0.0.0.0/0 or ::/0 only on port 80 or 443.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("EC2.18", "Security groups should only allow unrestricted incoming traffic for authorized ports"),
    securityHub("EC2.19", "Security groups should not allow unrestricted access to ports with high risk"),
    securityHub(
      "EC2.53",
      "EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports",
      [CIS_V3, PCI_DSS],
    ),
    securityHub(
      "EC2.54",
      "EC2 security groups should not allow ingress from ::/0 to remote server administration ports",
      [CIS_V3, PCI_DSS],
    ),
    cis("5.2", "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports"),
    cis("5.3", "Ensure no security groups allow ingress from ::/0 to remote server administration ports"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-53",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-54",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation:
    "Use the load balancer's security group (`referencedSecurityGroupId` / `sourceSecurityGroupId`) or the cell's " +
    "VPC CIDR as the source. Reach instances through SSM Session Manager instead of opening SSH/RDP.",
  resourceTypes: [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, INGRESS_RULE],
  check: (resource) => {
    const rules =
      resource.type === SECURITY_GROUP || resource.type === DEFAULT_SECURITY_GROUP
        ? inlineRules(resource)
        : standaloneRules(resource);
    return isUnknown(rules)
      ? [notYetCheckable("ingress rules")]
      : eachFinding(rules, (rule) => judgeRule(resource, rule));
  },
};
