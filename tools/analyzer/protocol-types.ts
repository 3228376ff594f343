/** Enforcement levels, severities and policy types: protocol enums ↔ the words Pulumi and the plan file use. */
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";
export type Severity = "low" | "medium" | "high" | "critical";

const ENFORCEMENT_LEVELS: Readonly<Record<EnforcementLevel, analyzerProto.EnforcementLevel>> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
};

const SEVERITIES: Readonly<Record<Severity, analyzerProto.PolicySeverity>> = {
  low: analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW,
  medium: analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM,
  high: analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH,
  critical: analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL,
};

function reverse<K extends string>(table: Readonly<Record<K, number>>, value: number): K | undefined {
  return (Object.keys(table) as K[]).find((key) => table[key] === value);
}

export function enforcementLevelToProto(level: EnforcementLevel): analyzerProto.EnforcementLevel {
  return ENFORCEMENT_LEVELS[level];
}

export function enforcementLevelFromProto(level: analyzerProto.EnforcementLevel): EnforcementLevel {
  const word = reverse(ENFORCEMENT_LEVELS, level);
  if (!word) {
    throw new Error(`unknown enforcement level ${level} from the policy pack`);
  }
  return word;
}

/** Undefined for POLICY_SEVERITY_UNSPECIFIED. */
export function severityFromProto(severity: analyzerProto.PolicySeverity): Severity | undefined {
  return reverse(SEVERITIES, severity);
}

export function policyTypeFromProto(type: analyzerProto.PolicyType): "resource" | "stack" | "unknown" {
  switch (type) {
    case analyzerProto.PolicyType.POLICY_TYPE_RESOURCE:
      return "resource";
    case analyzerProto.PolicyType.POLICY_TYPE_STACK:
      return "stack";
    default:
      return "unknown";
  }
}
