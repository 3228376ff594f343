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
