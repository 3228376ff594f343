import { securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import { refersTo } from "../lib/links";
import type { CheckedResource, CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

const CLUSTER = "aws:rds/cluster:Cluster";
const CLUSTER_INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const INSTANCE = "aws:rds/instance:Instance";
const CACHE = "aws:elasticache/replicationGroup:ReplicationGroup";

function instanceFindings(instance: CheckedResource): Finding[] {
  const multiAz = at(instance.props, "multiAz");
  if (isUnknown(multiAz)) {
    return [notYetCheckable("multiAz", instance.urn)];
  }
  return multiAz === true
    ? []
    : [violation(`database instance ${instance.name} runs in one zone: set multiAz to true`, instance.urn)];
}

/**
 * An Aurora cluster survives a zone when its instances sit in two zones or more (instances without a zone are
 * placed by RDS, which spreads them). A Multi-AZ DB cluster (dbClusterInstanceClass) is multi-zone by design.
 */
function clusterFindings(cluster: CheckedResource, instances: readonly CheckedResource[]): Finding[] {
  if (at(cluster.props, "dbClusterInstanceClass") !== undefined) {
    return [];
  }
  const links = instances.map((instance) => ({
    instance,
    link: refersTo(instance, "clusterIdentifier", cluster, ["clusterIdentifier", "id"]),
  }));
  const members = links.filter((entry) => entry.link === "yes").map((entry) => entry.instance);
  // No instance in this stack: the cluster serves nothing yet, and its instances are judged when they are added.
  if (members.length === 0) {
    return links.some((entry) => entry.link === "unknown")
      ? [notYetCheckable("the cluster's instances", cluster.urn)]
      : [];
  }
  const zones = members.map((member) => at(member.props, "availabilityZone"));
  if (zones.some(isUnknown) || (members.length < 2 && links.some((entry) => entry.link === "unknown"))) {
    return [notYetCheckable("the zones of the cluster's instances", cluster.urn)];
  }
  // Instances without a zone are placed by RDS, which spreads them.
  const distinct = new Set(zones.filter((zone) => typeof zone === "string"));
  const spread = members.length >= 2 && (distinct.size >= 2 || zones.some((zone) => typeof zone !== "string"));
  return spread
    ? []
    : [
        violation(
          `database cluster ${cluster.name} has ${members.length} instance(s) in this stack, all in one zone: add a ` +
            "reader in another availability zone",
          cluster.urn,
        ),
      ];
}

function cacheFindings(group: CheckedResource): Finding[] {
  const failover = at(group.props, "automaticFailoverEnabled");
  const multiAz = at(group.props, "multiAzEnabled");
  if (isUnknown(failover) || isUnknown(multiAz)) {
    return [notYetCheckable("automaticFailoverEnabled / multiAzEnabled", group.urn)];
  }
  const missing = [failover === true ? "" : "automaticFailoverEnabled", multiAz === true ? "" : "multiAzEnabled"];
  const off = missing.filter((field) => field.length > 0);
  return off.length === 0
    ? []
    : [
        violation(
          `replication group ${group.name} does not fail over to another zone: set ${off.join(" and ")} to true`,
          group.urn,
        ),
      ];
}

function check(stack: CheckedStack): Finding[] {
  const of = (type: string) => stack.resources.filter((resource) => resource.type === type);
  const clusterInstances = of(CLUSTER_INSTANCE);
  return [
    ...of(INSTANCE)
      .filter((instance) => at(instance.props, "replicateSourceDb") === undefined)
      .flatMap(instanceFindings),
    ...of(CLUSTER).flatMap((cluster) => clusterFindings(cluster, clusterInstances)),
    ...of(CACHE).flatMap(cacheFindings),
  ];
}

export const multiAz: StackPolicyDefinition = {
  scope: "stack",
  name: "multi-az",
  description:
    "Databases and caches survive the loss of a zone: RDS instances set multiAz, Aurora clusters have instances " +
    "in two zones or more (correlated at stack level), ElastiCache replication groups fail over automatically " +
    "across zones.",
  group: "resilience",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: [
    securityHub("RDS.5", "RDS DB instances should be configured with multiple Availability Zones"),
    securityHub("RDS.15", "RDS DB clusters should be configured for multiple Availability Zones"),
    securityHub("ElastiCache.3", "ElastiCache replication groups should have automatic failover enabled"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-5",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-15",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-3",
  ],
  remediation:
    "RDS instances: `multiAz: true`. Aurora: a reader `ClusterInstance` in another `availabilityZone` (CellDatabase " +
    "spreads readers over the cell's zones). ElastiCache: `automaticFailoverEnabled: true`, `multiAzEnabled: true` " +
    "and at least two cache clusters.",
  resourceTypes: [CLUSTER, CLUSTER_INSTANCE, INSTANCE, CACHE],
  check,
};
