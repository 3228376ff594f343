/** Left-aligned text columns for the CLI's tables; columns that hold only numbers (or percents) align right. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => /^[+-]?\d+(\/\d+|%)?$/.test(row[column] ?? "")),
  );
  const format = (row: string[]): string =>
    row
      .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return [format(header), ...rows.map(format)];
}
