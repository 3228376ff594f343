/**
 * A resource monitor for Pulumi's mock runtime that records every registration the way the engine receives it:
 * type, name, parent, dependencies, protect, provider and serialized inputs (secrets still marked). It answers
 * with deterministic mock state from {@link mockResourceState}, honors `additionalSecretOutputs` as the engine
 * does (so `RandomPassword.result` stays secret), and answers `StackReference` reads from outputs supplied by the
 * caller (the offline plan hands the global stack the cell stacks' planned outputs).
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type * as aliasproto from "@pulumi/pulumi/proto/alias_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { JsonObject } from "../lib/plan-file";
import { mockInvoke, mockResourceState } from "./mock-state";
import { toPlanObject, wireSecret } from "./plan-values";
import { signatures } from "./pulumi-internals";

type Callback<T> = (error: Error | null, response?: T) => void;
type WireObject = Record<string, unknown>;

export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  parent?: string;
  custom: boolean;
  protect: boolean;
  provider?: string;
  dependencies: string[];
  inputs: WireObject;
  /** The aliases the program sent (structured specs; the engine derives the children's from their parent's). */
  aliases: RecordedAlias[];
}

/** One alias of a registration: a former URN, or the parts of the former identity that differ. */
export interface RecordedAlias {
  urn?: string;
  type?: string;
  name?: string;
  parentUrn?: string;
  noParent?: boolean;
}

export interface RecordingMonitorOptions {
  project: string;
  stack: string;
  /** Region used by resources that have no explicit provider (the stack's `aws:region`). */
  defaultRegion: string;
  /** Outputs of other stacks, by fully qualified or plain stack name, for `StackReference` reads. */
  stackOutputs?: ReadonlyMap<string, JsonObject>;
  /** Whether to advertise structured aliases, as every current engine does (default true). */
  aliasSpecs?: boolean;
}

