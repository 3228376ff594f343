/**
 * RegionBootstrap: the DNS-validated certificates of one region, created by its `region-<region>` stack after the
 * account stack (which holds the zone) and before any cell of the region, so no cell waits on the global stack.
 *
 * - The **cell certificate** covers every name CloudFront connects to a load balancer of this region by:
 *   `<cell>.cells.<domain>` (per-tenant requests, through `*.cells.<domain>`) and `origin.<domain>` (tenant-less
 *   requests, the distribution's default origin). CloudFront checks the origin's certificate against the origin
 *   name and answers 502 on a mismatch. Certificates are regional: each region needs its own
 *   (https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html).
 * - The **edge certificate** (us-east-1 only: "To use an ACM certificate with Amazon CloudFront, you must request or
 *   import the certificate in the US East (N. Virginia) region", same page) covers `app.<domain>` and
 *   `*.tenants.<domain>`.
 *
 * DNS validation: one CNAME per name ACM asks for, in the account's zone, then `CertificateValidation`, which waits
 * until ACM has issued the certificate. ACM asks for the same CNAME for the same name in every region of an account
 * (https://github.com/hashicorp/terraform-provider-aws/issues/13653), so the records overwrite each other harmlessly
 * (`allowOverwrite`) and outlive a region stack (`retainOnDelete`): another region's certificate renews with them.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DOMAIN_NAME, REGION_PATTERN } from "../../fleet/limits";
import { CELL_TAG_KEYS, routingTags } from "../lib/tags";
import { BOOTSTRAP_COMPONENT_PREFIX } from "../lib/tokens";
import { matches, validateArgs } from "../lib/validation";
import { routingNames } from "../routing/routing-plan";

const COMPONENT = "RegionBootstrap";
/** CloudFront takes viewer certificates only from ACM in us-east-1. */
export const EDGE_CERTIFICATE_REGION = "us-east-1";
const VALIDATION_TTL = 300;

/** Names the load balancers of a region answer for: the wildcard over every cell, and the tenant-less origin. */
export function cellCertificateNames(domain: string): { domainName: string; alternativeNames: string[] } {
  return { domainName: `*.cells.${domain}`, alternativeNames: [routingNames.origin(domain)] };
}

/** Names the edge (CloudFront) answers for. */
export function edgeCertificateNames(domain: string): { domainName: string; alternativeNames: string[] } {
  return { domainName: routingNames.app(domain), alternativeNames: [routingNames.tenants(domain)] };
}

/** Whether `certificateName` (possibly `*.`-wildcarded, one label deep) covers the host `name`, as TLS matches it. */
export function certificateCovers(certificateName: string, name: string): boolean {
  if (!certificateName.startsWith("*.")) {
    return certificateName === name;
  }
  const dot = name.indexOf(".");
  return dot > 0 && !name.slice(0, dot).includes("*") && name.slice(dot + 1) === certificateName.slice(2);
}

export interface RegionBootstrapArgs {
  /** The region the stack bootstraps; its provider must be in that region. */
  region: string;
  /** The fleet's routing domain. */
  domain: string;
  /** The public hosted zone of `domain` (the account stack's `hostedZoneId`). */
  hostedZoneId: pulumi.Input<string>;
  /** Also issue the edge certificate. Only allowed (and required once per fleet) in us-east-1. Default false. */
  edgeCertificate?: boolean;
  /** Team that owns the fleet (tag `cellplane:owner`). */
  owner: string;
}

export interface RegionBootstrapOutputs {
  region: string;
  /** The validated cell certificate: resolves once ACM has issued it. */
  cellCertificateArn: pulumi.Output<string>;
  /** The validated edge certificate (us-east-1 with `edgeCertificate`), else undefined. */
  edgeCertificateArn?: pulumi.Output<string>;
}

interface ValidatedCertificate {
  certificate: aws.acm.Certificate;
  records: aws.route53.Record[];
  validation: aws.acm.CertificateValidation;
}

export class RegionBootstrap extends pulumi.ComponentResource {
  readonly cell: ValidatedCertificate;
  readonly edge?: ValidatedCertificate;
  readonly outputs: RegionBootstrapOutputs;

  constructor(name: string, args: RegionBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, [
      { ok: REGION_PATTERN.test(args.region ?? ""), problem: `region "${args.region}" is not an AWS region name` },
      matches("domain", args.domain ?? "", DOMAIN_NAME),
      {
        ok: !args.edgeCertificate || args.region === EDGE_CERTIFICATE_REGION,
        problem:
          `edgeCertificate is only possible in ${EDGE_CERTIFICATE_REGION} (CloudFront's region), ` +
          `not ${args.region}`,
      },
      { ok: (args.owner ?? "").trim().length > 0, problem: "owner must name the owning team" },
    ]);
    super(`${BOOTSTRAP_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const tags = { ...routingTags(args.owner), [CELL_TAG_KEYS.region]: args.region };
    this.cell = this.validatedCertificate(`${name}-cell-cert`, cellCertificateNames(args.domain), args, tags);
    if (args.edgeCertificate) {
      this.edge = this.validatedCertificate(`${name}-edge-cert`, edgeCertificateNames(args.domain), args, tags);
    }
    this.outputs = {
      region: args.region,
      cellCertificateArn: this.cell.validation.certificateArn,
      ...(this.edge ? { edgeCertificateArn: this.edge.validation.certificateArn } : {}),
    };
    this.registerOutputs({ ...this.outputs });
  }

  private validatedCertificate(
    name: string,
    names: { domainName: string; alternativeNames: string[] },
    args: RegionBootstrapArgs,
    tags: Record<string, string>,
  ): ValidatedCertificate {
    const certificate = new aws.acm.Certificate(
      name,
      {
        domainName: names.domainName,
        subjectAlternativeNames: names.alternativeNames,
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
        tags: { ...tags, Name: names.domainName },
      },
      // A replacement must be issued before the listeners let go of the old one.
      { parent: this, deleteBeforeReplace: false },
    );
    // One record per name, by position: ACM lists the options in the order of the names requested.
    const records = [names.domainName, ...names.alternativeNames].map((domainName, index) => {
      const option = certificate.domainValidationOptions.apply(
        (options) => options.find((candidate) => candidate.domainName === domainName) ?? options[index],
      );
      return new aws.route53.Record(
        `${name}-validation-${index + 1}`,
        {
          zoneId: args.hostedZoneId,
          name: option.apply((resolved) => resolved.resourceRecordName),
          type: option.apply((resolved) => resolved.resourceRecordType),
          records: [option.apply((resolved) => resolved.resourceRecordValue)],
          ttl: VALIDATION_TTL,
          allowOverwrite: true,
        },
        { parent: this, retainOnDelete: true },
      );
    });
    const validation = new aws.acm.CertificateValidation(
      `${name}-validation`,
      { certificateArn: certificate.arn, validationRecordFqdns: records.map((record) => record.fqdn) },
      { parent: this },
    );
    return { certificate, records, validation };
  }
}
