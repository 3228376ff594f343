import { forbidSetting } from "../lib/checks";
import { nist, NIST_800_53 } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

const NOUNS: Readonly<Record<string, string>> = {
  "aws:rds/cluster:Cluster": "database cluster",
  "aws:rds/instance:Instance": "database instance",
  "aws:docdb/cluster:Cluster": "DocumentDB cluster",
  "aws:neptune/cluster:Cluster": "Neptune cluster",
  "aws:redshift/cluster:Cluster": "Redshift cluster",
};

export const finalSnapshot: ResourcePolicyDefinition = {
  scope: "resource",
  name: "final-snapshot",
  description:
    "Databases take a final snapshot when deleted: skipFinalSnapshot is not true (the provider's default is false).",
  group: "resilience",
  severity: "medium",
  enforcementLevel: "advisory",
  // No Security Hub control covers the final snapshot.
  controls: [nist("CP-9", "System backup")],
  references: [NIST_800_53],
  remediation: "Remove `skipFinalSnapshot: true` and set `finalSnapshotIdentifier` (CellDatabase does both).",
  resourceTypes: Object.keys(NOUNS),
  check: (database) =>
    forbidSetting(
      at(database.props, "skipFinalSnapshot"),
      (value) => value === true,
      "skipFinalSnapshot",
      `${NOUNS[database.type]} ${database.name} skips its final snapshot: deleting it loses the data for good`,
    ),
};
