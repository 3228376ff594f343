import { nist, NIST_800_53 } from "../lib/controls";
import { violation } from "../lib/findings";
import { readDocuments, typesWithDocuments } from "../lib/iam-sources";
import type { ResourcePolicyDefinition } from "../lib/policy";

export const iamDocumentValid: ResourcePolicyDefinition = {
  scope: "resource",
  name: "iam-document-valid",
  description:
    "IAM identity, trust and resource policy documents parse: valid JSON, a Statement, an Effect of Allow or Deny, " +
    "an Action or NotAction.",
  group: "least-privilege",
  severity: "high",
  enforcementLevel: "mandatory",
  controls: [nist("AC-6", "Least privilege")],
  references: [NIST_800_53],
  remediation:
    'Build documents from objects (`JSON.stringify({ Version: "2012-10-17", Statement: [...] })` or the ' +
    "components' `policyDocument` helper) instead of hand-written JSON strings; AWS rejects malformed documents only " +
    "at apply time, and nothing can be verified about them before.",
  resourceTypes: typesWithDocuments(["identity", "trust", "resource"]),
  check: (resource) =>
    readDocuments(resource, ["identity", "trust", "resource"]).flatMap(({ document, read }) =>
      read.state === "malformed" ? [violation(`${resource.name}: ${document.path} ${read.problem}`)] : [],
    ),
};
