/**
 * Stack cases for the policies issue 11 added: parameter groups correlated with their databases, flow logs with
 * their VPCs, Aurora instances with their cluster; and stacks beside the cells that AWS's defaults make compliant.
 */
import type { AnalyzerResourceInput, PropertyMap } from "../../tools/analyzer";
import * as ok from "./compliant";
import { CELL, cellResource, cellStack, mandatory, resource } from "./harness";
import type { StackCase } from "./stack-cases";

/** A cell's Aurora cluster with its own parameter group, linked as the engine links them. */
function clusterWithParameters(parameters: PropertyMap[], engine = "aurora-postgresql"): AnalyzerResourceInput[] {
  const group = ok.dbClusterParameterGroup({ parameters, family: `${engine}16` });
  return [group, ok.dbCluster({ engine }, `${CELL}-db`)].map((entry, index) =>
    index === 1 ? { ...entry, dependencies: [group.urn] } : entry,
  );
}

function clusterInstance(zone: string, name: string): AnalyzerResourceInput {
  return ok.dbClusterInstance({ availabilityZone: zone, clusterIdentifier: `${CELL}-db` }, name);
}

/** Not a cell stack: resources a team adds beside its cells, no cell tags. */
function beside(type: string, name: string, inputs: PropertyMap): AnalyzerResourceInput {
  return resource(type, name, inputs, { stack: "shared-services", protect: true });
}

export const BREADTH_STACK_CASES: StackCase[] = [
  {
    policy: "rds-tls-enforced",
    compliant: [
      {
        title: "Aurora PostgreSQL with rds.force_ssl = 1 (linked by dependency)",
        stack: cellStack(...clusterWithParameters([{ name: "rds.force_ssl", value: "1" }])),
      },
      {
        title: "Aurora MySQL with require_secure_transport = ON",
        stack: cellStack(...clusterWithParameters([{ name: "require_secure_transport", value: "ON" }], "aurora-mysql")),
      },
      {
        title: "beside the cells: RDS PostgreSQL 13 on the default parameter group is not judged",
        stack: [
          beside("aws:rds/instance:Instance", "reports", {
            engine: "postgres",
            engineVersion: "13.4",
            storageEncrypted: true,
            deletionProtection: true,
            backupRetentionPeriod: 7,
            multiAz: true,
          }),
        ],
      },
    ],
    violating: [
      {
        // Issue 11: the user set rds.force_ssl to 0 in the cell's parameter group.
        title: "rds.force_ssl = 0 in the cluster's parameter group",
        stack: cellStack(...clusterWithParameters([{ name: "rds.force_ssl", value: "0" }])),
        expected: mandatory("rds-tls-enforced"),
      },
      {
        title: "a cell's cluster on the engine's default parameter group",
        stack: cellStack(ok.dbCluster({ dbClusterParameterGroupName: undefined })),
        expected: mandatory("rds-tls-enforced"),
      },
      {
        title: "Aurora MySQL group without require_secure_transport (linked by name only)",
        stack: cellStack(
          ok.dbClusterParameterGroup({ name: `${CELL}-db-params`, family: "aurora-mysql8.0", parameters: [] }),
          ok.dbCluster({ engine: "aurora-mysql", engineVersion: "8.0.mysql_aurora.3.05.2" }),
        ),
        expected: mandatory("rds-tls-enforced"),
      },
      {
        title: "an unattached parameter group that switches require_secure_transport OFF",
        stack: cellStack(
          cellResource("aws:rds/parameterGroup:ParameterGroup", `${CELL}-mysql-params`, {
            family: "mysql8.0",
            parameters: [{ name: "require_secure_transport", value: "OFF" }],
          }),
        ),
        expected: mandatory("rds-tls-enforced"),
      },
    ],
  },
  {
    policy: "vpc-flow-logs",
    compliant: [{ title: "a VPC and its flow log", stack: cellStack(...ok.vpcWithFlowLog()) }],
    violating: [
      { title: "a VPC without a flow log", stack: cellStack(ok.vpc()), expected: mandatory("vpc-flow-logs") },
      {
        title: "two VPCs, one flow log",
        stack: cellStack(...ok.vpcWithFlowLog(), ok.vpc({}, `${CELL}-vpc-2`)),
        expected: mandatory("vpc-flow-logs"),
      },
    ],
  },
  {
    policy: "multi-az",
    compliant: [
      {
        title: "an Aurora writer and reader in two zones",
        stack: cellStack(
          ok.dbCluster(),
          clusterInstance("us-east-1a", `${CELL}-db-1`),
          clusterInstance("us-east-1b", `${CELL}-db-2`),
        ),
      },
      { title: "a Multi-AZ RDS instance and a failover cache", stack: cellStack(ok.dbInstance(), ok.cache()) },
    ],
    violating: [
      {
        title: "an Aurora cluster whose only instance sits in one zone",
        stack: cellStack(ok.dbCluster(), clusterInstance("us-east-1a", `${CELL}-db-1`)),
        expected: mandatory("multi-az"),
      },
      {
        title: "a single-zone RDS instance and a cache without failover",
        stack: cellStack(
          ok.dbInstance({ multiAz: false }),
          ok.cache({ automaticFailoverEnabled: false, multiAzEnabled: false }),
        ),
        expected: mandatory("multi-az", 2),
      },
    ],
  },
  {
    policy: "cell-database-key",
    compliant: [
      {
        // Issue 11, item 7: AWS's defaults count beside the cells. SQS encrypts new queues with SSE-SQS, an
        // AWS managed key satisfies RDS.3/RDS.27, SSE-S3 satisfies S3's encryption control.
        title: "beside the cells: default SQS encryption, AWS managed RDS key, SSE-S3 bucket",
        stack: [
          beside("aws:sqs/queue:Queue", "events", { name: "events" }),
          beside("aws:rds/cluster:Cluster", "analytics", {
            engine: "aurora-postgresql",
            storageEncrypted: true,
            deletionProtection: true,
            backupRetentionPeriod: 7,
          }),
          ...ok.privateBucket("shared-exports", "AES256").map((entry) => ({
            ...entry,
            urn: entry.urn.replace(`cell-${CELL}`, "shared-services"),
            dependencies: (entry.dependencies ?? []).map((urn) => urn.replace(`cell-${CELL}`, "shared-services")),
          })),
        ],
      },
    ],
    violating: [],
  },
];
