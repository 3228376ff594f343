/**
 * The program of a `cell-<id>` stack: one {@link Cell} built from its validated definition, in its own region
 * through an explicit provider, so the cell file (not ambient configuration) decides where it lands.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cell, type CellOutputs } from "../components/cell/cell";
import type { Fleet } from "../fleet/schema";
import { regionStackCertificate } from "./region-stack";
import { READ_OUTPUTS } from "./stack-views";

/** The outputs every cell stack exports: the cell's outputs. The global stack reads them through `StackReference`. */
export type CellStackOutputs = CellOutputs;

export function buildCellStack(fleet: Fleet, cellId: string): CellStackOutputs {
  const config = new pulumi.Config("cellplane");
  const spec = fleet.cells.find((cell) => cell.id === cellId);
  if (!spec) {
    throw new Error(
      `stack cell-${cellId}: no cell "${cellId}" in ${fleet.dir}; add ${fleet.dir}/${cellId}.yaml or select another ` +
        `stack`,
    );
  }
  checkStackConfig(cellId, spec.region, config);
  const provider = new aws.Provider(`${cellId}-aws`, { region: spec.region as aws.Region });
  const cell = new Cell(
    cellId,
    // An override in the stack file, else the certificate the region stack issued for the region's cells.
    {
      spec,
      certificateArn: config.get("certificateArn") || regionStackCertificate(spec.region, READ_OUTPUTS.cellCertificate),
    },
    { providers: { aws: provider } },
  );
  return cell.outputs;
}

/** The stack file must select this cell and, if it sets `aws:region`, agree with the cell file. */
function checkStackConfig(cellId: string, region: string, config: pulumi.Config): void {
  const selected = config.get("cell");
  if (selected && selected !== cellId) {
    throw new Error(
      `stack cell-${cellId} sets cellplane:cell to "${selected}": set it to "${cellId}" (pulumi config set ` +
        `cellplane:cell ${cellId})`,
    );
  }
  const stackRegion = new pulumi.Config("aws").get("region");
  if (stackRegion && stackRegion !== region) {
    throw new Error(
      `stack cell-${cellId} sets aws:region to ${stackRegion} but cells/${cellId}.yaml says ${region}: the cell file ` +
        `decides; run pulumi config set aws:region ${region}`,
    );
  }
}
