/**
 * Runs a Pulumi program under the mock runtime and returns its plan. Each call gets its own runtime store
 * (Pulumi's async-local settings), so stacks can be synthesized one after another, or concurrently, in one
 * process without leaking state into each other.
 */
import type { JsonObject, PlanFile, PlannedResource } from "../lib/plan-file";
import { RecordingMonitor, type RecordedResource } from "./recording-monitor";
import { toPlanObject } from "./plan-values";
import { failOnUnhandledRejections } from "./rejections";
import {
  enableEngineFeatures,
  runInPulumiStack,
  setAllConfig,
  setMockOptions,
  skipPromiseLeakTracking,
  waitForRPCs,
  withLocalStorage,
} from "./pulumi-internals";

export const STACK_TYPE = "pulumi:pulumi:Stack";

export interface SynthesizeOptions {
  project: string;
  stack: string;
  /** Stack configuration as `namespace:key` → string (objects JSON-encoded), as `pulumi config` stores it. */
  config: Record<string, string>;
  /** Configuration keys whose values are secret. */
  secretConfigKeys?: string[];
  /** The program: what `index.ts` exports. Its resolved value becomes the stack outputs. */
  program: () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  /** Region for resources without an explicit provider. */
  defaultRegion?: string;
  /** Outputs of other stacks for `StackReference`s. */
  stackOutputs?: ReadonlyMap<string, JsonObject>;
  /** Extra fields copied onto the plan (cell id, region). */
  meta?: Pick<PlanFile, "cell" | "region">;
  /**
   * Whether the engine takes structured aliases (default true, as every current engine does; then it derives the
   * children's aliases itself). False makes the SDK send each child the former URNs it inherits from its parent.
   */
  aliasSpecs?: boolean;
  /**
   * Nothing else synthesizes in this thread meanwhile (a plan worker plans one stack at a time): unhandled
   * rejections are then this stack's without tagging every promise with its stack (see rejections.ts).
   */
  exclusive?: boolean;
}

/**
 * Pulumi's runtime captures `new Error().stack` for every promise it tracks (runtime/debuggable.js), and
 * formatting those stacks (through source maps, under tsx) costs more than everything else in a plan. The
 * offline plan never prints them, so it turns capture off; set CELLPLANE_STACK_TRACES=1 to keep them.
 */
export function disableStackCaptureForSpeed(): void {
  if (process.env.CELLPLANE_STACK_TRACES !== "1") {
    Error.stackTraceLimit = 0;
    process.setSourceMapsEnabled(false);
  }
}

/**
 * Everything the fast engine turns off in a thread that plans (a worker, or this thread for a small fleet):
 * stack capture, and the SDK's promise leak tracking (see {@link skipPromiseLeakTracking}). Plans are unchanged;
 * the plain engine (`CELLPLANE_ENGINE=plain`) keeps both, and the equivalence test compares the two.
 */
export function trimRuntimeForSpeed(): void {
  disableStackCaptureForSpeed();
  skipPromiseLeakTracking();
}

export async function synthesizeStack(options: SynthesizeOptions): Promise<PlanFile> {
  return (await recordStack(options)).plan;
}

/** A synthesized stack with what the engine received: every registration (aliases included) and registered outputs. */
export interface StackRecording {
  plan: PlanFile;
  monitor: RecordingMonitor;
}

/** {@link synthesizeStack}, keeping the recording monitor for checks the plan file does not carry. */
export async function recordStack(options: SynthesizeOptions): Promise<StackRecording> {
  return failOnUnhandledRejections(
    `planning stack ${options.stack}`,
    () => synthesizeInOwnStore(options),
    options.exclusive === true,
  );
}

function synthesizeInOwnStore(options: SynthesizeOptions): Promise<StackRecording> {
  return withLocalStorage(async () => {
    const monitor = new RecordingMonitor({
      project: options.project,
      stack: options.stack,
      defaultRegion: options.defaultRegion ?? options.config["aws:region"] ?? "us-east-1",
      stackOutputs: options.stackOutputs,
      aliasSpecs: options.aliasSpecs,
    });
    setMockOptions(monitor, options.project, options.stack, false);
    enableEngineFeatures();
    setAllConfig(options.config, options.secretConfigKeys);
    await runInPulumiStack(async () => options.program());
    await waitForRPCs();
    return { plan: buildPlan(options, monitor), monitor };
  });
}

function buildPlan(options: SynthesizeOptions, monitor: RecordingMonitor): PlanFile {
  const resources = monitor.registrations.map(toPlannedResource).sort((a, b) => compare(a.urn, b.urn));
  const stackResource = monitor.registrations.find((resource) => resource.type === STACK_TYPE);
  return {
    stack: options.stack,
    ...options.meta,
    resources,
    outputs: stackResource ? monitor.plannedOutputs(stackResource.urn) : {},
  };
}

function toPlannedResource(recorded: RecordedResource): PlannedResource {
  return {
    urn: recorded.urn,
    type: recorded.type,
    name: recorded.name,
    ...(recorded.parent ? { parent: recorded.parent } : {}),
    ...(recorded.custom ? {} : { component: true }),
    ...(recorded.protect ? { protect: true } : {}),
    ...(recorded.provider ? { provider: recorded.provider } : {}),
    inputs: toPlanObject(recorded.inputs),
    dependencies: recorded.dependencies,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
