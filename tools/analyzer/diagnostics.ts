/**
 * Diagnostics from the pack, typed. Besides what the protocol carries, each says what kind of finding it is —
 * a violation, a waived finding (reported as advisory), or a rule that could not be decided during a preview —
 * and, for waived findings, which waiver covers it (the same lookup the pack made).
 */
import type * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { NOT_YET_CHECKABLE_PREFIX, WAIVED_PREFIX } from "../../policies/lib/messages";
import { stackOfUrn } from "../../policies/lib/urn";
import { findActiveWaiver, type Waiver, type WaiverSet } from "../../policies/lib/waivers";
import type { PlanPolicyResult, PolicyViolationRecord } from "../lib/plan-file";
import { enforcementLevelFromProto, severityFromProto, type EnforcementLevel, type Severity } from "./protocol-types";

export type DiagnosticKind = "violation" | "waived" | "not-yet-checkable";

export interface WaiverNote {
  reason: string;
  owner: string;
  expires: string;
}

export interface PolicyDiagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
  description: string;
  message: string;
  /** The resource at fault; absent for findings about the stack as a whole (e.g. a waiver problem). */
  urn?: string;
  kind: DiagnosticKind;
  waived?: WaiverNote;
}

export interface WaiverContext {
  waivers: WaiverSet;
  today: string;
}

function kindOf(message: string): DiagnosticKind {
  if (message.startsWith(WAIVED_PREFIX)) {
    return "waived";
  }
  return message.startsWith(NOT_YET_CHECKABLE_PREFIX) ? "not-yet-checkable" : "violation";
}

function waiverNote(policyName: string, urn: string | undefined, context: WaiverContext): WaiverNote | undefined {
  const stack = urn === undefined ? undefined : stackOfUrn(urn);
  if (urn === undefined || stack === undefined) {
    return undefined;
  }
  const waiver = findActiveWaiver(context.waivers, { stack, policy: policyName, urn, today: context.today });
  return waiver && { reason: waiver.reason, owner: waiver.owner, expires: waiver.expires };
}

export function fromProtoDiagnostic(
  diagnostic: analyzerProto.AnalyzeDiagnostic,
  context: WaiverContext,
): PolicyDiagnostic {
  const message = diagnostic.getMessage();
  const urn = diagnostic.getUrn() || undefined;
  const kind = kindOf(message);
  return {
    policyName: diagnostic.getPolicyname(),
    policyPackName: diagnostic.getPolicypackname(),
    policyPackVersion: diagnostic.getPolicypackversion(),
    enforcementLevel: enforcementLevelFromProto(diagnostic.getEnforcementlevel()),
    severity: severityFromProto(diagnostic.getSeverity()),
    description: diagnostic.getDescription(),
    message,
    urn,
    kind,
    waived: kind === "waived" ? waiverNote(diagnostic.getPolicyname(), urn, context) : undefined,
  };
}

/** Mandatory findings block `pulumi up` and make `npm run plan` exit 1. */
export function isBlocking(diagnostic: PolicyDiagnostic): boolean {
  return diagnostic.enforcementLevel === "mandatory";
}

/** The plan file's record of a diagnostic (tools/lib/plan-file.ts). */
export function toViolationRecord(diagnostic: PolicyDiagnostic): PolicyViolationRecord {
  return {
    policy: diagnostic.policyName,
    packName: diagnostic.policyPackName,
    enforcementLevel: diagnostic.enforcementLevel,
    message: diagnostic.message,
    ...(diagnostic.urn ? { urn: diagnostic.urn } : {}),
    ...(diagnostic.waived ? { waived: diagnostic.waived } : {}),
  };
}

/** The plan file's `policy` section: every diagnostic, and the stack's waivers so reviewers see them. */
export function toPlanPolicyResult(
  diagnostics: readonly PolicyDiagnostic[],
  waivers: readonly Waiver[],
): PlanPolicyResult {
  return {
    violations: diagnostics.map(toViolationRecord),
    waivers: waivers.map(({ policy, resources, reason, owner, expires }) => ({
      policy,
      resources: [...resources],
      reason,
      owner,
      expires,
    })),
  };
}
