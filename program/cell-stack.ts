/**
 * The program of a `cell-<id>` stack: one {@link Cell} built from its validated definition, in its own region
 * through an explicit provider, so the cell file (not ambient configuration) decides where it lands.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cell } from "../components/cell/cell";
import type { Fleet } from "../fleet/schema";

/** The outputs every cell stack exports. The global stack reads them through `StackReference`. */
export interface CellStackOutputs {
  cellId: string;
  region: string;
  state: string;
  loadBalancerDnsName: pulumi.Output<string>;
  loadBalancerZoneId: pulumi.Output<string>;
  healthCheckPath: string;
  queueUrls: Record<string, pulumi.Output<string>>;
  cacheEndpoint: pulumi.Output<string>;
  databaseWriterEndpoint: pulumi.Output<string>;
  databaseReaderEndpoint: pulumi.Output<string>;
  keyArn: pulumi.Output<string>;
  /** Names of the cell's CloudWatch alarms: `cells rollout` watches them before each update and during a bake. */
  alarmNames: pulumi.Output<string>[];
}

export function buildCellStack(fleet: Fleet, cellId: string): CellStackOutputs {
  const config = new pulumi.Config("cellplane");
  const spec = fleet.cells.find((cell) => cell.id === cellId);
  if (!spec) {
    throw new Error(
      `stack cell-${cellId}: no cell "${cellId}" in ${fleet.dir}; add ${fleet.dir}/${cellId}.yaml or select another stack`,
    );
  }
  checkStackConfig(cellId, spec.region, config);
  const provider = new aws.Provider(`${cellId}-aws`, { region: spec.region as aws.Region });
  const cell = new Cell(
    cellId,
    { spec, certificateArn: config.require("certificateArn") },
    { providers: { aws: provider } },
  );
  return {
    cellId,
    region: spec.region,
    state: spec.state,
    loadBalancerDnsName: cell.compute.loadBalancerDnsName,
    loadBalancerZoneId: cell.compute.loadBalancerZoneId,
    healthCheckPath: spec.app.healthCheckPath,
    queueUrls: Object.fromEntries(cell.queues.map((queue) => [queue.logicalName, queue.queueUrl])),
    cacheEndpoint: cell.cache.primaryEndpoint,
    databaseWriterEndpoint: cell.database.writerEndpoint,
    databaseReaderEndpoint: cell.database.readerEndpoint,
    keyArn: cell.key.keyArn,
    alarmNames: Object.values(cell.alarms.alarms).map((alarm) => alarm.name),
  };
}

/** The stack file must select this cell and, if it sets `aws:region`, agree with the cell file. */
function checkStackConfig(cellId: string, region: string, config: pulumi.Config): void {
  const selected = config.get("cell");
  if (selected && selected !== cellId) {
    throw new Error(
      `stack cell-${cellId} sets cellplane:cell to "${selected}": set it to "${cellId}" (pulumi config set cellplane:cell ${cellId})`,
    );
  }
  const stackRegion = new pulumi.Config("aws").get("region");
  if (stackRegion && stackRegion !== region) {
    throw new Error(
      `stack cell-${cellId} sets aws:region to ${stackRegion} but cells/${cellId}.yaml says ${region}: the cell file decides; run pulumi config set aws:region ${region}`,
    );
  }
}
