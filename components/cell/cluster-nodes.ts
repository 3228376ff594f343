/**
 * The nodes of `CellCluster`: a launch template and the managed node group launched from it across the cell's
 * private subnets. Built as children of the cluster component; kept apart so each file stays about one thing.
 *
 * Managed node groups refuse an IAM instance profile in the template (EKS passes the node role) and pick the EKS AMI
 * from `amiType` when the template names no image ("Customize managed nodes with launch templates",
 * https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html). IMDSv2 only, with a hop limit of 1: the
 * pods get their credentials from EKS Pod Identity, never from the node's metadata, so only the host-network
 * daemons (the VPC CNI, the Pod Identity agent) must reach it, and a container, one hop further, cannot borrow the
 * node role ("Restrict access to the instance profile assigned to the worker node", Amazon EKS security best
 * practices, https://docs.aws.amazon.com/eks/latest/userguide/best-practices-security.html). Security
 * groups: the cell's app group (the load balancer reaches the NodePort; the nodes reach the database and cache) and
 * the cluster security group, which EKS only adds by itself when the template names none.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { EksSpec } from "../../fleet/compute";
import { IMDSV2_ONLY } from "../lib/instance-metadata";
import { cellTags, type CellIdentity } from "../lib/tags";

/** The arm64 Amazon Linux 2023 EKS AMI: the cell's instance types are Graviton (fleet/limits.ts). */
export const NODE_AMI_TYPE = "AL2023_ARM_64_STANDARD";

export interface NodeSettings {
  cell: CellIdentity;
  keyArn: pulumi.Input<string>;
  clusterName: pulumi.Input<string>;
  clusterSecurityGroupId: pulumi.Input<string>;
  appSecurityGroupId: pulumi.Input<string>;
  nodeRoleArn: pulumi.Input<string>;
  subnetIds: pulumi.Input<string>[];
  nodes: EksSpec["nodes"];
  rootVolumeSizeGiB: number;
  /** What the nodes need before they start: the node role's policies, the VPC CNI add-on. */
  dependsOn: pulumi.Resource[];
}

export function createNodes(
  name: string,
  settings: NodeSettings,
  parent: pulumi.Resource,
): { launchTemplate: aws.ec2.LaunchTemplate; nodeGroup: aws.eks.NodeGroup } {
  const { cell } = settings;
  const instanceTags = cellTags(cell, { Name: `${cell.id}-eks-node` });
  const launchTemplate = new aws.ec2.LaunchTemplate(
    `${name}-node-template`,
    {
      description: `EKS nodes of cell ${cell.id}`,
      metadataOptions: IMDSV2_ONLY,
      monitoring: { enabled: true },
      vpcSecurityGroupIds: [settings.appSecurityGroupId, settings.clusterSecurityGroupId],
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda",
          ebs: {
            volumeType: "gp3",
            volumeSize: settings.rootVolumeSizeGiB,
            encrypted: "true",
            kmsKeyId: settings.keyArn,
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: instanceTags,
      })),
      updateDefaultVersion: true,
      tags: cellTags(cell),
    },
    { parent },
  );
  const nodeGroup = new aws.eks.NodeGroup(
    `${name}-nodes`,
    {
      clusterName: settings.clusterName,
      nodeRoleArn: settings.nodeRoleArn,
      subnetIds: settings.subnetIds,
      amiType: NODE_AMI_TYPE,
      capacityType: "ON_DEMAND",
      instanceTypes: settings.nodes.instanceTypes,
      scalingConfig: {
        minSize: settings.nodes.min,
        desiredSize: settings.nodes.desired,
        maxSize: settings.nodes.max,
      },
      // A new template version (or Kubernetes version) replaces one node at a time.
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply(String) },
      tags: cellTags(cell),
    },
    { parent, dependsOn: settings.dependsOn },
  );
  return { launchTemplate, nodeGroup };
}
