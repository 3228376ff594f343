import { describe, expect, it } from "vitest";
import { AccountBootstrap, type AccountBootstrapArgs } from "../../../components/bootstrap/account-bootstrap";
import {
  cellCertificateNames,
  certificateCovers,
  edgeCertificateNames,
  RegionBootstrap,
  type RegionBootstrapArgs,
} from "../../../components/bootstrap/region-bootstrap";
import { routingNames } from "../../../components/routing/routing-plan";
import { synthesize } from "../../support/synth";
import { dependsOn, expectChildren } from "../helpers";

const DOMAIN = "storefront.acme.com";

function accountStack(overrides: Partial<AccountBootstrapArgs> = {}) {
  return synthesize((provider) => {
    const bootstrap = new AccountBootstrap(
      "account",
      { domain: DOMAIN, owner: "platform-team", protect: true, ...overrides },
      { providers: { aws: provider } },
    );
    return { ...bootstrap.outputs };
  });
}

function regionStack(overrides: Partial<RegionBootstrapArgs> = {}, region = "us-east-1") {
  return synthesize(
    (provider) => {
      const bootstrap = new RegionBootstrap(
        `region-${region}`,
        { region, domain: DOMAIN, hostedZoneId: "Z0123456789ABC", owner: "platform-team", ...overrides },
        { providers: { aws: provider } },
      );
      return { ...bootstrap.outputs };
    },
    { region },
  );
}

describe("AccountBootstrap", () => {
  it("creates the Auto Scaling service-linked role the cell keys name, kept when the stack goes", async () => {
    const stack = await accountStack();
    const role = stack.one("aws:iam/serviceLinkedRole:ServiceLinkedRole");
    expect(role.inputs).toMatchObject({ awsServiceName: "autoscaling.amazonaws.com" });
    expect(stack.plan.outputs.serviceLinkedRoleArns).toEqual({
      "autoscaling.amazonaws.com":
        "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
    });
    expectChildren(stack, "account");
  });

  it("creates and protects the routing zone, and exports its id and name servers", async () => {
    const stack = await accountStack();
    const zone = stack.one("aws:route53/zone:Zone");
    expect(zone.inputs).toMatchObject({ name: DOMAIN });
    expect(zone.protect).toBe(true);
    expect(stack.plan.outputs.hostedZoneId).toMatch(/^Z[A-Z0-9]+$/);
    expect((stack.plan.outputs.nameServers as string[]).length).toBe(4);
  });

  it("adopts an existing zone and an existing service-linked role instead of creating them", async () => {
    const stack = await accountStack({
      hostedZoneId: "Z0EXISTING",
      existingServiceLinkedRoles: ["autoscaling.amazonaws.com"],
    });
    expect(stack.ofType("aws:route53/zone:Zone")).toEqual([]);
    expect(stack.ofType("aws:iam/serviceLinkedRole:ServiceLinkedRole")).toEqual([]);
    expect(stack.plan.outputs.hostedZoneId).toBe("Z0EXISTING");
    expect(stack.plan.outputs.serviceLinkedRoleArns).toEqual({
      "autoscaling.amazonaws.com":
        "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
    });
  });

  it("refuses an unknown service-linked role and a malformed zone id, naming the field", async () => {
    await expect(accountStack({ existingServiceLinkedRoles: ["rds.amazonaws.com"] })).rejects.toThrow(
      /existingServiceLinkedRoles lists rds.amazonaws.com/,
    );
    await expect(accountStack({ hostedZoneId: "zone-1" })).rejects.toThrow(/hostedZoneId "zone-1"/);
  });
});

describe("RegionBootstrap", () => {
  it("issues the cell certificate for every cell name and the tenant-less origin, validated by DNS", async () => {
    const stack = await regionStack({}, "eu-west-1");
    const certificate = stack.one("aws:acm/certificate:Certificate");
    expect(certificate.inputs).toMatchObject({
      domainName: `*.cells.${DOMAIN}`,
      subjectAlternativeNames: [`origin.${DOMAIN}`],
      validationMethod: "DNS",
    });
    const records = stack.ofType("aws:route53/record:Record");
    expect(records).toHaveLength(2);
    for (const record of records) {
      expect(record.inputs).toMatchObject({ zoneId: "Z0123456789ABC", type: "CNAME", allowOverwrite: true });
      expect(record.inputs.name).toMatch(/^_[0-9a-f]+\.(cells|origin)\.storefront\.acme\.com\.$/);
    }
    const validation = stack.one("aws:acm/certificateValidation:CertificateValidation");
    for (const record of records) {
      expect(dependsOn(validation, record), record.name).toBe(true);
    }
    expect(stack.plan.outputs.cellCertificateArn).toMatch(
      /^arn:aws:acm:eu-west-1:123456789012:certificate\/[0-9a-f-]{36}$/,
    );
    expect(stack.plan.outputs.edgeCertificateArn).toBeUndefined();
  });

  it("also issues the edge certificate in us-east-1 for app.<domain> and *.tenants.<domain>", async () => {
    const stack = await regionStack({ edgeCertificate: true });
    const edge = stack.named("region-us-east-1-edge-cert");
    expect(edge.inputs).toMatchObject({
      domainName: `app.${DOMAIN}`,
      subjectAlternativeNames: [`*.tenants.${DOMAIN}`],
    });
    expect(stack.plan.outputs.edgeCertificateArn).toMatch(/^arn:aws:acm:us-east-1:/);
    expect(stack.ofType("aws:acm/certificateValidation:CertificateValidation")).toHaveLength(2);
  });

  it("refuses an edge certificate outside us-east-1", async () => {
    await expect(regionStack({ edgeCertificate: true }, "eu-west-1")).rejects.toThrow(
      /edgeCertificate is only possible in us-east-1/,
    );
  });

  it("covers exactly the names CloudFront uses: each cell's origin name, origin.<domain>, app and tenant hosts", () => {
    const cell = cellCertificateNames(DOMAIN);
    const edge = edgeCertificateNames(DOMAIN);
    const covered = (names: { domainName: string; alternativeNames: string[] }, host: string): boolean =>
      [names.domainName, ...names.alternativeNames].some((name) => certificateCovers(name, host));
    for (const cellId of ["use1-a", "euw1-b", "apse2-a"]) {
      expect(covered(cell, routingNames.cell(cellId, DOMAIN))).toBe(true);
    }
    expect(covered(cell, routingNames.origin(DOMAIN))).toBe(true);
    expect(covered(edge, routingNames.app(DOMAIN))).toBe(true);
    expect(covered(edge, `acme.tenants.${DOMAIN}`)).toBe(true);
    expect(covered(cell, `a.b.cells.${DOMAIN}`)).toBe(false);
    expect(covered(edge, routingNames.origin(DOMAIN))).toBe(false);
  });
});
