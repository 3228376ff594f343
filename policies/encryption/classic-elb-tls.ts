import { securityHub } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, shown, type Plain } from "../lib/values";

const LOAD_BALANCER = "aws:elb/loadBalancer:LoadBalancer";
const POLICY = "aws:elb/loadBalancerPolicy:LoadBalancerPolicy";
/** The only predefined policy ELB.8 accepts: TLS 1.2 with strong ciphers. */
const STRONG_POLICY = "ELBSecurityPolicy-TLS-1-2-2017-01";
const TLS_PROTOCOLS = new Set(["HTTPS", "SSL"]);

function listenerFindings(balancer: CheckedResource): Finding[] {
  const listeners = listOf(at(balancer.props, "listeners"));
  if (isUnknown(listeners)) {
    return [notYetCheckable("listeners")];
  }
  return eachFinding(listeners, (listener, index) => {
    const protocol = at(listener, "lbProtocol");
    if (isUnknown(protocol)) {
      return [notYetCheckable(`listeners[${index}].lbProtocol`)];
    }
    return typeof protocol === "string" && TLS_PROTOCOLS.has(protocol.toUpperCase())
      ? []
      : [
          violation(
            `classic load balancer ${balancer.name} listeners[${index}] serves ${shown(protocol ?? null)} without ` +
              'TLS: use lbProtocol "https" or "ssl" with sslCertificateId',
          ),
        ];
  });
}

/** Protocols an SSL negotiation policy may not enable. */
const OLD_PROTOCOLS = ["Protocol-SSLv2", "Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"];

/**
 * SSL negotiation policies reference the strong predefined policy, or list their own protocols with TLS 1.2 on
 * and nothing older.
 */
function negotiationFindings(policy: CheckedResource): Finding[] {
  const type = at(policy.props, "policyTypeName");
  const attributes = listOf(at(policy.props, "policyAttributes"));
  if (isUnknown(type) || isUnknown(attributes)) {
    return [notYetCheckable("policyTypeName / policyAttributes")];
  }
  if (type !== "SSLNegotiationPolicyType") {
    return [];
  }
  const values = new Map<Plain | undefined, Plain | undefined>(
    attributes.map((attribute) => [at(attribute, "name"), at(attribute, "value")]),
  );
  if ([...values.values()].some(isUnknown)) {
    return [notYetCheckable("policyAttributes values")];
  }
  const reference = values.get("Reference-Security-Policy");
  if (reference !== undefined) {
    return reference === STRONG_POLICY
      ? []
      : [violation(`SSL negotiation policy ${policy.name} references ${shown(reference)}: reference ${STRONG_POLICY}`)];
  }
  const on = (name: string) => shown(values.get(name) ?? "false").toLowerCase() === "true";
  const old = OLD_PROTOCOLS.filter(on);
  if (old.length > 0) {
    return [violation(`SSL negotiation policy ${policy.name} enables ${old.join(", ")}: reference ${STRONG_POLICY}`)];
  }
  return on("Protocol-TLSv1.2")
    ? []
    : [violation(`SSL negotiation policy ${policy.name} enables no TLS 1.2: reference ${STRONG_POLICY}`)];
}

export const classicElbTls: ResourcePolicyDefinition = {
  scope: "resource",
  name: "classic-elb-tls",
  description:
    "Classic load balancers terminate TLS on every listener (HTTPS or SSL) and negotiate with the predefined " +
    `${STRONG_POLICY} policy (or custom protocols: TLS 1.2 on, SSLv3, TLS 1.0 and 1.1 off).`,
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("ELB.3", "Classic Load Balancer listeners should be configured with HTTPS or TLS termination"),
    securityHub(
      "ELB.8",
      "Classic Load Balancers with SSL listeners should use a predefined security policy that has strong " +
        "AWS Configuration",
    ),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-3",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-8",
  ],
  remediation:
    'Listeners: `lbProtocol: "https"` (or "ssl") with `sslCertificateId`. An `aws.elb.LoadBalancerPolicy` of type ' +
    `SSLNegotiationPolicyType with the attribute Reference-Security-Policy = ${STRONG_POLICY}. Prefer an ALB.`,
  resourceTypes: [LOAD_BALANCER, POLICY],
  check: (resource) => (resource.type === POLICY ? negotiationFindings(resource) : listenerFindings(resource)),
};
