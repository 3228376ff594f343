import { FleetValidationError } from "../../fleet/problems";
import { SynthesisError } from "../plan/rejections";

/** Exit codes shared by every `cells` verb (see README). */
export const exitCodes = {
  ok: 0,
  /** Policy violations, or a risky diff when asked to fail on it. */
  findings: 1,
  /** Bad input or usage: nothing was written. */
  badInput: 2,
  /** A bug in cellplane itself. */
  internal: 3,
} as const;

/** Bad input or usage. The message must name the file, the field and the fix. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Where and how to report an internal error: what to include, where to send it. */
export const REPORT_INTERNAL_ERROR =
  "This is a bug in cellplane, not in your input. Please report it as an issue in the cellplane repository with " +
  "the command you ran, this whole output and `git rev-parse HEAD` (CELLPLANE_STACK_TRACES=1 adds stack traces).";

/**
 * How a failed command ends: the user's mistakes (bad usage, invalid fleet files, a stack whose program refused
 * its input) exit 2 with the problems; anything else is cellplane's own failure and exits 3 saying how to report it.
 */
export function failureOutcome(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError || error instanceof FleetValidationError) {
    return { code: exitCodes.badInput, message: error.message };
  }
  const input = inputProblemsOf(error);
  if (input) {
    return { code: exitCodes.badInput, message: input };
  }
  const detail =
    error instanceof Error
      ? (process.env.CELLPLANE_STACK_TRACES === "1" && error.stack) || error.message
      : String(error);
  return {
    code: exitCodes.internal,
    message:
      `cellplane failed with an internal error (exit ${exitCodes.internal}):\n` + `${detail}\n${REPORT_INTERNAL_ERROR}`,
  };
}

/** A stack whose program failed only on input problems (the tenants cannot be placed, say): those problems. */
function inputProblemsOf(error: unknown): string | undefined {
  if (!(error instanceof SynthesisError) || error.causes.length === 0) {
    return undefined;
  }
  const causes = error.causes.filter((cause) => cause instanceof FleetValidationError);
  if (causes.length !== error.causes.length) {
    return undefined;
  }
  const problems = causes.flatMap((cause) => cause.problems);
  return `${error.label}: ${new FleetValidationError(problems).message}`;
}
