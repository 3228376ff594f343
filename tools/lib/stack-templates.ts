/**
 * The stack files `cells new` writes: a cell stack selects its cell and region and reads its certificate from the
 * region's bootstrap stack (program/cell-stack.ts); a region stack issues that certificate. Nothing to fill in.
 */
import { cellStackName, regionStackName } from "../../program/stacks";

/** `stacks/Pulumi.cell-<id>.yaml` for `project` (the Pulumi.yaml name, the config namespace). */
export function cellStackFileText(project: string, cellId: string, region: string): string {
  const stack = cellStackName(cellId);
  return [
    `# Stack ${stack}: builds the cell defined in cells/${cellId}.yaml. Deploy with \`pulumi up -s ${stack}\`.`,
    "config:",
    `  aws:region: ${region}`,
    `  ${project}:cell: ${cellId}`,
    `  # The HTTPS listener's certificate comes from stack ${regionStackName(region)} (*.cells.<domain>, ` +
      "origin.<domain>).",
    `  # To use another one (in ${region}):`,
    `  # ${project}:certificateArn: arn:aws:acm:${region}:<account>:certificate/<id>`,
    "",
  ].join("\n");
}

/** `stacks/Pulumi.region-<region>.yaml`, for the first cell of a region. */
export function regionStackFileText(project: string, region: string): string {
  const stack = regionStackName(region);
  return [
    `# Stack ${stack}: deploy it after \`account\` and before the cells of ${region}`,
    `# (\`pulumi up -s ${stack}\`). It issues the ACM certificate the load balancers of the region's cells use`,
    "# (*.cells.<domain> and origin.<domain>), validated by DNS in the account stack's hosted zone, read through a",
    "# StackReference.",
    "config:",
    `  aws:region: ${region}`,
    "  # Optional: the account stack's fully qualified name (default <organization>/<project>/account).",
    `  # ${project}:accountStack: acme/${project}/account`,
    "  # Optional: validate in this zone instead of the account stack's.",
    `  # ${project}:hostedZoneId: Z0123456789ABCDEFGHIJ`,
    "",
  ].join("\n");
}
