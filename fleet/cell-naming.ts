/**
 * Names for new cells, following the fleet's pattern: `<region abbreviation>-<letter>` (use1-a, euw1-b, apse2-a).
 * The prefix is the one the region's cells already use, else the region's abbreviation. Pure.
 */

const DIRECTIONS: Record<string, string> = {
  east: "e",
  west: "w",
  north: "n",
  south: "s",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
};

/** `us-east-1` → `use1`, `ap-southeast-2` → `apse2`, `eu-central-1` → `euc1`. */
export function regionAbbreviation(region: string): string {
  const parts = region.split("-");
  return parts
    .map((part, index) => (index === 0 || /^\d+$/.test(part) ? part : (DIRECTIONS[part] ?? part[0])))
    .join("");
}

const LETTERED = /^(.+-)([a-z])$/;

/** The next free id in `region`: the region's prefix with the letter after the last one used (use1-d). */
export function nextCellId(region: string, cells: readonly { id: string; region: string }[]): string | undefined {
  const taken = new Set(cells.map((cell) => cell.id));
  const counts = new Map<string, number>();
  for (const cell of cells.filter((candidate) => candidate.region === region)) {
    const prefix = LETTERED.exec(cell.id)?.[1];
    if (prefix !== undefined) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
  }
  const prefix =
    [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ??
    `${regionAbbreviation(region)}-`;
  const letters = [...taken].flatMap((id) => (id.startsWith(prefix) ? [LETTERED.exec(id)?.[2] ?? ""] : []));
  const last = letters
    .filter((letter) => letter !== "")
    .sort()
    .pop();
  for (let code = last === undefined ? 97 : last.charCodeAt(0) + 1; code <= 122; code++) {
    const id = `${prefix}${String.fromCharCode(code)}`;
    if (!taken.has(id)) return id;
  }
  for (let code = 97; code <= 122; code++) {
    const id = `${prefix}${String.fromCharCode(code)}`;
    if (!taken.has(id)) return id;
  }
  return undefined;
}
