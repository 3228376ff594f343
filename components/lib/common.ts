/**
 * Conventions every cell component shares: who the cell is, how its resources are tagged, how arguments are
 * validated, and how IAM documents are built from Pulumi inputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { CELL_ID_PATTERN, REGION_PATTERN } from "../../fleet/schema";

export { CELL_ID_PATTERN, REGION_PATTERN };

/** Type token prefix of the components of one cell (`cellplane:cell:CellQueue`). */
export const CELL_COMPONENT_PREFIX = "cellplane:cell";
/** Type token prefix of the routing layer's components, which belong to no cell (`cellplane:routing:GlobalRouter`). */
export const ROUTING_COMPONENT_PREFIX = "cellplane:routing";

/** Tag keys that mark a resource as part of one cell. Policies and cost reports key on them. */
export const CELL_TAG_KEYS = {
  cell: "cellplane:cell",
  region: "cellplane:region",
  owner: "cellplane:owner",
  managedBy: "managed-by",
} as const;

/** The identity of the cell a component belongs to. */
export interface CellIdentity {
  /** Cell id, e.g. `use1-a`: lower-case letters, digits and dashes. Prefixes every physical name. */
  id: string;
  /** AWS region the cell runs in. */
  region: string;
  /** Team that owns the cell (tag `cellplane:owner`). */
  owner: string;
  /** Extra tags for every resource of the cell. They cannot override the cell tags. */
  tags?: Record<string, string>;
}

/** Tags for a resource of `cell`: the caller's extra tags first, then the cell tags, which always win. */
export function cellTags(cell: CellIdentity, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...cell.tags,
    ...extra,
    [CELL_TAG_KEYS.cell]: cell.id,
    [CELL_TAG_KEYS.region]: cell.region,
    [CELL_TAG_KEYS.owner]: cell.owner,
    [CELL_TAG_KEYS.managedBy]: "cellplane",
  };
}

/** A component was given arguments it cannot build safely. Names the component, the field and the fix. */
export class ComponentArgsError extends Error {
  constructor(component: string, name: string, problems: string[]) {
    super(`${component} "${name}" has invalid arguments:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ComponentArgsError";
  }
}

/** One argument rule: when `ok` is false, `problem` says which field is wrong and how to fix it. */
export interface ArgRule {
  ok: boolean;
  problem: string;
}

/** Throws a {@link ComponentArgsError} listing every failed rule, so all problems are reported at once. */
export function validateArgs(component: string, name: string, rules: ArgRule[]): void {
  const problems = rules.filter((rule) => !rule.ok).map((rule) => rule.problem);
  if (problems.length > 0) {
    throw new ComponentArgsError(component, name, problems);
  }
}

/** Rules every component applies to its `cell` argument. */
export function cellIdentityRules(cell: CellIdentity | undefined): ArgRule[] {
  return [
    { ok: cell !== undefined, problem: "cell is required: pass the cell's id, region and owner" },
    {
      ok: cell === undefined || CELL_ID_PATTERN.test(cell.id),
      problem: `cell.id "${cell?.id}" must be lower-case letters, digits and dashes, e.g. "use1-a"`,
    },
    {
      ok: cell === undefined || REGION_PATTERN.test(cell.region),
      problem: `cell.region "${cell?.region}" is not an AWS region name, e.g. "us-east-1"`,
    },
    { ok: cell === undefined || cell.owner.trim().length > 0, problem: "cell.owner must name the owning team" },
  ];
}

/** An IAM policy statement whose values may still be unresolved Pulumi outputs. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: pulumi.Input<Record<string, pulumi.Input<string | pulumi.Input<string>[]>> | "*">;
  Action: string | string[];
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Condition?: Record<string, Record<string, pulumi.Input<string | boolean | pulumi.Input<string>[]>>>;
}

/** Serializes an IAM policy document once every output inside it is known. */
export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
  return pulumi.output({ Version: "2012-10-17", Statement: statements }).apply((document) => JSON.stringify(document));
}
