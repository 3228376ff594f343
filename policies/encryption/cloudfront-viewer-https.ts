import { securityHub } from "../lib/controls";
import { DISTRIBUTION, cacheBehaviors } from "../lib/cloudfront";
import { eachFinding, notYetCheckable, type Finding } from "../lib/findings";
import { requireSetting } from "../lib/checks";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown } from "../lib/values";

const HTTPS_POLICIES = new Set(["redirect-to-https", "https-only"]);

export const cloudfrontViewerHttps: ResourcePolicyDefinition = {
  scope: "resource",
  name: "cloudfront-viewer-https",
  description:
    "CloudFront distributions serve viewers over HTTPS only: the default and every ordered cache behaviour set " +
    'viewerProtocolPolicy to "redirect-to-https" or "https-only", never "allow-all".',
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [securityHub("CloudFront.3", "CloudFront distributions should require encryption in transit")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-3"],
  remediation:
    'Set `viewerProtocolPolicy: "redirect-to-https"` (or "https-only") on `defaultCacheBehavior` and on every ' +
    "entry of `orderedCacheBehaviors`.",
  resourceTypes: [DISTRIBUTION],
  check: (distribution): Finding[] => {
    const behaviors = cacheBehaviors(distribution);
    if (isUnknown(behaviors)) {
      return [notYetCheckable("orderedCacheBehaviors")];
    }
    return eachFinding(behaviors, ({ label, value }) =>
      requireSetting(
        at(value, "viewerProtocolPolicy"),
        (policy) => typeof policy === "string" && HTTPS_POLICIES.has(policy),
        `${label}.viewerProtocolPolicy`,
        `distribution ${distribution.name} serves plain HTTP on ${label}: ` +
          'set viewerProtocolPolicy to "redirect-to-https"',
      ),
    );
  },
};
