/**
 * How the pack words the two kinds of advisory diagnostics it adds on top of violations. tools/analyzer/ reads these
 * prefixes to tell a waived finding and a not-yet-checkable rule from an ordinary advisory violation.
 */
import type { Waiver } from "./waivers";

export const WAIVED_PREFIX = "waived:";
export const NOT_YET_CHECKABLE_PREFIX = "not yet checkable:";

export function waivedMessage(message: string, waiver: Waiver): string {
  return (
    `${WAIVED_PREFIX} ${message} (waiver for ${waiver.stack}, owner ${waiver.owner}, expires ${waiver.expires}: ` +
    `${waiver.reason})`
  );
}

export function notYetCheckableMessage(what: string): string {
  return `${NOT_YET_CHECKABLE_PREFIX} ${what} is unknown until the update; the stack check after the update decides`;
}
