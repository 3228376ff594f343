/**
 * Every Kubernetes object an eks cell plans, checked against the Kubernetes API schemas (kubernetes-models): types
 * and values with the library's validators, and no field its schema does not declare (test/support/kubernetes-schema).
 * The objects are collected from the mock-runtime plan of the eks test cell, as `cells plan` records them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../../../tools/lib/plan-file";
import { modelFor, schemaChecker, type SchemaChecker } from "../../support/kubernetes-schema";
import { synthesizeEksCell } from "./eks-cell";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
let objects: PlannedResource[];
let checker: SchemaChecker;

beforeAll(async () => {
  const stack = await synthesizeEksCell();
  objects = stack.plan.resources.filter((resource) => resource.type.startsWith("kubernetes:"));
  checker = schemaChecker([...new Set(objects.map((resource) => resource.type))]);
});

/** A deep copy of the planned Deployment's manifest, for breaking it. */
function deploymentManifest(): Record<string, unknown> {
  const deployment = objects.find((resource) => resource.type === DEPLOYMENT)!;
  return structuredClone(deployment.inputs);
}

function podSpec(manifest: Record<string, unknown>): Record<string, unknown> {
  const spec = manifest.spec as { template: { spec: Record<string, unknown> } };
  return spec.template.spec;
}

describe("the Kubernetes objects of an eks cell", () => {
  it("are every object the workload needs, each once (two NetworkPolicies: default deny and the app's allows)", () => {
    expect(objects.map((resource) => resource.type.split(":")[2]).sort()).toEqual([
      "Deployment",
      "HorizontalPodAutoscaler",
      "LimitRange",
      "Namespace",
      "NetworkPolicy",
      "NetworkPolicy",
      "PodDisruptionBudget",
      "ResourceQuota",
      "Service",
      "ServiceAccount",
    ]);
  });

  it("each pass the Kubernetes API schema of its kind (types, values, required fields)", async () => {
    for (const resource of objects) {
      const Model = await modelFor(resource.type);
      expect(resource.inputs.apiVersion, resource.name).toBeTypeOf("string");
      expect(() => new Model(resource.inputs).validate(), resource.name).not.toThrow();
    }
  });

  it("each declare only fields their schemas know", () => {
    for (const resource of objects) {
      expect(checker.undeclaredFields(resource.type, resource.inputs), resource.name).toEqual([]);
    }
  });
});

describe("the schema checks catch a broken manifest", () => {
  it("a wrongly typed field fails validation (replicas as a string)", async () => {
    const manifest = deploymentManifest();
    (manifest.spec as Record<string, unknown>).replicas = "2";
    const Deployment = await modelFor(DEPLOYMENT);
    expect(() => new Deployment(manifest).validate()).toThrow(/replicas/);
  });

  it("a misspelled field fails the declared-fields check, which the validators alone let through", async () => {
    const manifest = deploymentManifest();
    const container = (podSpec(manifest).containers as Record<string, unknown>[])[0];
    container.imag = container.image;
    delete container.image;
    const Deployment = await modelFor(DEPLOYMENT);
    expect(() => new Deployment(manifest).validate()).not.toThrow();
    expect(checker.undeclaredFields(DEPLOYMENT, manifest)).toEqual(["spec.template.spec.containers[0].imag"]);
  });

  it("a misplaced field fails it too (capabilities on the pod's securityContext, not the container's)", () => {
    const manifest = deploymentManifest();
    const pod = podSpec(manifest);
    pod.securityContext = { ...(pod.securityContext as object), capabilities: { drop: ["ALL"] } };
    expect(checker.undeclaredFields(DEPLOYMENT, manifest)).toEqual(["spec.template.spec.securityContext.capabilities"]);
  });
});
