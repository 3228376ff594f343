import type { ChangeKind, PropertyChange, ResourceChange } from "./model";
import { topLevelKey, type RawPropertyChange } from "./property-diff";
import { forceNewRule } from "./risk-rules";
import {
  containsSecret,
  displayPair,
  fullDisplayValue,
  isSecretPath,
  MAX_DISPLAY_LENGTH,
  SECRET_DISPLAY,
  truncate,
  UNKNOWN_DISPLAY,
} from "./values";

export interface PropertyChangeOptions {
  /** Overrides the known force-new rules (the engine's word in a preview). */
  forcesReplacement?: boolean;
  /** Top-level properties the engine marks secret (`additionalSecretOutputs`). */
  secretKeys?: ReadonlySet<string>;
}

/**
 * Turns a raw difference into its display form. A secret, or a property that is secret by nature, shows only
 * that it changed: both sides become `[secret]` whatever they held.
 */
export function toPropertyChange(
  type: string,
  raw: RawPropertyChange,
  options: PropertyChangeOptions = {},
): PropertyChange {
  const topLevel = topLevelKey(raw.path);
  const secret =
    containsSecret(raw.before) ||
    containsSecret(raw.after) ||
    isSecretPath(type, raw.path) ||
    (options.secretKeys?.has(topLevel) ?? false);
  const change: PropertyChange = {
    path: raw.path,
    kind: raw.kind,
    secret,
    forcesReplacement: options.forcesReplacement ?? forceNewRule(type, topLevel) !== undefined,
  };
  const before =
    raw.kind === "add" ? undefined : secret ? SECRET_DISPLAY : displayOrUnknown(raw.before, type, raw.path);
  const after =
    raw.kind === "delete" ? undefined : secret ? SECRET_DISPLAY : displayOrUnknown(raw.after, type, raw.path);
  if (before !== undefined && after !== undefined) {
    [change.before, change.after] = displayPair(before, after);
  } else if (before !== undefined) {
    change.before = truncate(before, MAX_DISPLAY_LENGTH);
  } else if (after !== undefined) {
    change.after = truncate(after, MAX_DISPLAY_LENGTH);
  }
  return change;
}

/** A value the engine does not know yet (computed during the update) is absent from the new inputs. */
function displayOrUnknown(value: unknown, type: string, path: string): string {
  return value === undefined ? UNKNOWN_DISPLAY : fullDisplayValue(value, type, path);
}

export function newResourceChange(urn: string, type: string, name: string, kind: ChangeKind): ResourceChange {
  return { urn, type, name, kind, properties: [], replaceReasons: [], replaceConfirmed: false, notes: [] };
}
