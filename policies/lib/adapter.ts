/**
 * Turns cellplane policy definitions into `@pulumi/policy` policies. One place decides, for every policy:
 *
 * - which resources it reads (type filter before any property is copied);
 * - that a resource rule runs twice on the real path: per resource on the inputs (`Analyze`, early, before the
 *   step) and again over the whole stack (`AnalyzeStack`, after the update, on resolved outputs), so a value that
 *   was unknown during the preview is checked for real afterwards;
 * - how findings are reported: violations at the policy's level, waived findings and not-yet-checkable rules as
 *   advisories with a recognisable prefix (lib/messages.ts).
 */
import type {
  EnforcementLevel,
  PolicyComplianceFramework,
  PolicyProviderResource,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { controlTag, controlVersion, FRAMEWORKS } from "./controls";
import { MANDATORY_STACKS, MANDATORY_STACKS_SCHEMA, mandatoryStacksOf, stackMatches } from "./escalation";
import type { Finding } from "./findings";
import { notYetCheckableMessage, waivedMessage } from "./messages";
import type {
  CheckedProvider,
  CheckedResource,
  CheckedStack,
  PackContext,
  PolicyDefinition,
  PolicyMetadata,
} from "./policy";
import { packConfig, packToday, packWaivers } from "./settings";
import { cellOfStack, stackOfUrn } from "./urn";
import { toPlainObject } from "./values";
import { findActiveWaiver } from "./waivers";

export type PulumiPolicy = ResourceValidationPolicy | StackValidationPolicy;

export function toPulumiPolicy(definition: PolicyDefinition, context: PackContext): PulumiPolicy {
  const metadata = pulumiMetadata(definition);
  const types = new Set(definition.resourceTypes);
  if (definition.scope === "stack") {
    return {
      ...metadata,
      validateStack: (args, report) => {
        const stack = checkedStack(args, types);
        deliver(definition, definition.check(stack, context), undefined, report, escalation(definition, args));
      },
    };
  }
  const policy: ResourceValidationPolicy & StackValidationPolicy = {
    ...metadata,
    validateResource: (args, report) => {
      if (!types.has(args.type)) {
        args.notApplicable(`applies to ${definition.resourceTypes.join(", ")}`);
      }
      const resource = checkedResourceFromArgs(args);
      deliver(definition, definition.check(resource), resource.urn, report, escalation(definition, args));
    },
    validateStack: (args, report) => {
      const stacks = escalation(definition, args);
      for (const resource of checkedStack(args, types).resources) {
        deliver(definition, definition.check(resource), resource.urn, report, stacks);
      }
    },
  };
  if (definition.resourceTypes.length === 1) {
    skipUnlessTypePresent(policy, definition.resourceTypes[0]);
  }
  return policy;
}

/**
 * Marks a one-type policy the way `@pulumi/policy`'s own `validateResourceOfType` does (policy.js: the function's
 * `__pulumiType`), so the server skips it, reporting it not applicable, before it decodes any property: a resource
 * of another type in `Analyze`, and a stack without the type in `AnalyzeStack`, where it otherwise decodes every
 * resource of the stack once per policy (server.js, makeAnalyzeStackRpcFun). The findings are the same: the
 * policy reads that type only.
 */
function skipUnlessTypePresent(policy: ResourceValidationPolicy & StackValidationPolicy, type: string): void {
  for (const validate of [policy.validateResource, policy.validateStack]) {
    Object.defineProperty(validate, "__pulumiType", { value: type });
  }
}

function pulumiMetadata(definition: PolicyMetadata) {
  return {
    name: definition.name,
    description: definition.description,
    enforcementLevel: definition.enforcementLevel,
    severity: definition.severity,
    remediationSteps: definition.remediation,
    framework: primaryFramework(definition),
    tags: [`group:${definition.group}`, ...definition.controls.map(controlTag)],
    configSchema: { properties: { [MANDATORY_STACKS]: MANDATORY_STACKS_SCHEMA } },
  };
}

/**
 * The stacks where this policy's violations are mandatory (lib/escalation.ts): the engine's configuration for the
 * policy, else the pack's own (policies/pack-config.json). Mandatory policies need none.
 */
function escalation(definition: PolicyMetadata, args: ResourceValidationArgs | StackValidationArgs): readonly string[] {
  if (definition.enforcementLevel === "mandatory") {
    return [];
  }
  return (
    mandatoryStacksOf(args.getConfig<Record<string, unknown>>()) ??
    mandatoryStacksOf(packConfig()[definition.name]) ??
    []
  );
}

/** `@pulumi/policy` carries one framework per policy: the first control's, with all its control ids. */
function primaryFramework(definition: PolicyMetadata): PolicyComplianceFramework | undefined {
  const first = definition.controls[0];
  if (!first) {
    return undefined;
  }
  const controls = definition.controls.filter((control) => control.framework === first.framework);
  const framework = FRAMEWORKS[first.framework];
  return {
    name: framework.name,
    version: controlVersion(first),
    reference: controls.map((control) => control.id).join(", "),
    specification: controls.map((control) => `${control.id} ${control.title}`).join("; "),
  };
}

/**
 * `@pulumi/policy` 1.21 accepts an object (message, urn, enforcementLevel) in `reportViolation` (server.js,
 * makeReportViolationFun) but declares only the string form; the object form lets one policy report both
 * violations and advisories.
 */
interface ReportDetails {
  message: string;
  urn?: string;
  enforcementLevel?: EnforcementLevel;
}

function detailedReporter(report: ReportViolation): (details: ReportDetails) => void {
  return report as unknown as (details: ReportDetails) => void;
}

function deliver(
  definition: PolicyMetadata,
  findings: Finding[],
  defaultUrn: string | undefined,
  report: ReportViolation,
  mandatoryStacks: readonly string[],
): void {
  const send = detailedReporter(report);
  for (const finding of findings) {
    const urn = finding.urn ?? defaultUrn;
    if (finding.kind === "not-yet-checkable") {
      send({ message: notYetCheckableMessage(finding.what), urn, enforcementLevel: "advisory" });
      continue;
    }
    const stack = urn === undefined ? undefined : stackOfUrn(urn);
    const waiver =
      urn === undefined || stack === undefined
        ? undefined
        : findActiveWaiver(packWaivers(), { stack, policy: definition.name, urn, today: packToday() });
    if (waiver) {
      send({ message: waivedMessage(finding.message, waiver), urn, enforcementLevel: "advisory" });
      continue;
    }
    const escalated = stack !== undefined && stackMatches(stack, mandatoryStacks);
    send(
      escalated ? { message: finding.message, urn, enforcementLevel: "mandatory" } : { message: finding.message, urn },
    );
  }
}

function checkedResourceFromArgs(args: ResourceValidationArgs): CheckedResource {
  return {
    urn: args.urn,
    type: args.type,
    name: args.name,
    props: toPlainObject(args.props),
    provider: checkedProvider(args.provider),
    parent: args.opts.parent,
    protect: args.opts.protect === true,
    dependencies: [],
    propertyDependencies: {},
  };
}

function checkedStack(args: StackValidationArgs, types: ReadonlySet<string>): CheckedStack {
  const stack = args.resources.length > 0 ? stackOfUrn(args.resources[0].urn) : undefined;
  return {
    stack,
    cell: cellOfStack(stack),
    resources: args.resources.filter((resource) => types.has(resource.type)).map(checkedResourceFromStack),
  };
}

function checkedResourceFromStack(resource: PolicyResource): CheckedResource {
  const propertyDependencies: Record<string, readonly string[]> = {};
  for (const [key, dependencies] of Object.entries(resource.propertyDependencies)) {
    propertyDependencies[key] = dependencies.map((dependency) => dependency.urn);
  }
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    props: toPlainObject(resource.props),
    provider: checkedProvider(resource.provider),
    parent: resource.parent?.urn,
    protect: resource.opts.protect === true,
    dependencies: resource.dependencies.map((dependency) => dependency.urn),
    propertyDependencies,
  };
}

function checkedProvider(provider: PolicyProviderResource | undefined): CheckedProvider | undefined {
  return (
    provider && { urn: provider.urn, type: provider.type, name: provider.name, props: toPlainObject(provider.props) }
  );
}
