/**
 * The peer baseline of the plan benchmark: an AWS CDK app with the same cell shape as cellplane's, synthesized as
 * `cdk synth` does (without the CLI: `app.synth()`), timed as a whole process beside `cells plan` on the same fleet.
 *
 *   npx tsx tools/bench/cdk/synth.ts <fleet-dir> <out-dir>
 *
 * <fleet-dir> holds fleet.yaml and the cell files (or is a folder whose cells/ does, as generate-fleet.ts makes);
 * the cloud assembly goes to <out-dir>. Prints one JSON line: {"stacks":N,"resources":M}, M being the CloudFormation
 * resources across the templates. Exit 2 on bad usage or an invalid fleet (nothing written), 3 on an internal error.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { FLEET_FILE, loadFleet } from "../../../fleet/load";
import { exitCodes, failureOutcome, UsageError } from "../../cli/errors";
import { countResources, synthesizeFleet } from "./cdk-app";

const USAGE = "usage: npx tsx tools/bench/cdk/synth.ts <fleet-dir> <out-dir>";

/** The folder with fleet.yaml: `dir` itself, or its `cells/` (the root of a generated fleet). */
export function fleetFolder(dir: string): string {
  const nested = path.join(dir, "cells");
  return !existsSync(path.join(dir, FLEET_FILE)) && existsSync(path.join(nested, FLEET_FILE)) ? nested : dir;
}

function main(args: string[]): void {
  if (args.length !== 2 || args.some((arg) => arg === "" || arg.startsWith("-"))) {
    throw new UsageError(`expected a fleet folder and an output folder, got ${JSON.stringify(args)}\n${USAGE}`);
  }
  const [fleetDir, outDir] = args;
  const fleet = loadFleet(fleetFolder(fleetDir));
  const assembly = synthesizeFleet(fleet, path.resolve(outDir));
  process.stdout.write(`${JSON.stringify(countResources(assembly))}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  const outcome = failureOutcome(error);
  process.stderr.write(`${outcome.message}\n`);
  process.exitCode = outcome.code === exitCodes.ok ? exitCodes.internal : outcome.code;
}
