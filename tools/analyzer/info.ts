/** `GetAnalyzerInfo`, typed: the pack and every policy with the metadata the pack declared. */
import type * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import {
  enforcementLevelFromProto,
  policyTypeFromProto,
  severityFromProto,
  type EnforcementLevel,
  type Severity,
} from "./protocol-types";

export interface PolicyFramework {
  name: string;
  version: string;
  reference: string;
  specification: string;
}

export interface AnalyzerPolicyInfo {
  name: string;
  displayName: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
  policyType: "resource" | "stack" | "unknown";
  framework?: PolicyFramework;
  tags: string[];
  remediationSteps: string;
  url: string;
}

export interface PolicyPackInfo {
  name: string;
  version: string;
  displayName: string;
  description: string;
  supportsConfig: boolean;
  tags: string[];
  policies: AnalyzerPolicyInfo[];
}

function frameworkFromProto(
  framework: analyzerProto.PolicyComplianceFramework | undefined,
): PolicyFramework | undefined {
  return (
    framework && {
      name: framework.getName(),
      version: framework.getVersion(),
      reference: framework.getReference(),
      specification: framework.getSpecification(),
    }
  );
}

function policyFromProto(policy: analyzerProto.PolicyInfo): AnalyzerPolicyInfo {
  return {
    name: policy.getName(),
    displayName: policy.getDisplayname(),
    description: policy.getDescription(),
    enforcementLevel: enforcementLevelFromProto(policy.getEnforcementlevel()),
    severity: severityFromProto(policy.getSeverity()),
    policyType: policyTypeFromProto(policy.getPolicyType()),
    framework: frameworkFromProto(policy.getFramework()),
    tags: policy.getTagsList(),
    remediationSteps: policy.getRemediationSteps(),
    url: policy.getUrl(),
  };
}

export function fromProtoAnalyzerInfo(info: analyzerProto.AnalyzerInfo): PolicyPackInfo {
  return {
    name: info.getName(),
    version: info.getVersion(),
    displayName: info.getDisplayname(),
    description: info.getDescription(),
    supportsConfig: info.getSupportsconfig(),
    tags: info.getTagsList(),
    policies: info.getPoliciesList().map(policyFromProto),
  };
}
