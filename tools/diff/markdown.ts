/** Small, safe building blocks for GitHub-flavoured Markdown. */

/** An inline code span that survives any content: the fence is longer than the longest backtick run inside. */
export function code(text: string): string {
  const oneLine = text.replace(/\r?\n/g, "⏎");
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padded = oneLine.startsWith("`") || oneLine.endsWith("`") || oneLine === "" ? ` ${oneLine} ` : oneLine;
  return `${fence}${padded}${fence}`;
}

/** Escapes text for HTML contexts (`<summary>`, `<code>`). */
export function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escapes plain text placed in Markdown prose (policy messages, diagnostics), one line. */
export function prose(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/([\\`*_[\]<>|#])/g, "\\$1")
    .trim();
}

/** Like {@link prose}, but keeps backtick code spans the text means (messages built with `name` in them). */
export function proseWithCode(text: string): string {
  return prose(text).replace(/\\`/g, "`");
}

/** A table cell: pipes would end the cell even inside a code span. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

export function formatNumber(count: number): string {
  return count.toLocaleString("en-US");
}
