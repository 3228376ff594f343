import { nist, NIST_800_53 } from "../lib/controls";
import type { Statement } from "../lib/iam-document";
import { verdict, type Verdict } from "../lib/findings";
import { checkGrantingStatements } from "../lib/iam-sources";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { isUnknown } from "../lib/values";

function judgeTrust(statement: Statement): Verdict {
  if (statement.notPrincipal !== undefined) {
    return verdict([
      "trusts every principal except its NotPrincipal list (Allow with NotPrincipal): name the trusted principals",
    ]);
  }
  const principals = statement.principal ?? [];
  if (isUnknown(principals)) {
    return verdict([], ["Principal"]);
  }
  const wildcard = principals.some((principal) => principal.value === "*");
  return verdict(
    wildcard ? ['lets any principal assume the role (Principal "*"): name the trusted service or role ARNs'] : [],
    principals.some((principal) => isUnknown(principal.value)) ? ["Principal"] : [],
  );
}

export const iamTrustNoWildcardPrincipal: ResourcePolicyDefinition = {
  scope: "resource",
  name: "iam-trust-no-wildcard-principal",
  description:
    "Role trust policies (assumeRolePolicy) name their principals: no `*` principal and no Allow with NotPrincipal.",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [nist("AC-6", "Least privilege"), nist("AC-3", "Access enforcement")],
  references: [NIST_800_53],
  remediation:
    'Set `Principal` to the service (`{ Service: "ec2.amazonaws.com" }`) or the role ARNs of the same cell that may ' +
    "assume the role.",
  resourceTypes: ["aws:iam/role:Role"],
  check: (role) => checkGrantingStatements(role, ["trust"], judgeTrust),
};
