/**
 * Errors thrown inside `apply` callbacks surface as unhandled promise rejections, not as a rejected program.
 * The Pulumi CLI's language host turns them into a failed update; the offline planner must do the same, or a
 * plan would "succeed" with a resource missing. Collectors are stacked so concurrent synthesis sees every error.
 */
const activeCollectors = new Set<unknown[]>();

function onRejection(reason: unknown): void {
  for (const collector of activeCollectors) {
    collector.push(reason);
  }
}

/** Runs `work`, then fails with every unhandled rejection raised while it ran. */
export async function failOnUnhandledRejections<T>(label: string, work: () => Promise<T>): Promise<T> {
  const collected: unknown[] = [];
  if (activeCollectors.size === 0) {
    process.on("unhandledRejection", onRejection);
  }
  activeCollectors.add(collected);
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // Rejections are reported after the microtask queue drains; give them a macrotask turn to arrive, including the
  // echoes Pulumi's stack resource raises when the program itself threw.
  await new Promise((resolve) => setImmediate(resolve));
  activeCollectors.delete(collected);
  if (activeCollectors.size === 0) {
    process.off("unhandledRejection", onRejection);
  }
  if (!outcome.ok) {
    throw outcome.error;
  }
  if (collected.length > 0) {
    throw new SynthesisError(label, collected);
  }
  return outcome.value;
}

export class SynthesisError extends Error {
  constructor(
    readonly label: string,
    readonly causes: unknown[],
  ) {
    const messages = [...new Set(causes.map((cause) => (cause instanceof Error ? cause.message : String(cause))))];
    super(`${label} failed:\n${messages.map((message) => `  - ${message}`).join("\n")}`);
    this.name = "SynthesisError";
  }
}
