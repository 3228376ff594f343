import { isTrue, requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at } from "../lib/values";

/** TLS security policies whose minimum is TLS 1.2 (OpenSearch developer guide, "domainEndpointOptions"). */
const TLS12_POLICIES = new Set(["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"]);

function check(domain: CheckedResource) {
  const noun = `${domain.type.startsWith("aws:opensearch") ? "OpenSearch" : "Elasticsearch"} domain ${domain.name}`;
  return [
    ...requireSetting(
      at(domain.props, "encryptAtRest", "enabled"),
      isTrue,
      "encryptAtRest.enabled",
      `${noun} is not encrypted at rest: set encryptAtRest.enabled to true`,
    ),
    ...requireSetting(
      at(domain.props, "nodeToNodeEncryption", "enabled"),
      isTrue,
      "nodeToNodeEncryption.enabled",
      `${noun} sends plaintext between its nodes: set nodeToNodeEncryption.enabled to true`,
    ),
    ...requireSetting(
      at(domain.props, "domainEndpointOptions", "enforceHttps"),
      isTrue,
      "domainEndpointOptions.enforceHttps",
      `${noun} accepts plain HTTP: set domainEndpointOptions.enforceHttps to true`,
    ),
    ...requireSetting(
      at(domain.props, "domainEndpointOptions", "tlsSecurityPolicy"),
      (policy) => typeof policy === "string" && TLS12_POLICIES.has(policy),
      "domainEndpointOptions.tlsSecurityPolicy",
      `${noun} accepts TLS below 1.2: set domainEndpointOptions.tlsSecurityPolicy to "Policy-Min-TLS-1-2-2019-07"`,
    ),
  ];
}

export const searchDomainSecure: ResourcePolicyDefinition = {
  scope: "resource",
  name: "search-domain-secure",
  description:
    "OpenSearch and legacy Elasticsearch domains encrypt at rest and between nodes, and accept only HTTPS with a " +
    "TLS 1.2 security policy (unset settings count as off; the default TLS policy allows TLS 1.0).",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("Opensearch.1", "OpenSearch domains should have encryption at rest enabled"),
    securityHub("Opensearch.3", "OpenSearch domains should encrypt data sent between nodes"),
    securityHub(
      "Opensearch.8",
      "Connections to OpenSearch domains should be encrypted using the latest TLS security policy",
    ),
    securityHub("ES.1", "Elasticsearch domains should have encryption at-rest enabled"),
    securityHub("ES.3", "Elasticsearch domains should encrypt data sent between nodes"),
    securityHub(
      "ES.8",
      "Connections to Elasticsearch domains should be encrypted using the latest TLS security policy",
    ),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-3",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/opensearch-controls.html#opensearch-8",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/es-controls.html#es-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/es-controls.html#es-3",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/es-controls.html#es-8",
  ],
  remediation:
    "Set `encryptAtRest: { enabled: true, kmsKeyId }`, `nodeToNodeEncryption: { enabled: true }` and " +
    '`domainEndpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" }`.',
  resourceTypes: ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"],
  check,
};
