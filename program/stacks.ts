/**
 * Which stack builds what, and in which order they deploy on an account: `account` (service-linked roles, the
 * zone), then `region-<region>` for each region in use (certificates), then `cell-<id>` (one cell each), then
 * `global` (the routing layer). Each stack only reads stacks that come before it. Pure: no Pulumi import, so the
 * CLI can check its input before loading Pulumi.
 */
import type { Fleet } from "../fleet/schema";

export const ACCOUNT_STACK = "account";
export const GLOBAL_STACK = "global";
const CELL_STACK_PREFIX = "cell-";
const REGION_STACK_PREFIX = "region-";
/** CloudFront takes viewer certificates only from ACM in us-east-1, so that region always has a region stack. */
export const EDGE_REGION = "us-east-1";

export type StackTarget =
  { kind: "account" } | { kind: "region"; region: string } | { kind: "cell"; cellId: string } | { kind: "global" };

export function cellStackName(cellId: string): string {
  return `${CELL_STACK_PREFIX}${cellId}`;
}

export function regionStackName(region: string): string {
  return `${REGION_STACK_PREFIX}${region}`;
}

/** Regions with a cell (in any state: its stack still exists), plus us-east-1 for the edge certificate; sorted. */
export function regionsInUse(fleet: Pick<Fleet, "cells">): string[] {
  return [...new Set([EDGE_REGION, ...fleet.cells.map((cell) => cell.region)])].sort();
}

/** Parses a stack name (plain, or `org/project/stack`); undefined when it is none of the project's stacks. */
export function stackTarget(stack: string): StackTarget | undefined {
  const name = stack.split("/").pop() ?? stack;
  if (name === GLOBAL_STACK) {
    return { kind: "global" };
  }
  if (name === ACCOUNT_STACK) {
    return { kind: "account" };
  }
  if (name.startsWith(REGION_STACK_PREFIX) && name.length > REGION_STACK_PREFIX.length) {
    return { kind: "region", region: name.slice(REGION_STACK_PREFIX.length) };
  }
  return name.startsWith(CELL_STACK_PREFIX) && name.length > CELL_STACK_PREFIX.length
    ? { kind: "cell", cellId: name.slice(CELL_STACK_PREFIX.length) }
    : undefined;
}

/** The region of a `region-<region>` stack name, or undefined. */
export function regionOfStack(stack: string): string | undefined {
  const target = stackTarget(stack);
  return target?.kind === "region" ? target.region : undefined;
}

/** Which deployment step a stack name belongs to. */
export function deploymentStepOf(stack: string): "account" | "regions" | "cells" | "global" | undefined {
  const kind = stackTarget(stack)?.kind;
  return kind === "region" ? "regions" : kind === "cell" ? "cells" : kind;
}
