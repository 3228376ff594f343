import type { DiffReport } from "./model";

/** What `--fail-on` can name: a change kind, or `risk` for anything in the risk banner. */
export const FAIL_ON_VALUES = ["create", "update", "replace", "delete", "risk"] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];

function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_VALUES as readonly string[]).includes(value);
}

/** Parses `replace,delete`; returns the unknown entries separately so the caller can name them. */
export function parseFailOn(text: string): { values: FailOn[]; unknown: string[] } {
  const entries = text
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== "");
  return { values: [...new Set(entries.filter(isFailOn))], unknown: entries.filter((entry) => !isFailOn(entry)) };
}

/** The `--fail-on` conditions the report meets, e.g. `["delete"]`; empty means the check passes. */
export function failingConditions(report: DiffReport, failOn: readonly FailOn[]): FailOn[] {
  return failOn.filter((condition) => (condition === "risk" ? report.risks.length > 0 : report.totals[condition] > 0));
}
