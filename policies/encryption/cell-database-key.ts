import { nist, NIST_800_53, cellplaneControl, CELLPLANE_CONTROLS } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { cellOwnership } from "../lib/tags";
import { at, isNonEmptyString, isUnknown } from "../lib/values";

interface KeyedType {
  noun: string;
  /** Where the resource names its KMS key. */
  key: readonly string[];
  /**
   * The resource's own encryption switch, when it has one (`true` means on): off is its encryption policy's
   * finding, not this one's.
   */
  encrypted?: readonly string[];
}

const TYPES: Readonly<Record<string, KeyedType>> = {
  "aws:rds/cluster:Cluster": { noun: "database cluster", key: ["kmsKeyId"], encrypted: ["storageEncrypted"] },
  "aws:rds/instance:Instance": { noun: "database instance", key: ["kmsKeyId"], encrypted: ["storageEncrypted"] },
};

/** AWS managed keys (`alias/aws/rds`, `arn:aws:kms:…:alias/aws/sqs`) are shared by the whole account. */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

function checkKey(resource: CheckedResource): Finding[] {
  const spec = TYPES[resource.type];
  // Same-region read replicas inherit their source's key; cross-region ones must name a key, which AWS enforces.
  if (at(resource.props, "replicateSourceDb") !== undefined) {
    return [];
  }
  const key = at(resource.props, ...spec.key);
  if (isNonEmptyString(key) && !AWS_MANAGED_ALIAS.test(key)) {
    return [];
  }
  const encrypted = spec.encrypted ? at(resource.props, ...spec.encrypted) : true;
  if (!isUnknown(encrypted) && encrypted !== true) {
    return [];
  }
  const owner = cellOwnership(resource);
  if (owner === "other") {
    return [];
  }
  const field = spec.key.join(".");
  if (isUnknown(owner) || isUnknown(key) || isUnknown(encrypted)) {
    return [notYetCheckable(isUnknown(owner) ? "tags (whether the resource belongs to a cell)" : field)];
  }
  const found = isNonEmptyString(key) ? `names the AWS managed key ${key}` : "is encrypted with an AWS managed key";
  return [
    violation(`${spec.noun} ${resource.name} belongs to a cell but ${found}: set ${field} to the cell's KMS key`),
  ];
}

export const cellDatabaseKey: ResourcePolicyDefinition = {
  scope: "resource",
  name: "cell-database-key",
  description:
    "A cell's Aurora/RDS databases (tagged cellplane:cell) encrypt their storage with a customer managed KMS key " +
    "(the cell key), not the AWS managed aws/rds key. Outside cells, and for the cell's other stores, AWS managed " +
    "keys count (issue 11, item 7).",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    cellplaneControl("CELL-4", "A cell's databases are encrypted under the cell's own key"),
    nist("SC-12", "Cryptographic key establishment and management"),
    nist("SC-28", "Protection of information at rest"),
  ],
  references: [CELLPLANE_CONTROLS, NIST_800_53],
  remediation:
    "Set `kmsKeyId` on the cluster or instance to the CellKey component's key ARN (CellDatabase does). The key of " +
    "an existing database cannot change in place: restore a snapshot copied under the cell key.",
  resourceTypes: Object.keys(TYPES),
  check: checkKey,
};
