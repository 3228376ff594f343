/** The table `npm run bench` prints: one row per measurement, cellplane beside its baseline. */

export interface Row {
  work: string;
  size: string;
  /** Wall-clock seconds; NaN when the row has no measurement (a baseline that is not available). */
  seconds: number;
  /** CPU seconds of the whole process tree (less sensitive to other load than wall time). */
  cpu?: number;
  rate?: string;
  memory?: string;
  /** The same work by the baseline, when measured in this run. */
  baseline?: string;
  note?: string;
}

export function renderTable(rows: readonly Row[]): string {
  const header = ["WORK", "SIZE", "SECONDS", "CPU S", "RATE", "PEAK MEMORY", "BASELINE (ONE STACK AT A TIME)", "NOTE"];
  const cells = rows.map((row) => [
    row.work,
    row.size,
    Number.isNaN(row.seconds) ? "-" : row.seconds.toFixed(2),
    row.cpu === undefined ? "" : row.cpu.toFixed(1),
    row.rate ?? "",
    row.memory ?? "",
    row.baseline ?? "",
    row.note ?? "",
  ]);
  const widths = header.map((_, column) =>
    Math.max(header[column].length, ...cells.map((line) => line[column].length)),
  );
  return [header, ...cells]
    .map((line) =>
      line
        .map((cell, column) => cell.padEnd(widths[column]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
