/**
 * Plan resources → Analyzer protocol messages. A {@link AnalyzerResourceInput} is a plan file resource
 * (tools/lib/plan-file.ts `PlannedResource`) whose inputs may also hold {@link UNKNOWN} and secrets, so tests and the
 * plan command build requests the same way.
 */
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import type { PlannedResource } from "../lib/plan-file";
import { toStruct, type PropertyMap, type SerializeOptions } from "./properties";

export interface AnalyzerResourceInput extends Omit<PlannedResource, "inputs" | "dependencies"> {
  inputs: PropertyMap;
  dependencies?: readonly string[];
  /** Per-property dependencies (the engine sends them in AnalyzeStack); plan files have none. */
  propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** The provider a resource names: by URN, or by provider reference (`<urn>::<id>`). */
export function findProvider(
  reference: string | undefined,
  resources: readonly AnalyzerResourceInput[],
): AnalyzerResourceInput | undefined {
  if (!reference) {
    return undefined;
  }
  return resources.find((resource) => resource.urn === reference || reference.startsWith(`${resource.urn}::`));
}

function resourceOptions(resource: AnalyzerResourceInput): analyzerProto.AnalyzerResourceOptions {
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setProtect(resource.protect ?? false);
  options.setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts());
  if (resource.parent) {
    options.setParent(resource.parent);
  }
  return options;
}

function providerMessage(
  provider: AnalyzerResourceInput | undefined,
  serialize: SerializeOptions,
): analyzerProto.AnalyzerProviderResource | undefined {
  if (!provider) {
    return undefined;
  }
  const message = new analyzerProto.AnalyzerProviderResource();
  message.setUrn(provider.urn);
  message.setType(provider.type);
  message.setName(provider.name);
  message.setProperties(toStruct(provider.inputs, serialize));
  return message;
}

/** What an `Analyze` request and an `AnalyzeStack` resource both carry. */
function withResource<Message extends analyzerProto.AnalyzeRequest | analyzerProto.AnalyzerResource>(
  message: Message,
  resource: AnalyzerResourceInput,
  provider: AnalyzerResourceInput | undefined,
  serialize: SerializeOptions,
): Message {
  message.setUrn(resource.urn);
  message.setType(resource.type);
  message.setName(resource.name);
  message.setProperties(toStruct(resource.inputs, serialize));
  message.setOptions(resourceOptions(resource));
  message.setProvider(providerMessage(provider, serialize));
  return message;
}

/** One resource of an `AnalyzeStack` request; `provider` is looked up among `resources`. */
export function toAnalyzerResource(
  resource: AnalyzerResourceInput,
  resources: readonly AnalyzerResourceInput[] = [],
  serialize: SerializeOptions = {},
): analyzerProto.AnalyzerResource {
  const message = withResource(
    new analyzerProto.AnalyzerResource(),
    resource,
    findProvider(resource.provider, resources),
    serialize,
  );
  message.setParent(resource.parent ?? "");
  message.setDependenciesList([...(resource.dependencies ?? [])]);
  for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
    const dependencies = new analyzerProto.AnalyzerPropertyDependencies();
    dependencies.setUrnsList([...urns]);
    message.getPropertydependenciesMap().set(key, dependencies);
  }
  return message;
}

/** Plan resources (or any {@link AnalyzerResourceInput}s) → the resources of an `AnalyzeStack` request. */
export function toAnalyzerResources(
  resources: readonly AnalyzerResourceInput[],
  serialize: SerializeOptions = {},
): analyzerProto.AnalyzerResource[] {
  return resources.map((resource) => toAnalyzerResource(resource, resources, serialize));
}

/** An `Analyze` request for one resource, as the engine sends before the resource's step. */
export function toAnalyzeRequest(
  resource: AnalyzerResourceInput,
  provider?: AnalyzerResourceInput,
  serialize: SerializeOptions = {},
): analyzerProto.AnalyzeRequest {
  return withResource(new analyzerProto.AnalyzeRequest(), resource, provider, serialize);
}
