/**
 * tools/analyzer/: runs cellplane's policy pack (policies/) over the Analyzer gRPC protocol, exactly as the Pulumi CLI
 * starts it, for `npm run plan`, the tests and the benchmark.
 */
export {
  startPolicyPack,
  PolicyPack,
  type StartPolicyPackOptions,
  type AnalyzeOptions,
  type StackConfiguration,
} from "./pack";
export { PolicyPackStartError, resolveRunPolicyPack } from "./start";
export {
  UNKNOWN,
  SecretValue,
  secret,
  serializeProperty,
  serializePropertyMap,
  toStruct,
  type PropertyMap,
  type PropertyValue,
  type SerializeOptions,
} from "./properties";
export {
  toAnalyzerResources,
  toAnalyzerResource,
  toAnalyzeRequest,
  findProvider,
  type AnalyzerResourceInput,
} from "./resources";
export {
  isBlocking,
  toPlanPolicyResult,
  toViolationRecord,
  type DiagnosticKind,
  type PolicyDiagnostic,
  type WaiverNote,
} from "./diagnostics";
export type { AnalyzerPolicyInfo, PolicyFramework, PolicyPackInfo } from "./info";
export { readPolicyPackConfig, type PolicyConfigEntry, type PolicyPackConfig } from "./config";
export type { EnforcementLevel, Severity } from "./protocol-types";
export type { Waiver } from "../../policies/lib/waivers";
