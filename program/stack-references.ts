/**
 * How one stack of the project reads another: fully qualified names (`<organization>/<project>/<stack>`, as
 * `pulumi stack ls` shows them) and string outputs that must be there, with a message that says which stack to
 * deploy first when they are not.
 */
import * as pulumi from "@pulumi/pulumi";

/** What the Pulumi CLI calls the organization of stacks in a self-managed (file, S3…) backend. */
export const SELF_MANAGED_ORGANIZATION = "organization";

export function organizationName(): string {
  try {
    return pulumi.getOrganization();
  } catch {
    // Only the offline plan runs without an organization; the engine always sets one.
    return SELF_MANAGED_ORGANIZATION;
  }
}

/** `<organization>/<project>/<stack>`, or `stack` unchanged when it is already qualified. */
export function qualifiedStackName(stack: string): string {
  return stack.includes("/") ? stack : `${organizationName()}/${pulumi.getProject()}/${stack}`;
}

/** A string output of `reference` that must be set; fails the deployment naming the stack to deploy first. */
export function requireStringOutput(
  reference: pulumi.StackReference,
  stackName: string,
  output: string,
  deployFirst: string,
): pulumi.Output<string> {
  return (reference.requireOutput(output) as pulumi.Output<unknown>).apply((value: unknown) => {
    if (typeof value !== "string" || value === "") {
      throw new Error(
        `stack ${stackName} output ${output} is ${JSON.stringify(value)}; ` +
          `deploy it first (pulumi up -s ${deployFirst})`,
      );
    }
    return value;
  });
}
