import { forbidSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

/** MSK defaults to TLS between clients and brokers and within the cluster; a program can only weaken that. */
function check(cluster: CheckedResource) {
  const transit = ["encryptionInfo", "encryptionInTransit"];
  return [
    ...forbidSetting(
      at(cluster.props, ...transit, "clientBroker"),
      (value) => value === "PLAINTEXT" || value === "TLS_PLAINTEXT",
      "encryptionInfo.encryptionInTransit.clientBroker",
      `MSK cluster ${cluster.name} accepts plaintext clients: set encryptionInTransit.clientBroker to "TLS"`,
    ),
    ...forbidSetting(
      at(cluster.props, ...transit, "inCluster"),
      (value) => value === false,
      "encryptionInfo.encryptionInTransit.inCluster",
      `MSK cluster ${cluster.name} sends plaintext between brokers: set encryptionInTransit.inCluster to true`,
    ),
  ];
}

export const mskTls: ResourcePolicyDefinition = {
  scope: "resource",
  name: "msk-tls",
  description:
    'MSK clusters encrypt in transit: clientBroker "TLS" (not PLAINTEXT or TLS_PLAINTEXT) and inCluster true ' +
    "(both AWS's defaults; only a weakening fails).",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [securityHub("MSK.1", "MSK clusters should be encrypted in transit among broker nodes")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/msk-controls.html#msk-1"],
  remediation:
    'Leave `encryptionInfo.encryptionInTransit` at its defaults or set `{ clientBroker: "TLS", inCluster: true }`.',
  resourceTypes: ["aws:msk/cluster:Cluster"],
  check,
};
