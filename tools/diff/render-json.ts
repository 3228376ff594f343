import type { DiffReport } from "./model";

/**
 * Version of the JSON document `cells diff --format json` writes; bump on a breaking change. 2: risks have a
 * `notice` severity, a removed stack lists no resources (`orphaned` counts them), `routing`, `secretRotations`
 * and `provenance` were added, list items are named by identity in property paths.
 */
export const DIFF_JSON_VERSION = 2;

/** The report as JSON. Values in it are display strings with secrets already masked. */
export function renderJson(report: DiffReport): string {
  return `${JSON.stringify({ version: DIFF_JSON_VERSION, ...report }, null, 2)}\n`;
}
