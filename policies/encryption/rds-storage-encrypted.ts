import { isTrue, requireSetting } from "../lib/checks";
import { cis, CIS_AWS_BENCHMARK, SECURITY_HUB_CIS_MAPPING, securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

const NOUNS: Readonly<Record<string, string>> = {
  "aws:rds/cluster:Cluster": "database cluster",
  "aws:rds/instance:Instance": "database instance",
};

export const rdsStorageEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "rds-storage-encrypted",
  description:
    "Aurora/RDS clusters and DB instances encrypt their storage; an unset storageEncrypted counts as unencrypted " +
    "(read replicas inherit their source's encryption).",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("RDS.27", "RDS DB clusters should be encrypted at rest"),
    securityHub("RDS.3", "RDS DB instances should have encryption at-rest enabled"),
    cis("2.3.1", "Ensure that encryption-at-rest is enabled for RDS Instances"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-27",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3",
    CIS_AWS_BENCHMARK,
    SECURITY_HUB_CIS_MAPPING,
  ],
  remediation:
    "Set `storageEncrypted: true` and `kmsKeyId` to the cell's KMS key on the cluster (Aurora cluster instances " +
    "inherit it) or the DB instance. Encryption cannot be switched on in place: restore an encrypted snapshot into a " +
    "new cluster.",
  resourceTypes: Object.keys(NOUNS),
  check: (database) => {
    const encrypted = at(database.props, "storageEncrypted");
    // A read replica inherits its source's encryption (a cross-region one takes a key of its own region in
    // kmsKeyId); unset is not unencrypted there, false still is.
    if (at(database.props, "replicateSourceDb") !== undefined && (encrypted === undefined || encrypted === null)) {
      return [];
    }
    return requireSetting(
      encrypted,
      isTrue,
      "storageEncrypted",
      `${NOUNS[database.type]} ${database.name} does not encrypt its storage: set storageEncrypted to true (unset ` +
        `counts as unencrypted)`,
    );
  },
};
