import type { DiffReport } from "./model";

/** Version of the JSON document `cells diff --format json` writes; bump on a breaking change. */
export const DIFF_JSON_VERSION = 1;

/** The report as JSON. Values in it are display strings with secrets already masked. */
export function renderJson(report: DiffReport): string {
  return `${JSON.stringify({ version: DIFF_JSON_VERSION, ...report }, null, 2)}\n`;
}
