import { DISTRIBUTION } from "../lib/cloudfront";
import { securityHub, STANDARDS_NOT_CHECKED } from "../lib/controls";
import { notYetCheckable, violation } from "../lib/findings";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { at, isNonEmptyString, isUnknown } from "../lib/values";

export const cloudfrontLogging: ResourcePolicyDefinition = {
  scope: "resource",
  name: "cloudfront-logging",
  description: "CloudFront distributions write standard access logs (loggingConfig with a bucket).",
  group: "logging",
  severity: "medium",
  // Advisory: the fleet's GlobalRouter does not log yet (v2 logging through CloudWatch delivery sources is not
  // visible on the distribution); escalate `global` in pack-config.json once it does.
  enforcementLevel: "advisory",
  controls: [
    securityHub("CloudFront.5", "CloudFront distributions should have logging enabled", STANDARDS_NOT_CHECKED),
  ],
  references: ["https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-5"],
  remediation: 'Set `loggingConfig: { bucket: "<log bucket>.s3.amazonaws.com", prefix }` on the distribution.',
  resourceTypes: [DISTRIBUTION],
  check: (distribution) => {
    const bucket = at(distribution.props, "loggingConfig", "bucket");
    if (isUnknown(bucket)) {
      return [notYetCheckable("loggingConfig.bucket")];
    }
    return isNonEmptyString(bucket)
      ? []
      : [violation(`distribution ${distribution.name} writes no access logs: set loggingConfig.bucket`)];
  },
};
