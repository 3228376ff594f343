/** Reading Pulumi URNs: `urn:pulumi:<stack>::<project>::<parent-type$type>::<name>`. */

const URN_PREFIX = "urn:pulumi:";
const CELL_STACK_PREFIX = "cell-";

export interface ParsedUrn {
  stack: string;
  project: string;
  type: string;
  name: string;
}

export function parseUrn(urn: string): ParsedUrn | undefined {
  if (!urn.startsWith(URN_PREFIX)) {
    return undefined;
  }
  const parts = urn.slice(URN_PREFIX.length).split("::");
  if (parts.length < 4) {
    return undefined;
  }
  const [stack, project, qualifiedType, ...nameParts] = parts;
  const typeChain = qualifiedType.split("$");
  return { stack, project, type: typeChain[typeChain.length - 1], name: nameParts.join("::") };
}

export function stackOfUrn(urn: string): string | undefined {
  return parseUrn(urn)?.stack;
}

export function nameOfUrn(urn: string): string | undefined {
  return parseUrn(urn)?.name;
}

/** The cell a stack builds: `cell-use1-a` builds `use1-a`; other stacks (e.g. `global`) build none. */
export function cellOfStack(stack: string | undefined): string | undefined {
  if (!stack?.startsWith(CELL_STACK_PREFIX)) {
    return undefined;
  }
  const cell = stack.slice(CELL_STACK_PREFIX.length);
  return cell.length > 0 ? cell : undefined;
}
