/**
 * The stacks, through Pulumi's Automation API: one `PulumiCommand` (one `pulumi version` check) and one
 * `LocalWorkspace` on the project folder; stacks are selected one at a time (`stack select` writes the shared
 * workspace file), then previewed and updated with `--stack <name>`, which may run in parallel.
 *
 * Facts from @pulumi/pulumi 3.248.0 `automation/`: `preview` always passes `--event-log`; `up` only with `onEvent`
 * (CLI ≤ 3.205.0: a file the SDK tails, newer: a gRPC server on 127.0.0.1); `policyPacks` become `--policy-pack`;
 * a failed command is a `CommandError`, a locked stack a `ConcurrentUpdateError` (stderr `[409] Conflict` or
 * `the stack is currently locked by`).
 */
// Types only: the Automation API (and the npm and sigstore packages behind it, ~900 modules) loads when a rollout
// starts, not with every `cells` command.
import type * as AutomationApi from "@pulumi/pulumi/automation";
import type { EngineEvent, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

type Automation = typeof AutomationApi;
import pLimit from "p-limit";
import { risksForStack } from "../diff/risks";
import { countChanges, parseUrn, type ResourceChange } from "../diff/model";

export interface PreviewOutcome {
  ok: boolean;
  /** Resource changes by op, from the summary event. */
  changes: Record<string, number>;
  /** Mandatory policy violations, one line each. */
  violations: string[];
  /** Deletes and replacements of stateful resources (the risk rules of `cells diff`). */
  risks: string[];
  error?: string;
}

export interface UpProgress {
  done: number;
  total: number;
}

export interface LastUpdate {
  message: string;
  result: string;
  kind: string;
}

/** What the orchestrator needs of the stacks; tests may substitute it, the real one is {@link AutomationStacks}. */
export interface StackRunner {
  preview(stack: string): Promise<PreviewOutcome>;
  up(
    stack: string,
    options: { message: string; signal?: AbortSignal; onProgress?: (progress: UpProgress) => void },
  ): Promise<{ ok: boolean; locked: boolean; error?: string; resources: number }>;
  outputs(stack: string): Promise<Record<string, unknown>>;
  lastUpdate(stack: string): Promise<LastUpdate | undefined>;
}

const REPLACE_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);
const DELETE_OPS = new Set(["delete"]);

export class AutomationStacks implements StackRunner {
  private readonly selects = pLimit(1);
  private readonly stacks = new Map<string, Stack>();
  private readonly totals = new Map<string, number>();

  private constructor(
    private readonly automation: Automation,
    private readonly workspace: LocalWorkspace,
    private readonly policyPacks: string[],
  ) {}

  static async create(projectDir: string, policyPacks: string[]): Promise<AutomationStacks> {
    const automation = await import("@pulumi/pulumi/automation");
    const pulumiCommand = await automation.PulumiCommand.get();
    const workspace = await automation.LocalWorkspace.create({ workDir: projectDir, pulumiCommand });
    return new AutomationStacks(automation, workspace, policyPacks);
  }

  /** Selects the stack (creating it when new), one selection at a time across the whole rollout. */
  private select(name: string): Promise<Stack> {
    return this.selects(async () => {
      const known = this.stacks.get(name);
      if (known) {
        return known;
      }
      // A cell added since the last rollout has a stack file but no stack yet: init it (select, else init).
      const stack = await this.automation.Stack.createOrSelect(name, this.workspace);
      this.stacks.set(name, stack);
      return stack;
    });
  }

  async preview(name: string): Promise<PreviewOutcome> {
    const stack = await this.select(name);
    const violations: string[] = [];
    const resources: ResourceChange[] = [];
    const onEvent = (event: EngineEvent): void => {
      const policy = event.policyEvent;
      if (policy?.enforcementLevel === "mandatory") {
        violations.push(`${policy.policyPackName}/${policy.policyName}: ${policy.message.trim()}`);
      }
      const step = event.resourcePreEvent?.metadata;
      if (step && (REPLACE_OPS.has(step.op) || DELETE_OPS.has(step.op))) {
        resources.push(resourceChange(step.urn, step.type, step.op, step.keys ?? []));
      }
    };
    try {
      const result = await stack.preview({ policyPacks: this.policyPacks, onEvent });
      const changes = { ...result.changeSummary } as Record<string, number>;
      this.totals.set(name, totalSteps(changes));
      return { ok: violations.length === 0, changes, violations, risks: riskLines(name, resources) };
    } catch (error) {
      return { ok: false, changes: {}, violations, risks: riskLines(name, resources), error: errorLine(error) };
    }
  }

  async up(
    name: string,
    options: { message: string; signal?: AbortSignal; onProgress?: (progress: UpProgress) => void },
  ): Promise<{ ok: boolean; locked: boolean; error?: string; resources: number }> {
    const stack = await this.select(name);
    const total = this.totals.get(name) ?? 0;
    let done = 0;
    const onEvent = (event: EngineEvent): void => {
      if (event.resOutputsEvent || event.resOpFailedEvent) {
        done++;
        options.onProgress?.({ done, total: Math.max(total, done) });
      }
    };
    try {
      await stack.up({
        message: options.message,
        policyPacks: this.policyPacks,
        onEvent,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { ok: true, locked: false, resources: done };
    } catch (error) {
      return {
        ok: false,
        locked: error instanceof this.automation.ConcurrentUpdateError,
        error: errorLine(error),
        resources: done,
      };
    }
  }

  async outputs(name: string): Promise<Record<string, unknown>> {
    const stack = await this.select(name);
    const outputs = await stack.outputs();
    return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value as unknown]));
  }

  async lastUpdate(name: string): Promise<LastUpdate | undefined> {
    const stack = await this.select(name);
    const history = await stack.history(1, 1, false);
    const last = history[0];
    return last ? { message: last.message, result: last.result, kind: last.kind } : undefined;
  }
}

function resourceChange(urn: string, type: string, op: string, keys: string[]): ResourceChange {
  return {
    urn,
    type,
    name: parseUrn(urn).name,
    kind: DELETE_OPS.has(op) ? "delete" : "replace",
    properties: [],
    replaceReasons: keys,
    replaceConfirmed: true,
    notes: [],
  };
}

/** The dangers the `cells diff` risk rules find (stateful deletes and replacements), one line each. */
function riskLines(stack: string, resources: ResourceChange[]): string[] {
  const unique = [...new Map(resources.map((resource) => [resource.urn, resource])).values()];
  const risks = risksForStack({
    stack,
    status: "changed",
    resources: unique,
    counts: countChanges(unique, 0),
    policy: [],
    diagnostics: [],
  });
  return risks
    .filter((risk) => risk.severity === "danger")
    .map((risk) => `${risk.name ?? risk.urn ?? stack} (${risk.type ?? "stack"}): ${risk.message}`);
}

function totalSteps(changes: Record<string, number>): number {
  return Object.values(changes).reduce((sum, count) => sum + count, 0);
}

/** The first meaningful line of a CLI error (stderr), never the whole command output. */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const stderr = /stderr: ([\s\S]*?)(\n err\?:|$)/.exec(text)?.[1] ?? text;
  const lines = stderr
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const found = lines.find((line) => /^error:/i.test(line)) ?? lines.find((line) => /error/i.test(line));
  return (found ?? lines[0] ?? "failed").slice(0, 300);
}
