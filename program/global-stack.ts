/**
 * The program of the `global` stack: places the tenants (fleet/placement.ts), reads each serving cell's load
 * balancer from its `cell-<id>` stack through a `StackReference`, and builds the {@link GlobalRouter}. Route 53
 * and CloudFront are global services managed from us-east-1, so the router gets an explicit us-east-1 provider.
 *
 * Configuration (`cellplane` namespace, stacks/Pulumi.global.yaml):
 * - `edgeCertificateArn` (optional): ACM certificate in us-east-1 for `app.<domain>` and `*.tenants.<domain>`.
 *   Default: the `edgeCertificateArn` output of stack `region-us-east-1` (its edge certificate, DNS-validated).
 * - `hostedZoneId` (optional): the routing zone. Default `routing.hostedZoneId`, else the `account` stack's zone.
 * - `accountStack`, `regionStackPrefix` (optional): names of the bootstrap stacks (see account-stack.ts,
 *   region-stack.ts).
 * - `cellStackPrefix` (optional): prefix of the cell stacks' fully qualified names; a cell's stack is
 *   `<prefix><cell-id>`. Default `<organization>/<project>/cell-`.
 * - `edgeWebAclId` (optional): global AWS WAF web ACL ARN for the distribution.
 */
import * as aws from "@pulumi/aws";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EDGE_CERTIFICATE_ARN, GlobalRouter, type GlobalRouterOutputs } from "../components/routing/global-router";
import { placeFleetTenants } from "../fleet/fleet-placement";
import { movingPlacementProblems, routedTenants } from "../fleet/moving";
import type { CellLoad, Placement } from "../fleet/placement";
import { FleetValidationError, type FleetProblem } from "../fleet/problems";
import { READ_OUTPUTS, type GlobalCellView, type GlobalFleetView } from "./stack-views";
import type { TenantList } from "../fleet/tenants";
import type { CellStackOutputs } from "./cell-stack";
import { regionStackCertificate } from "./region-stack";
import { qualifiedStackName, requireStringOutput } from "./stack-references";
import { ACCOUNT_STACK, cellStackName, EDGE_REGION } from "./stacks";

const CONFIG_NAMESPACE = "cellplane";
/** Where the stack files are (`stackConfigDir` in Pulumi.yaml). */
const STACKS_DIR = "stacks";
/** What the Pulumi CLI calls the organization of stacks in a self-managed (file, S3…) backend. */
const SELF_MANAGED_ORGANIZATION = "organization";
/** The cell stack outputs the global stack reads. */
const CELL_OUTPUTS = READ_OUTPUTS.cell satisfies Record<string, keyof CellStackOutputs>;

export interface GlobalStackOptions {
  /** Overrides `cellplane:cellStackPrefix`: the fully qualified name of cell `<id>`'s stack is `<prefix><id>`. */
  cellStackPrefix?: string;
}

export interface GlobalStackOutputs extends GlobalRouterOutputs {
  /** Placed tenants per cell. */
  tenantsPerCell: Record<string, number>;
  /** Every cell's region, state, tenants, load and capacity as placement counts them (the fleet map reads it). */
  cellLoads: CellLoad[];
  /** The stack each cell's load balancer was read from. */
  cellStacks: Record<string, string>;
}

/** `fleet`: what the stack reads of the fleet (`globalView` in stack-views.ts). */
export function buildGlobalStack(
  fleet: GlobalFleetView,
  tenants: TenantList,
  options: GlobalStackOptions = {},
): GlobalStackOutputs {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  // An override in the stack file, else the edge certificate the us-east-1 region stack issued.
  const edgeCertificateOverride = config.get("edgeCertificateArn") ?? "";
  const placement = placeFleetTenants(fleet, tenants.tenants);
  // Both are the input's problems: reported together, before anything is created.
  const problems = [
    ...(edgeCertificateOverride === "" ? [] : edgeCertificateProblems(edgeCertificateOverride)),
    ...unplacedTenantProblems(placement, tenants.file),
    ...movingPlacementProblems(placement.assignments, tenants.tenants, tenants.file),
  ];
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  // An empty value counts as unset: Pulumi.yaml declares these keys with "" defaults.
  const prefix = options.cellStackPrefix ?? (config.get("cellStackPrefix") || defaultCellStackPrefix());
  const serving = fleet.cells.filter((cell) => cell.state !== "evacuated");
  const cellStacks = Object.fromEntries(serving.map((cell) => [cell.id, `${prefix}${cell.id}`]));
  const edgeCertificateArn: pulumi.Input<string> =
    edgeCertificateOverride || regionStackCertificate(EDGE_REGION, READ_OUTPUTS.edgeCertificate);
  const provider = new aws.Provider("global-aws", { region: "us-east-1" });
  const router = new GlobalRouter(
    "global",
    {
      domain: fleet.routing.domain,
      // The zone the account stack created (or adopted): the global stack never creates one of its own.
      hostedZoneId: config.get("hostedZoneId") || fleet.routing.hostedZoneId || accountZone(config),
      defaultRegion: fleet.routing.defaultRegion,
      owner: fleet.owner,
      healthCheck: fleet.routing.healthCheck,
      cells: fleet.cells.map((cell) =>
        cell.state === "evacuated"
          ? { cell: identityOf(cell), state: cell.state }
          : { cell: identityOf(cell), state: cell.state, ...readCellStack(cell, cellStacks[cell.id]) },
      ),
      // Moves not yet flipped stay on their old cell (frozen ones answered 503): fleet/moving.ts.
      ...routedTenantArgs(placement, tenants),
      edgeCertificateArn,
      webAclId: config.get("edgeWebAclId") || undefined,
    },
    { providers: { aws: provider } },
  );
  return {
    ...router.outputs,
    tenantsPerCell: Object.fromEntries(placement.cells.map((load) => [load.cell, load.tenants])),
    cellLoads: placement.cells,
    cellStacks,
  };
}

