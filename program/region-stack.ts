/**
 * The program of a `region-<region>` stack: the region's DNS-validated certificates (and the edge certificate in
 * us-east-1), validated in the zone the account stack exports (components/bootstrap/region-bootstrap.ts). It runs
 * after `account` and before the region's cells, which read its `cellCertificateArn`.
 *
 * Configuration (`cellplane` namespace, stacks/Pulumi.region-<region>.yaml):
 * - `accountStack` (optional): fully qualified name of the account stack. Default `<organization>/<project>/account`.
 * - `hostedZoneId` (optional): use this zone instead of the account stack's (e.g. a zone managed elsewhere).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RegionBootstrap } from "../components/bootstrap/region-bootstrap";
import { qualifiedStackName, requireStringOutput } from "./stack-references";
import { READ_OUTPUTS, type BootstrapFleetView } from "./stack-views";
import { ACCOUNT_STACK, EDGE_REGION, regionOfStack, regionsInUse, regionStackName } from "./stacks";

export { regionOfStack, regionsInUse, regionStackName };

export interface RegionStackOutputs {
  region: string;
  /** ACM certificate for the load balancers of the region's cells, issued. */
  cellCertificateArn: pulumi.Output<string>;
  /** us-east-1 only: the CloudFront certificate, issued. */
  edgeCertificateArn?: pulumi.Output<string>;
}

/** `fleet`: what the stack reads of the fleet (`bootstrapView` in stack-views.ts). */
export function buildRegionStack(fleet: BootstrapFleetView, region: string): RegionStackOutputs {
  const stack = regionStackName(region);
  const inUse = fleet.regionsInUse;
  if (!inUse.includes(region)) {
    throw new Error(
      `stack ${stack}: no cell of the fleet is in ${region} and the edge is in us-east-1; ` +
        `select one of ${inUse.map(regionStackName).join(", ")}`,
    );
  }
  const config = new pulumi.Config("cellplane");
  const stackRegion = new pulumi.Config("aws").get("region");
  if (stackRegion && stackRegion !== region) {
    throw new Error(`stack ${stack} sets aws:region to ${stackRegion}: run pulumi config set aws:region ${region}`);
  }
  const provider = new aws.Provider(`${stack}-aws`, { region: region as aws.Region });
  const bootstrap = new RegionBootstrap(
    stack,
    {
      region,
      domain: fleet.routing.domain,
      hostedZoneId: hostedZoneId(fleet, config),
      edgeCertificate: region === EDGE_REGION,
      owner: fleet.owner,
    },
    { providers: { aws: provider } },
  );
  return bootstrap.outputs;
}

/** The zone to validate in: the stack's override, else the account stack's output. */
function hostedZoneId(fleet: BootstrapFleetView, config: pulumi.Config): pulumi.Input<string> {
  const override = config.get("hostedZoneId") || fleet.routing.hostedZoneId;
  if (override) {
    return override;
  }
  const accountStack = qualifiedStackName(config.get("accountStack") || ACCOUNT_STACK);
  const reference = new pulumi.StackReference(ACCOUNT_STACK, { name: accountStack });
  return requireStringOutput(reference, accountStack, READ_OUTPUTS.accountZone, ACCOUNT_STACK);
}

/**
 * A certificate ARN a region stack exports (`cellCertificateArn`, or `edgeCertificateArn` in us-east-1), read
 * through a `StackReference`. The region stack is `<cellplane:regionStackPrefix><region>`, by default
 * `<organization>/<project>/region-<region>`. `name` is the StackReference's logical name; one per stack and region.
 */
export function regionStackCertificate(
  region: string,
  output: typeof READ_OUTPUTS.cellCertificate | typeof READ_OUTPUTS.edgeCertificate,
): pulumi.Output<string> {
  const prefix = new pulumi.Config("cellplane").get("regionStackPrefix");
  const stack = regionStackName(region);
  const qualified = prefix ? `${prefix}${region}` : qualifiedStackName(stack);
  const reference = new pulumi.StackReference(stack, { name: qualified });
  return requireStringOutput(reference, qualified, output, stack);
}
