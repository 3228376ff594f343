import { cellplaneControl, CELLPLANE_CONTROLS } from "../lib/controls";
import { violation } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";

/** Resources whose loss loses data or makes it unreadable (a KMS key decrypts every backup made under it). */
const STATEFUL: readonly string[] = [
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:dynamodb/table:Table",
  "aws:efs/fileSystem:FileSystem",
  "aws:kms/key:Key",
  "aws:docdb/cluster:Cluster",
  "aws:neptune/cluster:Cluster",
  "aws:redshift/cluster:Cluster",
  "aws:opensearch/domain:Domain",
];

export const statefulProtect: ResourcePolicyDefinition = {
  scope: "resource",
  name: "stateful-protect",
  description:
    "Stateful resources (databases, caches, tables, file systems, KMS keys, search domains) carry Pulumi's protect " +
    "option, read from the resource options the engine sends, so no update or destroy deletes them by accident.",
  group: "resilience",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: [cellplaneControl("RES-1", "A stack change cannot delete a cell's data by accident")],
  // Pulumi's protect option: https://www.pulumi.com/docs/iac/concepts/options/protect/
  references: [CELLPLANE_CONTROLS],
  remediation:
    "Pass `{ protect: true }` in the resource options (the cell components' `protect` argument defaults to true); " +
    "to retire the resource, unprotect it in a reviewed change first.",
  resourceTypes: STATEFUL,
  check: (resource) =>
    resource.protect
      ? []
      : [violation(`${resource.name} holds data but is not protected: pass { protect: true } in its resource options`)],
};
