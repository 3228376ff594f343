import { requireSetting } from "../lib/checks";
import { securityHub } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, shown, type Plain } from "../lib/values";

/** Predefined ELB policies whose minimum protocol is TLS 1.2 or 1.3 (TLS13-1-0/1-1 and 2016-08 allow older ones). */
const TLS12_PLUS_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)(-|$)/;
const TLS_PROTOCOLS = new Set(["HTTPS", "TLS"]);

function isTls12Policy(value: Plain | undefined): boolean {
  return typeof value === "string" && TLS12_PLUS_POLICY.test(value);
}

function tlsFindings(listener: CheckedResource): Finding[] {
  return requireSetting(
    at(listener.props, "sslPolicy"),
    isTls12Policy,
    "sslPolicy",
    `listener ${listener.name} allows TLS below 1.2: set sslPolicy to ELBSecurityPolicy-TLS13-1-2-2021-06 (or ` +
      `another TLS 1.2+ policy)`,
  );
}

/** Plain HTTP is allowed only when every default action redirects to HTTPS. */
function httpFindings(listener: CheckedResource): Finding[] {
  const actions = listOf(at(listener.props, "defaultActions"));
  if (isUnknown(actions)) {
    return [notYetCheckable("defaultActions")];
  }
  if (actions.length === 0) {
    return [violation(`listener ${listener.name} serves plain HTTP: its only action must redirect to HTTPS`)];
  }
  return eachFinding(actions, (action, index) => {
    const type = at(action, "type");
    const protocol = at(action, "redirect", "protocol");
    if (isUnknown(type) || (type === "redirect" && isUnknown(protocol))) {
      return [notYetCheckable(`defaultActions[${index}]`)];
    }
    return type === "redirect" && protocol === "HTTPS"
      ? []
      : [
          violation(
            `listener ${listener.name} serves plain HTTP: defaultActions[${index}] is "${shown(type)}", not a ` +
              `redirect to HTTPS`,
          ),
        ];
  });
}

export const lbListenerTls: ResourcePolicyDefinition = {
  scope: "resource",
  name: "lb-listener-tls",
  description:
    "Load balancer listeners use HTTPS/TLS with a TLS 1.2+ policy; plain HTTP listeners only redirect to HTTPS.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("ELB.1", "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS"),
    securityHub(
      "ELB.17",
      "Application and Network Load Balancers with listeners should use recommended security policies",
    ),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-17",
  ],
  remediation:
    "Serve traffic on an HTTPS (ALB) or TLS (NLB) listener with `certificateArn` and " +
    '`sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06"`. Keep port 80 only as ' +
    '`defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]`.',
  resourceTypes: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  check: (listener) => {
    const protocol = at(listener.props, "protocol");
    if (isUnknown(protocol)) {
      return [notYetCheckable("protocol")];
    }
    // An ALB listener without a protocol is HTTP; TCP/UDP listeners pass bytes through and are out of scope.
    const upper = typeof protocol === "string" ? protocol.toUpperCase() : "HTTP";
    if (TLS_PROTOCOLS.has(upper)) {
      return tlsFindings(listener);
    }
    return upper === "HTTP" ? httpFindings(listener) : [];
  },
};
