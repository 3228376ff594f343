import { CELLPLANE_CONTROLS, cellplaneControl } from "../lib/controls";
import { violation } from "../lib/findings";
import type { StackPolicyDefinition } from "../lib/policy";
import { packToday, packWaivers } from "../lib/settings";
import { waiverProblems } from "../lib/waivers";

export const WAIVER_POLICY_NAME = "cellplane-waiver-valid";

export const waiverValid: StackPolicyDefinition = {
  scope: "stack",
  name: WAIVER_POLICY_NAME,
  description:
    "Every waiver that concerns the stack (policies/waivers.yaml) is well formed, names a policy of the pack and has " +
    "not expired.",
  group: "governance",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [
    cellplaneControl("GOV-1", "Exceptions are owned, justified and time-boxed"),
    cellplaneControl("GOV-2", "Expired exceptions stop applying"),
  ],
  references: [CELLPLANE_CONTROLS],
  remediation:
    "Fix the entry in policies/waivers.yaml: policy, resources (logical names or URNs), reason, owner and expires " +
    "(YYYY-MM-DD) are required. An expired waiver no longer applies: fix the resources, or renew the waiver with a " +
    "new date after review.",
  resourceTypes: [],
  check: (stack, context) =>
    stack.stack === undefined
      ? []
      : waiverProblems(packWaivers(), stack.stack, context.policyNames, packToday(), WAIVER_POLICY_NAME).map(
          (problem) => violation(problem),
        ),
};
