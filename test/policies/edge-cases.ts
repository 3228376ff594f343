/**
 * Cases for the global stack's edge: CloudFront distributions and Route 53 zones. Translated from checkov's
 * tests/terraform/checks/resource/aws/example_CloudfrontTLS12/main.tf (viewer TLS: the default certificate,
 * "TLSv1" and an unset minimum fail; "allow-all" on the default behaviour with HTTPS ordered behaviours) and from
 * KICS' Route 53 "CloudWatch Logging Disabled" samples (a zone without a query log fails, one with it passes).
 */
import type { AnalyzerResourceInput, PropertyMap } from "../../tools/analyzer";
import * as ok from "./compliant";
import { CELL, cellResource, cellStack, type Finding } from "./harness";
import type { ResourceCase } from "./resource-cases";
import type { StackCase } from "./stack-cases";

const base = ok.distribution().inputs;
const origin = (config: PropertyMap): PropertyMap => ({
  originId: "cells",
  domainName: "origin.example.com",
  customOriginConfig: { httpPort: 80, httpsPort: 443, ...config },
});
const advisory = (policy: string): Finding[] => [[policy, "advisory", "violation"]];

export const EDGE_RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "cloudfront-viewer-https",
    compliant: [ok.distribution()],
    violating: [
      {
        title: 'checkov "fail": allow-all on the default behaviour, redirect on the ordered ones',
        resource: ok.distribution({
          defaultCacheBehavior: { ...(base.defaultCacheBehavior as PropertyMap), viewerProtocolPolicy: "allow-all" },
        }),
      },
      {
        title: "an ordered behaviour left at allow-all",
        resource: ok.distribution({
          orderedCacheBehaviors: [
            { pathPattern: "/api/*", targetOriginId: "cells", viewerProtocolPolicy: "allow-all" },
            { pathPattern: "/static/*", targetOriginId: "cells", viewerProtocolPolicy: "https-only" },
          ],
        }),
      },
    ],
  },
  {
    policy: "cloudfront-tls",
    compliant: [
      ok.distribution(),
      ok.distribution(
        {
          viewerCertificate: { ...(base.viewerCertificate as PropertyMap), minimumProtocolVersion: "TLSv1.3_2025" },
          origins: [origin({ originProtocolPolicy: "match-viewer", originSslProtocols: ["TLSv1.2"] })],
        },
        `${CELL}-edge-tls13`,
      ),
    ],
    violating: [
      {
        title: 'checkov "fail": the default CloudFront certificate',
        resource: ok.distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } }),
      },
      {
        title: 'checkov "fail2": minimumProtocolVersion "TLSv1"',
        resource: ok.distribution({
          viewerCertificate: { ...(base.viewerCertificate as PropertyMap), minimumProtocolVersion: "TLSv1" },
        }),
      },
      {
        // checkov passes TLSv1.2_2019; issue 11 asks TLSv1.2_2021 or newer.
        title: "TLSv1.2_2019 (CBC ciphers still allowed)",
        resource: ok.distribution({
          viewerCertificate: { ...(base.viewerCertificate as PropertyMap), minimumProtocolVersion: "TLSv1.2_2019" },
        }),
      },
      {
        title: "an origin over http-only that also allows TLSv1 and TLSv1.1",
        resource: ok.distribution({
          origins: [origin({ originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1", "TLSv1.1", "TLSv1.2"] })],
        }),
        violations: 2,
      },
    ],
  },
  {
    policy: "cloudfront-waf",
    compliant: [ok.distribution()],
    violating: [
      { title: "no web ACL (advisory)", resource: ok.distribution({ webAclId: undefined }), level: "advisory" },
    ],
  },
  {
    policy: "cloudfront-logging",
    compliant: [ok.distribution()],
    violating: [
      // checkov example_CloudfrontDistributionLogging-style: no logging_config.
      {
        title: "no loggingConfig (advisory)",
        resource: ok.distribution({ loggingConfig: undefined }),
        level: "advisory",
      },
    ],
  },
];

function queryLog(zone: AnalyzerResourceInput): AnalyzerResourceInput {
  return cellResource(
    "aws:route53/queryLog:QueryLog",
    `${zone.name}-queries`,
    { zoneId: "Z123", cloudwatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/example" },
    { dependencies: [zone.urn] },
  );
}

export const EDGE_STACK_CASES: StackCase[] = [
  {
    policy: "route53-query-logging",
    compliant: [
      { title: "a public zone with its query log", stack: cellStack(ok.hostedZone(), queryLog(ok.hostedZone())) },
      {
        title: "a private zone (associated with a VPC) needs none",
        stack: cellStack(ok.hostedZone({ vpcs: [{ vpcId: "vpc-1" }] }, `${CELL}-private-zone`)),
      },
    ],
    violating: [
      {
        title: "a public zone without a query log (KICS positive test 1)",
        stack: cellStack(ok.hostedZone()),
        expected: advisory("route53-query-logging"),
      },
    ],
  },
];