const PROVIDER_TYPE_PREFIX = "pulumi:providers:";
const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export class RecordingMonitor {
  readonly registrations: RecordedResource[] = [];
  readonly outputsByUrn = new Map<string, WireObject>();
  private readonly regionByProviderUrn = new Map<string, string>();

  constructor(private readonly options: RecordingMonitorOptions) {}

  newUrn(parent: string, type: string, name: string): string {
    // As the engine does: a child's type is qualified by its parent's whole type chain, except under the stack.
    const parentType = parent ? parent.split("::")[2] : undefined;
    const qualifiedType = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
    return `urn:pulumi:${this.options.stack}::${this.options.project}::${qualifiedType}::${name}`;
  }

  registerResource(req: resproto.RegisterResourceRequest, callback: Callback<resproto.RegisterResourceResponse>): void {
    try {
      const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
      const inputs = (req.getObject()?.toJavaScript() ?? {}) as WireObject;
      const provider = providerUrn(req.getProvider());
      this.registrations.push({
        urn,
        type: req.getType(),
        name: req.getName(),
        parent: req.getParent() || undefined,
        custom: req.getCustom(),
        protect: req.getProtect() === true,
        provider,
        dependencies: [...new Set(req.getDependenciesList())].sort(),
        inputs,
        aliases: [
          ...req.getAliasesList().map(recordAlias),
          ...req.getAliasurnsList().map((aliasUrn) => ({ urn: aliasUrn })),
        ],
      });
      const state = req.getCustom() ? this.customResourceState(req, urn, inputs, provider) : {};
      const response = new resproto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(typeof state.id === "string" ? state.id : "");
      response.setObject(Struct.fromJavaScript(state as Parameters<typeof Struct.fromJavaScript>[0]));
      callback(null, response);
    } catch (error) {
      callback(error as Error);
    }
  }

  readResource(req: resproto.ReadResourceRequest, callback: Callback<resproto.ReadResourceResponse>): void {
    try {
      const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
      if (req.getType() !== STACK_REFERENCE_TYPE) {
        throw new Error(`the offline plan cannot read existing resource ${urn}`);
      }
      const stackName = req.getId();
      const outputs =
        this.options.stackOutputs?.get(stackName) ??
        this.options.stackOutputs?.get(stackName.split("/").pop() ?? stackName);
      if (!outputs) {
        throw new Error(`StackReference ${stackName}: no planned outputs for that stack (plan it first)`);
      }
      const response = new resproto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(Struct.fromJavaScript({ name: stackName, outputs, secretOutputNames: [] }));
      callback(null, response);
    } catch (error) {
      callback(error as Error);
    }
  }

  registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback<object>): void {
    this.outputsByUrn.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
    callback(null, {});
  }

  invoke(req: resproto.ResourceInvokeRequest, callback: Callback<provproto.InvokeResponse>): void {
    try {
      const region = this.regionByProviderUrn.get(providerUrn(req.getProvider()) ?? "") ?? this.options.defaultRegion;
      const response = new provproto.InvokeResponse();
      response.setReturn(
        Struct.fromJavaScript(
          mockInvoke(req.getTok(), region, req.getArgs()?.toJavaScript() ?? {}) as Parameters<
            typeof Struct.fromJavaScript
          >[0],
        ),
      );
      callback(null, response);
    } catch (error) {
      callback(error as Error);
    }
  }

  supportsFeature(req: resproto.SupportsFeatureRequest, callback: Callback<{ getHassupport(): boolean }>): void {
    const unsupported = ["outputValues", "transforms", ...(this.options.aliasSpecs === false ? ["aliasSpecs"] : [])];
    const supported = !unsupported.includes(req.getId());
    callback(null, { getHassupport: () => supported });
  }

  registerPackage(_req: resproto.RegisterPackageRequest, callback: Callback<resproto.RegisterPackageResponse>): void {
    const response = new resproto.RegisterPackageResponse();
    response.setRef("offline-plan");
    callback(null, response);
  }

  /** Planned outputs of a registered resource (component outputs, or the stack's outputs). */
  plannedOutputs(urn: string): JsonObject {
    return toPlanObject(this.outputsByUrn.get(urn) ?? {});
  }

  private customResourceState(
    req: resproto.RegisterResourceRequest,
    urn: string,
    inputs: WireObject,
    provider: string | undefined,
  ): WireObject {
    if (req.getType().startsWith(PROVIDER_TYPE_PREFIX)) {
      const region = plainString(inputs.region) ?? this.options.defaultRegion;
      this.regionByProviderUrn.set(urn, region);
      return { ...inputs, id: `${req.getName()}-provider` };
    }
    const region = this.regionByProviderUrn.get(provider ?? "") ?? this.options.defaultRegion;
    const { id, outputs } = mockResourceState({
      type: req.getType(),
      name: req.getName(),
      inputs: unwrapSecrets(inputs) as WireObject,
      region,
    });
    const state: WireObject = { ...outputs, ...inputs, id };
    for (const key of req.getAdditionalsecretoutputsList()) {
      if (key in state) {
        state[key] = wireSecret(state[key]);
      }
    }
    return state;
  }
}

function recordAlias(alias: aliasproto.Alias): RecordedAlias {
  const spec = alias.getSpec();
  if (!spec) {
    return { urn: alias.getUrn() };
  }
  const parts: RecordedAlias = {
    type: spec.getType(),
    name: spec.getName(),
    parentUrn: spec.getParenturn(),
    noParent: spec.getNoparent(),
  };
  return Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== "" && value !== false));
}

/** `urn::id` provider reference → URN. */
function providerUrn(reference: string): string | undefined {
  if (!reference) {
    return undefined;
  }
  const separator = reference.lastIndexOf("::");
  return separator > 0 ? reference.slice(0, separator) : reference;
}

function plainString(value: unknown): string | undefined {
  const plain = unwrapSecrets(value);
  return typeof plain === "string" ? plain : undefined;
}

function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(unwrapSecrets);
  }
  if (value && typeof value === "object") {
    const record = value as WireObject;
    if (record[signatures.key] === signatures.secret) {
      return unwrapSecrets(record.value);
    }
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, unwrapSecrets(inner)]));
  }
  return value;
}
