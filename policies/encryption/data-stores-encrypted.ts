import { securityHub, STANDARDS_NOT_CHECKED } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

/**
 * Data stores teams add beside their cells whose encryption at rest is a switch that defaults to off (or that
 * AWS lets a program turn off). Each entry: where the switch is, what counts as on, and the fix.
 */
interface Store {
  noun: string;
  path: readonly string[];
  accept: (value: unknown) => boolean;
  fix: string;
}

const ON = (value: unknown) => value === true;

const STORES: Readonly<Record<string, Store>> = {
  "aws:efs/fileSystem:FileSystem": {
    noun: "file system",
    path: ["encrypted"],
    accept: ON,
    fix: "set encrypted to true",
  },
  "aws:kinesis/stream:Stream": {
    noun: "Kinesis stream",
    path: ["encryptionType"],
    accept: (value) => value === "KMS",
    fix: 'set encryptionType to "KMS" and kmsKeyId',
  },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    noun: "Firehose delivery stream",
    path: ["serverSideEncryption", "enabled"],
    accept: ON,
    fix: "set serverSideEncryption.enabled to true",
  },
  "aws:docdb/cluster:Cluster": {
    noun: "DocumentDB cluster",
    path: ["storageEncrypted"],
    accept: ON,
    fix: "set storageEncrypted to true",
  },
  "aws:neptune/cluster:Cluster": {
    noun: "Neptune cluster",
    path: ["storageEncrypted"],
    accept: ON,
    fix: "set storageEncrypted to true",
  },
  // Redshift encrypts new provisioned clusters by default: only an explicit false fails.
  "aws:redshift/cluster:Cluster": {
    noun: "Redshift cluster",
    path: ["encrypted"],
    accept: (value) => value !== false,
    fix: "remove encrypted: false (or set it to true)",
  },
};

function check(store: CheckedResource): Finding[] {
  const spec = STORES[store.type];
  const value = at(store.props, ...spec.path);
  if (isUnknown(value)) {
    return [notYetCheckable(spec.path.join("."))];
  }
  // A value that is absent counts as the AWS default, which `accept` states (off for all but Redshift).
  return spec.accept(value ?? undefined)
    ? []
    : [violation(`${spec.noun} ${store.name} is not encrypted at rest: ${spec.fix}`)];
}

export const dataStoresEncrypted: ResourcePolicyDefinition = {
  scope: "resource",
  name: "data-stores-encrypted",
  description:
    "EFS file systems, Kinesis streams, Firehose delivery streams, DocumentDB and Neptune clusters encrypt at " +
    "rest (unset is unencrypted); Redshift clusters are not switched off (encrypted by default).",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("EFS.1", "Elastic File System should be configured to encrypt file data at-rest using AWS KMS"),
    securityHub("Kinesis.1", "Kinesis streams should be encrypted at rest"),
    securityHub("DataFirehose.1", "Firehose delivery streams should be encrypted at rest", STANDARDS_NOT_CHECKED),
    securityHub("DocumentDB.1", "Amazon DocumentDB clusters should be encrypted at rest"),
    securityHub("Neptune.1", "Neptune DB clusters should be encrypted at rest"),
    securityHub("Redshift.10", "Redshift clusters should be encrypted at rest", STANDARDS_NOT_CHECKED),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/kinesis-controls.html#kinesis-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/datafirehose-controls.html#datafirehose-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/documentdb-controls.html#documentdb-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/neptune-controls.html#neptune-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/redshift-controls.html#redshift-10",
  ],
  remediation:
    'EFS: `encrypted: true` (+ `kmsKeyId`). Kinesis: `encryptionType: "KMS"`, `kmsKeyId`. Firehose: ' +
    "`serverSideEncryption: { enabled: true }`. DocumentDB, Neptune: `storageEncrypted: true`. Redshift: never " +
    "`encrypted: false`. Encryption of an existing store needs a new one (restore or copy).",
  resourceTypes: Object.keys(STORES),
  check,
};
