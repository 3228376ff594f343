/**
 * AccountBootstrap: what every cell of an account must find already there, created once by the `account` stack
 * before any region or cell stack runs.
 *
 * - **Service-linked roles the cells name.** Each cell key's policy names `AWSServiceRoleForAutoScaling`; KMS refuses
 *   a key policy naming a principal that does not exist (`MalformedPolicyDocumentException`), and EC2 Auto Scaling
 *   only creates that role the first time a group is made ("By default, Amazon EC2 Auto Scaling uses a
 *   service-linked role named AWSServiceRoleForAutoScaling, which it creates if it does not exist",
 *   https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html and the
 *   CreateAutoScalingGroup `ServiceLinkedRoleARN` reference). So the account stack creates it with
 *   `iam:CreateServiceLinkedRole`, unless the account already has it (`existingServiceLinkedRoles`), which IAM would
 *   refuse to create twice. Its ARN is `arn:<partition>:iam::<account>:role/aws-service-role/<service>/<name>`.
 * - **The routing domain's public hosted zone**, created and `protect`ed here (so region stacks can validate
 *   certificates in it before any cell exists), or adopted by id (`routing.hostedZoneId`). A new zone answers only
 *   once its parent delegates to the name servers this stack exports.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DOMAIN_NAME, HOSTED_ZONE_ID } from "../../fleet/limits";
import { deploymentAccount } from "../lib/iam";
import { routingTags } from "../lib/tags";
import { BOOTSTRAP_COMPONENT_PREFIX } from "../lib/tokens";
import { matches, validateArgs, type ArgRule } from "../lib/validation";

const COMPONENT = "AccountBootstrap";

/** Service-linked roles the cells rely on, by service principal: the role name each gets. */
export const SERVICE_LINKED_ROLES: Readonly<Record<string, string>> = {
  "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
};

export interface AccountBootstrapArgs {
  /** The fleet's routing domain (`routing.domain`), e.g. `storefront.acme.com`. */
  domain: string;
  /** An existing public hosted zone for `domain` (`routing.hostedZoneId`); when absent the zone is created. */
  hostedZoneId?: string;
  /**
   * Service principals (keys of {@link SERVICE_LINKED_ROLES}) whose service-linked role the account already has
   * (`aws iam get-role --role-name AWSServiceRoleForAutoScaling` succeeds): they are referenced, not created.
   * Default none: a fresh account.
   */
  existingServiceLinkedRoles?: string[];
  /** Team that owns the fleet (tag `cellplane:owner`). */
  owner: string;
  /**
   * Pulumi `protect` on the hosted zone: deleting it breaks every record and certificate. Default true; turn off
   * only for tests.
   */
  protect?: boolean;
}

/** What the account stack exports for the region, cell and global stacks. */
export interface AccountBootstrapOutputs {
  domain: string;
  hostedZoneId: pulumi.Output<string>;
  /** The created zone's name servers, to delegate to from the parent zone; empty for an adopted zone. */
  nameServers: pulumi.Output<string[]>;
  /** Service principal → ARN of its service-linked role. */
  serviceLinkedRoleArns: Record<string, pulumi.Output<string>>;
}

export class AccountBootstrap extends pulumi.ComponentResource {
  readonly zone?: aws.route53.Zone;
  readonly serviceLinkedRoles: aws.iam.ServiceLinkedRole[];
  readonly outputs: AccountBootstrapOutputs;

  constructor(name: string, args: AccountBootstrapArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, accountBootstrapRules(args));
    super(`${BOOTSTRAP_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const tags = routingTags(args.owner);
    const existing = new Set(args.existingServiceLinkedRoles ?? []);
    const account = deploymentAccount(this);

    this.serviceLinkedRoles = [];
    const serviceLinkedRoleArns: Record<string, pulumi.Output<string>> = {};
    for (const [service, roleName] of Object.entries(SERVICE_LINKED_ROLES)) {
      if (existing.has(service)) {
        serviceLinkedRoleArns[service] = account.apply(
          (resolved) =>
            `arn:${resolved.partition}:iam::${resolved.accountId}:role/aws-service-role/${service}/${roleName}`,
        );
        continue;
      }
      const role = new aws.iam.ServiceLinkedRole(
        `${name}-${service.split(".")[0]}-service-role`,
        { awsServiceName: service, description: `Used by cellplane cells (${roleName})`, tags },
        // Other workloads of the account may come to use the role: removing the stack leaves it in place.
        { parent: this, retainOnDelete: true },
      );
      this.serviceLinkedRoles.push(role);
      serviceLinkedRoleArns[service] = role.arn;
    }

    if (args.hostedZoneId === undefined) {
      this.zone = new aws.route53.Zone(
        `${name}-zone`,
        { name: args.domain, comment: `cellplane fleet ${args.domain}`, forceDestroy: false, tags },
        { parent: this, protect: args.protect ?? true },
      );
    }
    this.outputs = {
      domain: args.domain,
      hostedZoneId: this.zone ? this.zone.zoneId : pulumi.output(args.hostedZoneId ?? ""),
      nameServers: this.zone ? this.zone.nameServers : pulumi.output([]),
      serviceLinkedRoleArns,
    };
    this.registerOutputs({ ...this.outputs });
  }
}

function accountBootstrapRules(args: AccountBootstrapArgs): ArgRule[] {
  const unknown = (args.existingServiceLinkedRoles ?? []).filter((service) => !(service in SERVICE_LINKED_ROLES));
  return [
    matches("domain", args.domain ?? "", DOMAIN_NAME),
    ...(args.hostedZoneId === undefined ? [] : [matches("hostedZoneId", args.hostedZoneId, HOSTED_ZONE_ID)]),
    {
      ok: unknown.length === 0,
      problem:
        `existingServiceLinkedRoles lists ${unknown.join(", ")}; cellplane knows ` +
        Object.keys(SERVICE_LINKED_ROLES).join(", "),
    },
    { ok: (args.owner ?? "").trim().length > 0, problem: "owner must name the owning team" },
  ];
}
