/**
 * Recognising cell ids in names and ARNs. A cell's resource names and ARNs start with its id (`use1-a-orders`);
 * an id "names" a cell when a name segment equals it or starts with `<id>-`. The longest matching known id wins,
 * so `use1-a2-...` is not mistaken for `use1-a`.
 */
import { fleetCellIds } from "./settings";

export function knownCellIds(own: string | undefined, seen: readonly string[] = []): string[] {
  return [...new Set([...fleetCellIds(), ...seen, ...(own ? [own] : [])])].sort((a, b) => b.length - a.length);
}

/** The cell a single name segment belongs to, if any. */
export function cellOfSegment(segment: string, cells: readonly string[]): string | undefined {
  return cells.find((cell) => segment === cell || segment.startsWith(`${cell}-`));
}

/** Segments of an ARN or path: split on `:` and `/`. */
export function segmentsOf(value: string): string[] {
  return value.split(/[:/]/).filter((segment) => segment.length > 0);
}

/** Cells other than `own` that `value` (a name or ARN) names, wildcards included (`use1-*` may name `use1-b`). */
export function otherCellsNamed(value: string, own: string, cells: readonly string[]): string[] {
  const named = segmentsOf(value).flatMap((segment) => {
    const wildcard = segment.indexOf("*");
    if (wildcard < 0) {
      const cell = cellOfSegment(segment, cells);
      return cell ? [cell] : [];
    }
    const prefix = segment.slice(0, wildcard);
    // A pattern reaches another cell when that cell's names could start with the fixed prefix.
    return prefix.length === 0 || cellOfSegment(prefix, cells) === own
      ? []
      : cells.filter((cell) => `${cell}-`.startsWith(prefix) || prefix.startsWith(`${cell}-`));
  });
  return [...new Set(named)].filter((cell) => cell !== own);
}
