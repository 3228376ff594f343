/**
 * The CDK baseline as a library: one CDK `App` with one stack per cell of a fleet, synthesized into a cloud
 * assembly (what `cdk synth` does, without the CLI), and the count of CloudFormation resources it holds.
 */
import { App } from "aws-cdk-lib";
import type { CloudAssembly } from "aws-cdk-lib/cx-api";
import type { Fleet } from "../../../fleet/schema";
import { UsageError } from "../../cli/errors";
import { CdkCellStack } from "./cell-stack";

/**
 * The context `cdk synth` gives an app by default: path metadata, asset metadata and version reporting on, every
 * stack bundled (aws-cdk-cli, toolkit-lib `contextFromSettings`), so this run does the same work. Nothing turns off
 * the stack traces CDK records by default.
 */
export const CLI_CONTEXT: Record<string, unknown> = {
  "aws:cdk:enable-path-metadata": true,
  "aws:cdk:enable-asset-metadata": true,
  "aws:cdk:version-reporting": true,
  "aws:cdk:bundling-stacks": ["**"],
};

/** The resource version reporting adds to every stack: telemetry, not infrastructure, so not counted. */
export const VERSION_REPORTING_TYPE = "AWS::CDK::Metadata";

/** One CloudFormation template's resources, as synthesized. */
export interface TemplateResource {
  Type: string;
  Metadata?: { "aws:cdk:path"?: string };
}

export interface SynthesizedStack {
  stackName: string;
  resources: Record<string, TemplateResource>;
}

export interface SynthesizeOptions {
  /**
   * CDK's built-in CloudFormation template validation, which `cdk synth` runs by default (off with `--no-validation`
   * or `CDK_VALIDATION=false`). Default: CDK's default, so `CDK_VALIDATION=false` turns it off here too.
   */
  validation?: boolean;
}

/** Builds the app (one stack per cell, in the cell's region) and synthesizes it into `outDir`. */
export function synthesizeFleet(fleet: Fleet, outDir: string, options: SynthesizeOptions = {}): CloudAssembly {
  // The baseline builds the autoscaling-group cell; building it for an eks cell would compare different shapes.
  const eksCells = fleet.cells.filter((spec) => spec.compute.kind === "eks").map((spec) => spec.id);
  if (eksCells.length > 0) {
    throw new UsageError(
      `the CDK baseline models asg cells only; ${eksCells.join(", ")} set compute.kind: eks ` +
        "(benchmark generated fleets, whose cells are asg, or drop those cells)",
    );
  }
  const app = new App({ outdir: outDir, context: CLI_CONTEXT, builtinCloudFormationValidation: options.validation });
  for (const spec of fleet.cells) {
    new CdkCellStack(app, { spec, regionZones: fleet.regions[spec.region] ?? spec.zones });
  }
  const assembly = app.synth();
  const missing = assembly.manifest.missing ?? [];
  if (missing.length > 0) {
    // A lookup nobody answered: `cdk synth` would need credentials. The stacks answer every lookup they make.
    throw new Error(`the CDK app made lookups it did not answer: ${missing.map((entry) => entry.key).join(", ")}`);
  }
  return assembly;
}

/** The stacks of an assembly with their resources. */
export function stacksOf(assembly: CloudAssembly): SynthesizedStack[] {
  return assembly.stacks.map((stack) => ({
    stackName: stack.stackName,
    resources: (stack.template as { Resources?: Record<string, TemplateResource> }).Resources ?? {},
  }));
}

/**
 * `{ stacks, resources }`: the stacks of the assembly and the CloudFormation resources across their templates
 * (without the version-reporting resource).
 */
export function countResources(assembly: CloudAssembly): { stacks: number; resources: number } {
  const stacks = stacksOf(assembly);
  return {
    stacks: stacks.length,
    resources: stacks.reduce(
      (total, stack) =>
        total + Object.values(stack.resources).filter((resource) => resource.Type !== VERSION_REPORTING_TYPE).length,
      0,
    ),
  };
}
