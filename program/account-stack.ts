/**
 * The program of the `account` stack, the first to deploy on an account: the service-linked roles the cells name
 * and the routing domain's hosted zone (see components/bootstrap/account-bootstrap.ts). IAM and Route 53 are global
 * services; the stack manages them through an explicit us-east-1 provider.
 *
 * Configuration (`cellplane` namespace, stacks/Pulumi.account.yaml):
 * - `existingServiceLinkedRoles` (optional): JSON list of service principals whose service-linked role the account
 *   already has, e.g. `["autoscaling.amazonaws.com"]`; they are referenced instead of created.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountBootstrap } from "../components/bootstrap/account-bootstrap";
import type { BootstrapFleetView } from "./stack-views";
import { ACCOUNT_STACK } from "./stacks";

export { ACCOUNT_STACK };

/** The outputs of the account stack; region, cell and global stacks read them through `StackReference`. */
export interface AccountStackOutputs {
  domain: string;
  hostedZoneId: pulumi.Output<string>;
  /** Delegate the domain to these from its parent zone (or registrar) before the region stacks run. */
  nameServers: pulumi.Output<string[]>;
  serviceLinkedRoleArns: Record<string, pulumi.Output<string>>;
  /** The regions that get a `region-<region>` stack, in deployment order. */
  regions: string[];
}

/** `fleet`: what the stack reads of the fleet (`bootstrapView` in stack-views.ts). */
export function buildAccountStack(fleet: BootstrapFleetView): AccountStackOutputs {
  const config = new pulumi.Config("cellplane");
  const existing = parseList(config.get("existingServiceLinkedRoles") || "[]");
  if (existing === undefined) {
    throw new Error(
      'stack account: cellplane:existingServiceLinkedRoles must be a JSON list such as ["autoscaling.amazonaws.com"]',
    );
  }
  const provider = new aws.Provider("account-aws", { region: "us-east-1" });
  const bootstrap = new AccountBootstrap(
    ACCOUNT_STACK,
    {
      domain: fleet.routing.domain,
      hostedZoneId: fleet.routing.hostedZoneId,
      existingServiceLinkedRoles: existing,
      owner: fleet.owner,
    },
    { providers: { aws: provider } },
  );
  return { ...bootstrap.outputs, regions: fleet.regionsInUse };
}

/** A JSON list of strings, or undefined when the text is not one. */
function parseList(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((entry) => typeof entry === "string") ? value : undefined;
  } catch {
    return undefined;
  }
}
