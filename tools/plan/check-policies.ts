/**
 * The policy half of `cells plan`: every planned resource of every stack goes through the policy pack over the
 * Analyzer gRPC protocol (`AnalyzeStack`, as the engine sends after an update), and the findings are recorded in
 * the plan files. The pack starts as the Pulumi CLI starts it, in its own process, while the stacks synthesize,
 * and checks each stack as soon as it is planned.
 */
import { isBlocking, startPolicyPack, toPlanPolicyResult, type PolicyDiagnostic, type PolicyPack } from "../analyzer";
import type { PlanFile } from "../lib/plan-file";

export interface PolicyCheckOptions {
  packDir: string;
  cellsDir: string;
  project: string;
}

export interface StackFindings {
  stack: string;
  cell?: string;
  diagnostics: PolicyDiagnostic[];
}

/** Starts the pack now; analyze with {@link analyzePlans} once the plans exist. */
export function startPack(options: PolicyCheckOptions): Promise<PolicyPack> {
  return startPolicyPack({ packDir: options.packDir, cellsDir: options.cellsDir });
}

/** Analyzes every plan, records its `policy` section, and returns the findings per stack (`onStack` after each). */
export async function analyzePlans(
  pack: PolicyPack,
  plans: PlanFile[],
  project: string,
  onStack: (stack: string) => void = () => undefined,
): Promise<StackFindings[]> {
  const findings: StackFindings[] = [];
  for (const plan of plans) {
    findings.push(await analyzePlan(pack, plan, project));
    onStack(plan.stack);
  }
  return findings;
}

/** Analyzes one plan and records its `policy` section. One at a time per pack: it is configured per stack. */
export async function analyzePlan(pack: PolicyPack, plan: PlanFile, project: string): Promise<StackFindings> {
  await pack.configureStack({ stack: plan.stack, project, dryRun: false });
  const diagnostics = await pack.analyzeStack(plan.resources);
  plan.policy = toPlanPolicyResult(diagnostics, pack.waiversFor(plan.stack));
  return { stack: plan.stack, cell: plan.cell, diagnostics };
}

/**
 * Checks plans as they arrive (while the rest of the fleet plans), one at a time in arrival order, once the pack has
 * started. `findings` waits for every plan added so far and returns their findings in the order asked for.
 */
export class StreamingCheck {
  private chain: Promise<void> = Promise.resolve();
  private readonly byStack = new Map<string, StackFindings>();

  constructor(
    private readonly pack: Promise<PolicyPack>,
    private readonly project: string,
    private readonly onStack: (stack: string) => void = () => undefined,
  ) {}

  add(plan: PlanFile): void {
    this.chain = this.chain.then(async () => {
      this.byStack.set(plan.stack, await analyzePlan(await this.pack, plan, this.project));
      this.onStack(plan.stack);
    });
    // A failure is reported by `findings`; until then it must not count as unhandled.
    this.chain.catch(() => undefined);
  }

  async findings(stacks: readonly string[]): Promise<StackFindings[]> {
    await this.chain;
    return stacks.map((stack) => {
      const found = this.byStack.get(stack);
      if (!found) {
        throw new Error(`stack ${stack} was planned but never checked against the pack`);
      }
      return found;
    });
  }
}

export function blockingCount(findings: readonly StackFindings[]): number {
  return findings.reduce((sum, stack) => sum + stack.diagnostics.filter(isBlocking).length, 0);
}

/** One line per finding: stack (cell), resource, policy, level, message; waived findings say so. */
export function renderFindings(findings: readonly StackFindings[]): string {
  const lines: string[] = [];
  for (const stack of findings) {
    for (const diagnostic of stack.diagnostics) {
      const resource = diagnostic.urn ? (diagnostic.urn.split("::").pop() ?? diagnostic.urn) : "(stack)";
      const waived = diagnostic.waived
        ? ` [waived until ${diagnostic.waived.expires} by ${diagnostic.waived.owner}: ${diagnostic.waived.reason}]`
        : "";
      const where = `${stack.stack}${stack.cell ? ` (cell ${stack.cell})` : ""}`;
      const what = `${diagnostic.policyName}  ${diagnostic.enforcementLevel}  ${diagnostic.message}`;
      lines.push(`${where}  ${resource}  ${what}${waived}`);
    }
  }
  return lines.join("\n");
}

/** One line per waiver configured for a planned stack, so the plan output shows every exception in force. */
export function renderWaivers(plans: readonly PlanFile[]): string {
  return plans
    .flatMap((plan) =>
      (plan.policy?.waivers ?? []).map(
        (waiver) =>
          `${plan.stack}  ${waiver.policy}  ${waiver.resources.join(", ")}  ` +
          `until ${waiver.expires}  owner ${waiver.owner}: ${waiver.reason}`,
      ),
    )
    .join("\n");
}
