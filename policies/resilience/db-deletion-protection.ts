import { isTrue, requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

const FIELDS: Readonly<Record<string, { noun: string; field: string }>> = {
  "aws:rds/cluster:Cluster": { noun: "database cluster", field: "deletionProtection" },
  "aws:rds/instance:Instance": { noun: "database instance", field: "deletionProtection" },
  "aws:docdb/cluster:Cluster": { noun: "DocumentDB cluster", field: "deletionProtection" },
  "aws:neptune/cluster:Cluster": { noun: "Neptune cluster", field: "deletionProtection" },
};

export const dbDeletionProtection: ResourcePolicyDefinition = {
  scope: "resource",
  name: "db-deletion-protection",
  description:
    "Aurora/RDS clusters and instances, DocumentDB and Neptune clusters have deletion protection on (unset is off).",
  group: "resilience",
  severity: "medium",
  enforcementLevel: "advisory",
  controls: [
    securityHub("RDS.7", "RDS clusters should have deletion protection enabled"),
    securityHub("RDS.8", "RDS DB instances should have deletion protection enabled"),
    securityHub("DocumentDB.5", "Amazon DocumentDB clusters should have deletion protection enabled"),
    securityHub("Neptune.4", "Neptune DB clusters should have deletion protection enabled"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-7",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/documentdb-controls.html#documentdb-5",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html#neptune-4",
  ],
  remediation: "Set `deletionProtection: true` on the cluster or instance (CellDatabase always does).",
  resourceTypes: Object.keys(FIELDS),
  check: (database) => {
    const { noun, field } = FIELDS[database.type];
    return requireSetting(
      at(database.props, field),
      isTrue,
      field,
      `${noun} ${database.name} can be deleted by any API call: set ${field} to true`,
    );
  },
};
