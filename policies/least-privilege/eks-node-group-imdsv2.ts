import { EKS_NODE_GROUP, LAUNCH_TEMPLATE } from "../lib/aws";
import { nist, NIST_800_53, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

/** What a node group's launch template must say: IMDSv2 only, and no second hop for pods to reach it. */
function templateProblems(group: CheckedResource, template: CheckedResource): Finding[] {
  const options = (field: string) => at(template.props, "metadataOptions", field);
  const [endpoint, tokens, hops] = ["httpEndpoint", "httpTokens", "httpPutResponseHopLimit"].map(options);
  if ([endpoint, tokens, hops].some(isUnknown)) {
    return [notYetCheckable(`metadataOptions of ${template.name}`, group.urn)];
  }
  if (endpoint === "disabled") {
    return [];
  }
  const problems = [
    ...(tokens === "required" ? [] : ['httpTokens is not "required" (IMDSv1 is open)']),
    ...(hops === 1 ? [] : [`httpPutResponseHopLimit is ${typeof hops === "number" ? hops : "unset"}, not 1`]),
  ];
  return problems.length === 0
    ? []
    : [
        violation(
          `EKS node group ${group.name} launches nodes from ${template.name}, whose ${problems.join(" and ")}: ` +
            "pods could take the node role's credentials",
          group.urn,
        ),
      ];
}

/** The stack's launch templates the node group names: through its dependencies, else by id or name. */
function templatesOf(
  group: CheckedResource,
  templates: readonly CheckedResource[],
): { found: CheckedResource[]; undecided: boolean } {
  const linked = group.propertyDependencies.launchTemplate ?? group.dependencies;
  const id = at(group.props, "launchTemplate", "id");
  const name = at(group.props, "launchTemplate", "name");
  const found = templates.filter(
    (template) =>
      linked.includes(template.urn) ||
      (typeof id === "string" && id === at(template.props, "id")) ||
      (typeof name === "string" && name === at(template.props, "name")),
  );
  return { found, undecided: isUnknown(id) || isUnknown(name) };
}

function check(stack: CheckedStack): Finding[] {
  const templates = stack.resources.filter((resource) => resource.type === LAUNCH_TEMPLATE);
  return stack.resources
    .filter((resource) => resource.type === EKS_NODE_GROUP)
    .flatMap((group): Finding[] => {
      const findings: Finding[] = [];
      if (at(group.props, "remoteAccess") !== null && at(group.props, "remoteAccess") !== undefined) {
        findings.push(violation(`EKS node group ${group.name} opens SSH (remoteAccess): remove it`, group.urn));
      }
      const launchTemplate = at(group.props, "launchTemplate");
      if (launchTemplate === null || launchTemplate === undefined) {
        return [
          ...findings,
          violation(
            `EKS node group ${group.name} has no launch template, so EKS generates one whose metadata options ` +
              "this stack does not set: give it a launch template requiring IMDSv2 with a hop limit of 1",
            group.urn,
          ),
        ];
      }
      const linked = templatesOf(group, templates);
      if (linked.found.length === 0) {
        return [
          ...findings,
          linked.undecided || isUnknown(launchTemplate)
            ? notYetCheckable("which launch template the node group uses", group.urn)
            : violation(
                `EKS node group ${group.name} uses a launch template outside this stack: declare it here so its ` +
                  "metadata options are checked",
                group.urn,
              ),
        ];
      }
      return [...findings, ...linked.found.flatMap((template) => templateProblems(group, template))];
    });
}

export const eksNodeGroupImdsv2: StackPolicyDefinition = {
  scope: "stack",
  name: "eks-node-group-imdsv2",
  description:
    "EKS managed node groups launch from a launch template in the same stack that requires IMDSv2 with a hop " +
    "limit of 1, and open no SSH access.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  // EC2.170 checks launch templates for IMDSv2; this policy adds the hop limit, which keeps containers (one hop
  // further than the node) from the node role ("Restrict access to the instance profile assigned to the worker
  // node", EKS best practices), and so applies least privilege to the pods.
  controls: [
    securityHub("EC2.170", "EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)"),
    nist("AC-6", "Least privilege"),
  ],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-170", NIST_800_53],
  remediation:
    "Give the node group `launchTemplate: { id: template.id, version: ... }` with a template of this stack setting " +
    '`metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 }` (pods get credentials from EKS Pod ' +
    "Identity or IRSA, not the node), and drop `remoteAccess`.",
  resourceTypes: [EKS_NODE_GROUP, LAUNCH_TEMPLATE],
  check,
};