function routedTenantArgs(
  placement: Placement,
  tenants: TenantList,
): { tenantCells: Record<string, string>; frozenTenants?: string[] } {
  const routed = routedTenants(placement.assignments, tenants.tenants);
  return { tenantCells: routed.tenantCells, ...(routed.frozen.length > 0 ? { frozenTenants: routed.frozen } : {}) };
}

/**
 * The edge certificate from the stack file, checked as the router checks it, so a wrong value is reported as the
 * stack file's problem (`cells plan` exits 2) rather than as a component refusing its arguments.
 */
function edgeCertificateProblems(certificate: string): FleetProblem[] {
  if (EDGE_CERTIFICATE_ARN.pattern.test(certificate)) {
    return [];
  }
  return [
    {
      file: path.join(STACKS_DIR, `Pulumi.${pulumi.getStack()}.yaml`),
      path: `config.${CONFIG_NAMESPACE}:edgeCertificateArn`,
      value: certificate || undefined,
      message: `must be ${EDGE_CERTIFICATE_ARN.shape}, covering app.<domain> and *.tenants.<domain>`,
    },
  ];
}

/** `<organization>/<project>/cell-`, as `pulumi stack ls` names the cell stacks. */
function defaultCellStackPrefix(): string {
  return `${organizationName()}/${pulumi.getProject()}/${cellStackName("")}`;
}

function organizationName(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    // Only the offline plan runs without an organization; the engine always sets one.
    return SELF_MANAGED_ORGANIZATION;
  }
}

function identityOf(cell: GlobalCellView): { id: string; region: string; owner: string; tags: Record<string, string> } {
  return { id: cell.id, region: cell.region, owner: cell.owner, tags: cell.tags };
}

/** The cell's load balancer and health path, from its stack's outputs. */
function readCellStack(
  cell: GlobalCellView,
  stackName: string,
): {
  loadBalancer: { dnsName: pulumi.Output<string>; zoneId: pulumi.Output<string> };
  healthCheckPath: pulumi.Output<string>;
} {
  const reference = new pulumi.StackReference(cellStackName(cell.id), { name: stackName });
  const read = (output: string): pulumi.Output<string> =>
    (reference.requireOutput(output) as pulumi.Output<unknown>).apply((value: unknown) => {
      if (typeof value !== "string" || value === "") {
        throw new Error(
          `stack ${stackName} output ${output} is ${JSON.stringify(value)}; ` +
            `deploy the cell stack first (pulumi up -s ${cellStackName(cell.id)})`,
        );
      }
      return value;
    });
  return {
    loadBalancer: { dnsName: read(CELL_OUTPUTS.dnsName), zoneId: read(CELL_OUTPUTS.zoneId) },
    healthCheckPath: read(CELL_OUTPUTS.healthCheckPath),
  };
}

/**
 * Deploying with an unplaced tenant would drop it from the edge map, so the stack refuses, naming each tenant in
 * the tenants file and what to change.
 */
function unplacedTenantProblems(placement: Placement, tenantsFile: string): FleetProblem[] {
  return placement.unplaced.map((entry) => ({
    file: tenantsFile,
    path: `tenants[id: ${entry.tenant}]`,
    message: `cannot be placed, so the global stack would cut it off (see cells placement): ${entry.message}`,
  }));
}

/** The routing zone from the `account` stack (`cellplane:accountStack` names it; default in this project). */
function accountZone(config: pulumi.Config): pulumi.Output<string> {
  const accountStack = qualifiedStackName(config.get("accountStack") || ACCOUNT_STACK);
  const reference = new pulumi.StackReference(ACCOUNT_STACK, { name: accountStack });
  return requireStringOutput(reference, accountStack, READ_OUTPUTS.accountZone, ACCOUNT_STACK);
}
