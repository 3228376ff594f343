/** Plan resources → AnalyzerResource / AnalyzeRequest messages. */
import { describe, expect, it } from "vitest";
import {
  findProvider,
  toAnalyzeRequest,
  toAnalyzerResources,
  type AnalyzerResourceInput,
} from "../../../tools/analyzer";
import type { PlannedResource } from "../../../tools/lib/plan-file";

const STACK = "urn:pulumi:cell-use1-a::cellplane";
const provider: PlannedResource = {
  urn: `${STACK}::pulumi:providers:aws::use1-a-aws`,
  type: "pulumi:providers:aws",
  name: "use1-a-aws",
  inputs: { region: "us-east-1" },
  dependencies: [],
};
const component: PlannedResource = {
  urn: `${STACK}::cellplane:cell:CellQueue::use1-a-orders`,
  type: "cellplane:cell:CellQueue",
  name: "use1-a-orders",
  component: true,
  inputs: {},
  dependencies: [],
};
const queue: PlannedResource = {
  urn: `${STACK}::cellplane:cell:CellQueue$aws:sqs/queue:Queue::use1-a-orders-queue`,
  type: "aws:sqs/queue:Queue",
  name: "use1-a-orders-queue",
  parent: component.urn,
  inputs: { name: "use1-a-orders", kmsMasterKeyId: "[unknown]" },
  dependencies: [provider.urn],
  protect: true,
  provider: `${provider.urn}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
};

describe("plan resources as Analyzer messages", () => {
  it("a plan file's resources are accepted as they are, provider references resolved", () => {
    const resources: AnalyzerResourceInput[] = [provider, component, queue];
    expect(findProvider(queue.provider, resources)).toBe(provider);
    const [, , message] = toAnalyzerResources(resources);
    expect(message.getUrn()).toBe(queue.urn);
    expect(message.getParent()).toBe(component.urn);
    expect(message.getDependenciesList()).toEqual([provider.urn]);
    expect(message.getOptions()?.getProtect()).toBe(true);
    expect(message.getOptions()?.getParent()).toBe(component.urn);
    expect(message.getProvider()?.getUrn()).toBe(provider.urn);
    expect(message.getProvider()?.getProperties()?.toJavaScript()).toEqual({ region: "us-east-1" });
    expect(message.getProperties()?.toJavaScript()).toEqual({
      name: "use1-a-orders",
      kmsMasterKeyId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    });
  });

  it("an Analyze request carries the resource and the provider given with it", () => {
    const request = toAnalyzeRequest(queue, provider);
    expect([request.getUrn(), request.getType(), request.getName()]).toEqual([queue.urn, queue.type, queue.name]);
    expect(request.getProvider()?.getName()).toBe("use1-a-aws");
    expect(request.getOptions()?.getCustomtimeouts()).toBeDefined();
  });

  it("property dependencies travel as the engine sends them", () => {
    const [message] = toAnalyzerResources([{ ...queue, propertyDependencies: { bucket: [provider.urn] } }]);
    expect(message.getPropertydependenciesMap().get("bucket")?.getUrnsList()).toEqual([provider.urn]);
  });
});
