/** Which stack builds what: `cell-<id>` builds one cell, `global` builds the routing layer. */

export const GLOBAL_STACK = "global";
const CELL_STACK_PREFIX = "cell-";

export type StackTarget = { kind: "cell"; cellId: string } | { kind: "global" };

export function cellStackName(cellId: string): string {
  return `${CELL_STACK_PREFIX}${cellId}`;
}

/** Parses a stack name (plain, or `org/project/stack`); undefined when it is neither a cell stack nor `global`. */
export function stackTarget(stack: string): StackTarget | undefined {
  const name = stack.split("/").pop() ?? stack;
  if (name === GLOBAL_STACK) {
    return { kind: "global" };
  }
  return name.startsWith(CELL_STACK_PREFIX) && name.length > CELL_STACK_PREFIX.length
    ? { kind: "cell", cellId: name.slice(CELL_STACK_PREFIX.length) }
    : undefined;
}
