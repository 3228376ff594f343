/**
 * Secret stack config (`secure:` values in `Pulumi.<stack>.yaml`) cannot be decrypted offline, so plans see only
 * `[secret]` on both sides. Comparing the ciphertexts tells a reviewer that a secret changed, never what it is.
 */
import type { ConfigChange, DiffReport, StackDiff } from "./model";
import { compareStrings } from "./model";
import { buildReport } from "./report";

/** Stack → config key → ciphertext. */
export type SecureConfig = ReadonlyMap<string, ReadonlyMap<string, string>>;

export function diffSecureConfig(base: SecureConfig, head: SecureConfig): Map<string, ConfigChange[]> {
  const changes = new Map<string, ConfigChange[]>();
  for (const stack of new Set([...base.keys(), ...head.keys()])) {
    const before = base.get(stack) ?? new Map<string, string>();
    const after = head.get(stack) ?? new Map<string, string>();
    const stackChanges: ConfigChange[] = [];
    for (const key of [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings)) {
      const old = before.get(key);
      const next = after.get(key);
      if (old !== next) {
        stackChanges.push({ key, kind: old === undefined ? "add" : next === undefined ? "delete" : "update" });
      }
    }
    if (stackChanges.length > 0) {
      changes.set(stack, stackChanges);
    }
  }
  return changes;
}

/** Attaches secret config changes to the stacks they belong to (only stacks the plans know). */
export function withSecretConfigChanges(report: DiffReport, changes: ReadonlyMap<string, ConfigChange[]>): DiffReport {
  if (changes.size === 0) {
    return report;
  }
  const stacks: StackDiff[] = report.stacks.map((stack) => {
    const stackChanges = changes.get(stack.stack);
    if (stackChanges === undefined) {
      return stack;
    }
    return { ...stack, secretConfig: stackChanges, status: stack.status === "unchanged" ? "changed" : stack.status };
  });
  const labels = {
    ...(report.baseLabel === undefined ? {} : { baseLabel: report.baseLabel }),
    ...(report.headLabel === undefined ? {} : { headLabel: report.headLabel }),
  };
  return buildReport(report.source, stacks, labels);
}
