import { nist, NIST_800_53, securityHub } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

const REST_DOMAIN = "aws:apigateway/domainName:DomainName";
const HTTP_DOMAIN = "aws:apigatewayv2/domainName:DomainName";
const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";

/** TLS_1_2 and the newer SecurityPolicy_TLS13_* / _TLS12_* enhanced policies; not TLS_1_0. */
function isTls12(policy: unknown): boolean {
  return typeof policy === "string" && (policy === "TLS_1_2" || /^SecurityPolicy_TLS1[23]_/.test(policy));
}

function domainFindings(domain: CheckedResource): Finding[] {
  const policy =
    domain.type === REST_DOMAIN
      ? at(domain.props, "securityPolicy")
      : at(domain.props, "domainNameConfiguration", "securityPolicy");
  if (isUnknown(policy)) {
    return [notYetCheckable("securityPolicy")];
  }
  return isTls12(policy)
    ? []
    : [
        violation(
          `API Gateway domain ${domain.name} accepts TLS below 1.2 ` +
            `(securityPolicy ${JSON.stringify(policy ?? "unset")}): ` +
            'set securityPolicy to "TLS_1_2"',
        ),
      ];
}

/** A stage's cache holds responses: when caching is on, the cache must be encrypted. */
function cacheFindings(settings: CheckedResource): Finding[] {
  const caching = at(settings.props, "settings", "cachingEnabled");
  const encrypted = at(settings.props, "settings", "cacheDataEncrypted");
  if (isUnknown(caching) || isUnknown(encrypted)) {
    return [notYetCheckable("settings.cachingEnabled / cacheDataEncrypted")];
  }
  return caching === true && encrypted !== true
    ? [violation(`method settings ${settings.name} cache responses unencrypted: set settings.cacheDataEncrypted`)]
    : [];
}

export const apigatewayTls: ResourcePolicyDefinition = {
  scope: "resource",
  name: "apigateway-tls",
  description:
    "API Gateway custom domains (REST and HTTP/WebSocket) use a TLS 1.2+ security policy, and REST stages that " +
    "cache responses encrypt the cache.",
  group: "encryption",
  severity: "medium",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("APIGateway.5", "API Gateway REST API cache data should be encrypted at rest"),
    nist("SC-8", "Transmission confidentiality and integrity"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/apigateway-controls.html#apigateway-5",
    NIST_800_53,
  ],
  remediation:
    'Domains: `securityPolicy: "TLS_1_2"` (REST) or `domainNameConfiguration.securityPolicy: "TLS_1_2"` (v2). ' +
    "Method settings with `cachingEnabled`: also `cacheDataEncrypted: true`.",
  resourceTypes: [REST_DOMAIN, HTTP_DOMAIN, METHOD_SETTINGS],
  check: (resource) => (resource.type === METHOD_SETTINGS ? cacheFindings(resource) : domainFindings(resource)),
};
