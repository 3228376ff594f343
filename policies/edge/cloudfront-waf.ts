import { requireSetting } from "../lib/checks";
import { DISTRIBUTION } from "../lib/cloudfront";
import { securityHub } from "../lib/controls";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString } from "../lib/values";

export const cloudfrontWaf: ResourcePolicyDefinition = {
  scope: "resource",
  name: "cloudfront-waf",
  description: "CloudFront distributions are associated with an AWS WAF web ACL (webAclId).",
  group: "edge",
  severity: "medium",
  // Advisory: the fleet's GlobalRouter has no web ACL yet; make it mandatory for `global` in pack-config.json once
  // it does.
  enforcementLevel: "advisory",
  controls: [securityHub("CloudFront.6", "CloudFront distributions should have WAF enabled")],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-6"],
  remediation:
    'Create an `aws.wafv2.WebAcl` with `scope: "CLOUDFRONT"` (in us-east-1) and set the distribution\'s `webAclId` ' +
    "to its ARN.",
  resourceTypes: [DISTRIBUTION],
  check: (distribution) =>
    requireSetting(
      at(distribution.props, "webAclId"),
      isNonEmptyString,
      "webAclId",
      `distribution ${distribution.name} has no web ACL: set webAclId to a WAFv2 web ACL (scope CLOUDFRONT)`,
    ),
};
