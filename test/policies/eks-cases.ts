/**
 * Cases for the EKS policies issue 14 added: control-plane logging (Security Hub EKS.8: the `audit` log type),
 * access entries instead of the aws-auth ConfigMap, and node groups on a launch template with IMDSv2 and one hop.
 * Violating cases follow the controls' own failing conditions (EKS.8: a cluster without `audit`; EC2.170: a
 * template with `httpTokens` optional) and the EKS API's defaults (CONFIG_MAP; creator admin on).
 */
import { UNKNOWN } from "../../tools/analyzer";
import * as ok from "./compliant";
import { cellStack, mandatory, notYetCheckable } from "./harness";
import type { ResourceCase } from "./resource-cases";
import type { StackCase } from "./stack-cases";

const NODE_GROUP = "eks-node-group-imdsv2";
const template = (metadataOptions: Record<string, string | number>) =>
  ok.nodeLaunchTemplate({ metadataOptions: { httpEndpoint: "enabled", ...metadataOptions } });

export const EKS_RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "eks-control-plane-logging",
    compliant: [ok.eksCluster(), ok.eksCluster({ enabledClusterLogTypes: ["audit", "authenticator"] }, "use1-a-eks-2")],
    violating: [
      { title: "no log types (the default)", resource: ok.eksCluster({ enabledClusterLogTypes: undefined }) },
      {
        title: "api and scheduler only, no audit",
        resource: ok.eksCluster({ enabledClusterLogTypes: ["api", "scheduler", "authenticator"] }),
      },
    ],
  },
  {
    policy: "eks-access-entries",
    compliant: [ok.eksCluster()],
    violating: [
      {
        title: "no accessConfig: CONFIG_MAP and creator admin",
        resource: ok.eksCluster({ accessConfig: undefined }),
        violations: 2,
      },
      {
        title: "API_AND_CONFIG_MAP still reads aws-auth",
        resource: ok.eksCluster({
          accessConfig: { authenticationMode: "API_AND_CONFIG_MAP", bootstrapClusterCreatorAdminPermissions: false },
        }),
      },
      {
        title: "API mode with the creator's bootstrap admin entry",
        resource: ok.eksCluster({ accessConfig: { authenticationMode: "API" } }),
      },
    ],
  },
];

export const EKS_STACK_CASES: StackCase[] = [
  {
    policy: "eks-node-group-imdsv2",
    compliant: [
      {
        title: "node group on a template with IMDSv2 and one hop",
        stack: cellStack(ok.nodeLaunchTemplate(), ok.nodeGroup()),
      },
      {
        title: "a template with the metadata endpoint off",
        stack: cellStack(
          template({ httpEndpoint: "disabled" }),
          ok.nodeGroup({}, template({ httpEndpoint: "disabled" })),
        ),
      },
    ],
    violating: [
      {
        title: "template allows IMDSv1 (EC2.170 fails it too)",
        stack: cellStack(
          template({ httpTokens: "optional", httpPutResponseHopLimit: 1 }),
          ok.nodeGroup({}, template({ httpTokens: "optional" })),
        ),
        // ec2-imdsv2-required reports the template itself.
        expected: [...mandatory("ec2-imdsv2-required"), ...mandatory(NODE_GROUP)].sort((a, b) =>
          a.join().localeCompare(b.join()),
        ),
      },
      {
        title: "hop limit 2: pods can reach the node's credentials",
        stack: cellStack(
          template({ httpTokens: "required", httpPutResponseHopLimit: 2 }),
          ok.nodeGroup({}, template({ httpTokens: "required", httpPutResponseHopLimit: 2 })),
        ),
        expected: mandatory(NODE_GROUP),
      },
      {
        title: "no launch template (EKS generates one)",
        stack: cellStack(ok.nodeGroup({ launchTemplate: undefined })),
        expected: mandatory(NODE_GROUP),
      },
      {
        title: "SSH remote access",
        stack: cellStack(ok.nodeLaunchTemplate(), ok.nodeGroup({ remoteAccess: { ec2SshKey: "ops" } })),
        expected: mandatory(NODE_GROUP),
      },
      {
        title: "a launch template id still unknown, with no dependency: not yet checkable",
        stack: cellStack(ok.nodeLaunchTemplate(), {
          ...ok.nodeGroup({ launchTemplate: { id: UNKNOWN, version: "1" } }),
          dependencies: [],
        }),
        expected: notYetCheckable(NODE_GROUP),
      },
    ],
  },
];
