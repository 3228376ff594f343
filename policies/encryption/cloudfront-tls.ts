import { DISTRIBUTION, customOrigins } from "../lib/cloudfront";
import { nist, NIST_800_53, securityHub } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf } from "../lib/values";

/**
 * Viewer security policies whose minimum is TLS 1.2 with current ciphers: TLSv1.2_2021 and the later ones
 * (CloudFront developer guide, "Supported protocols and ciphers between viewers and CloudFront"). TLSv1.2_2018
 * and TLSv1.2_2019 still allow CBC ciphers.
 */
const CURRENT_VIEWER_POLICIES = /^TLSv1\.(2_20(2[1-9]|[3-9]\d)|3_\d{4})$/;
const ORIGIN_PROTOCOLS = new Set(["https-only", "match-viewer"]);

function viewerFindings(distribution: CheckedResource): Finding[] {
  const certificate = at(distribution.props, "viewerCertificate");
  const version = at(certificate, "minimumProtocolVersion");
  const defaultCertificate = at(certificate, "cloudfrontDefaultCertificate");
  if (isUnknown(certificate) || isUnknown(version) || isUnknown(defaultCertificate)) {
    return [notYetCheckable("viewerCertificate")];
  }
  // With CloudFront's default certificate the minimum is TLSv1 whatever the setting says.
  if (defaultCertificate === true) {
    return [
      violation(
        `distribution ${distribution.name} uses the default *.cloudfront.net certificate, which accepts TLS 1.0: ` +
          'use an ACM certificate with minimumProtocolVersion "TLSv1.2_2021"',
      ),
    ];
  }
  return typeof version === "string" && CURRENT_VIEWER_POLICIES.test(version)
    ? []
    : [
        violation(
          `distribution ${distribution.name} accepts viewers below TLSv1.2_2021 (minimumProtocolVersion ` +
            `${JSON.stringify(version ?? "TLSv1")}): set it to "TLSv1.2_2021" or newer`,
        ),
      ];
}

function originFindings(distribution: CheckedResource): Finding[] {
  const origins = customOrigins(distribution);
  if (isUnknown(origins)) {
    return [notYetCheckable("origins")];
  }
  return eachFinding(origins, ({ label, value }): Finding[] => {
    const protocol = at(value, "originProtocolPolicy");
    const versions = listOf(at(value, "originSslProtocols"));
    if (isUnknown(protocol) || isUnknown(versions)) {
      return [notYetCheckable(`${label} protocol settings`)];
    }
    const problems = [
      typeof protocol === "string" && ORIGIN_PROTOCOLS.has(protocol)
        ? ""
        : `reaches its origin over ${JSON.stringify(protocol ?? "http-only")}: ` +
          'set originProtocolPolicy to "https-only"',
      versions.length > 0 && versions.every((entry) => entry === "TLSv1.2")
        ? ""
        : `allows origin protocols ${JSON.stringify(versions)}: set originSslProtocols to ["TLSv1.2"]`,
    ].filter((problem) => problem.length > 0);
    return problems.map((problem) => violation(`distribution ${distribution.name} ${label} ${problem}`));
  });
}

export const cloudfrontTls: ResourcePolicyDefinition = {
  scope: "resource",
  name: "cloudfront-tls",
  description:
    "CloudFront distributions accept viewers on TLSv1.2_2021 or newer (an ACM certificate, not the default one) and " +
    "reach custom origins over HTTPS with TLS 1.2 only.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("CloudFront.9", "CloudFront distributions should encrypt traffic to custom origins"),
    securityHub(
      "CloudFront.10",
      "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins",
    ),
    nist("SC-8", "Transmission confidentiality and integrity"),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-9",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-10",
    NIST_800_53,
  ],
  remediation:
    'Set `viewerCertificate: { acmCertificateArn, sslSupportMethod: "sni-only", minimumProtocolVersion: ' +
    '"TLSv1.2_2021" }` and, on every custom origin, `customOriginConfig: { originProtocolPolicy: "https-only", ' +
    'originSslProtocols: ["TLSv1.2"] }`.',
  resourceTypes: [DISTRIBUTION],
  check: (distribution) => [...viewerFindings(distribution), ...originFindings(distribution)],
};
