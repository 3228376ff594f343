import { knownCellIds, otherCellsNamed } from "../lib/cells";
import { CELLPLANE_CONTROLS, cellplaneControl, nist, NIST_800_53 } from "../lib/controls";
import { onResource, verdict, type Finding, type Verdict } from "../lib/findings";
import type { Statement, ValueList } from "../lib/iam-document";
import { checkGrantingStatements, typesWithDocuments, type DocumentRole } from "../lib/iam-sources";
import type { CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { isUnknown, type Unknown } from "../lib/values";

const ROLES: readonly DocumentRole[] = ["identity", "trust", "resource"];

/** Every ARN-like value a statement grants on or to: resources, and principals in trust and resource policies. */
function grantedValues(statement: Statement): ValueList[] {
  const principals = (list: Statement["principal"]): ValueList | undefined =>
    list === undefined ? undefined : isUnknown(list) ? list : list.map((principal) => principal.value);
  return [
    statement.resource,
    statement.notResource,
    principals(statement.principal),
    principals(statement.notPrincipal),
  ].filter((values): values is ValueList => values !== undefined);
}

function judge(cell: string, cells: readonly string[]) {
  return (statement: Statement): Verdict => {
    const values: (string | Unknown)[] = [];
    let undecided = false;
    for (const list of grantedValues(statement)) {
      if (isUnknown(list)) {
        undecided = true;
      } else {
        values.push(...list);
      }
    }
    const problems = values
      .filter((value): value is string => typeof value === "string")
      .flatMap((value) =>
        otherCellsNamed(value, cell, cells).map(
          (other) => `grants access to ${value}, a resource of cell ${other}: a cell may only reach its own resources`,
        ),
      );
    return verdict(problems, undecided || values.some(isUnknown) ? ["Resource/Principal"] : []);
  };
}

function checkStack(stack: CheckedStack): Finding[] {
  const cell = stack.cell;
  if (!cell) {
    return [];
  }
  const judgeStatement = judge(cell, knownCellIds(cell));
  return stack.resources.flatMap((resource) =>
    onResource(resource.urn, checkGrantingStatements(resource, ROLES, judgeStatement)),
  );
}

export const cellIamNoCrossCellAccess: StackPolicyDefinition = {
  scope: "stack",
  name: "cell-iam-no-cross-cell-access",
  description:
    "No IAM statement in a cell stack (identity, trust or resource policy) grants on, or to, ARNs that name another " +
    "cell of the fleet (cell ids come from the fleet's cells/<id>.yaml files).",
  group: "isolation",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [
    cellplaneControl("CELL-3", "A cell's principals reach only that cell's resources"),
    nist("AC-4", "Information flow enforcement"),
  ],
  references: [CELLPLANE_CONTROLS, NIST_800_53],
  remediation:
    "Reference only the cell's own resources (the component outputs of the same stack). Cross-cell traffic goes " +
    "through the global router, never through IAM grants.",
  resourceTypes: typesWithDocuments(ROLES),
  check: checkStack,
};
