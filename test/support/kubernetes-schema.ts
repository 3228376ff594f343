/**
 * Kubernetes manifests checked against the Kubernetes API schemas, twice over, with kubernetes-models (generated from
 * the Kubernetes OpenAPI document):
 *
 * 1. `validate()`: the library's own JSON-schema validators. They reject wrong types and values (`replicas: "2"`)
 *    but, like the API schemas they come from, they do not reject fields a schema does not declare.
 * 2. {@link SchemaChecker.undeclaredFields}: every key of the manifest must be a property its schema declares, read
 *    from the library's type definitions (one interface per schema, the same names and nesting) with the TypeScript
 *    compiler, so a misspelled (`containers[0].imag`) or misplaced field (`capabilities` on the pod's
 *    securityContext) fails as the API server's strict field validation would reject it.
 */
import * as path from "node:path";
import ts from "typescript";

const MODELS_DIR = path.dirname(require.resolve("kubernetes-models/package.json"));

/** `kubernetes:apps/v1:Deployment` → `apps/v1/Deployment` (core types live under `v1/`). */
export function modelPath(type: string): string {
  const [, groupVersion = "", kind = ""] = type.split(":");
  return `${groupVersion.replace(/^core\//, "")}/${kind}`;
}

/** A kubernetes-models model: `new Model(data).validate()` throws on a schema violation. */
export interface KubernetesModel {
  validate(): void;
}
type ModelClass = new (data: object) => KubernetesModel;

/** The model class of a Pulumi Kubernetes type token (the package is ESM: imported, not required). */
export async function modelFor(type: string): Promise<ModelClass> {
  const kind = type.split(":")[2] ?? "";
  const module = (await import(/* @vite-ignore */ `kubernetes-models/${modelPath(type)}`)) as Record<
    string,
    ModelClass
  >;
  const model = module[kind];
  if (!model) {
    throw new Error(`kubernetes-models has no ${kind} in ${modelPath(type)}`);
  }
  return model;
}

/** Checks manifests of the given types for fields their schemas do not declare (one compiler run for all). */
export interface SchemaChecker {
  /**
   * Paths of every field in `manifest` that its schema does not declare (`spec.template.spec.containers[0].imag`),
   * empty when every key is known. Maps (labels, annotations, resource lists) take any key.
   */
  undeclaredFields(type: string, manifest: unknown): string[];
}

export function schemaChecker(types: readonly string[]): SchemaChecker {
  const files = new Map(types.map((type) => [type, path.join(MODELS_DIR, `${modelPath(type)}.d.ts`)]));
  const program = ts.createProgram([...new Set(files.values())], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const rootType = (type: string): ts.Type => {
    const file = files.get(type);
    const source = file === undefined ? undefined : program.getSourceFile(file);
    const kind = type.split(":")[2] ?? "";
    const symbol = source && checker.getSymbolAtLocation(source);
    const declared = symbol && checker.getExportsOfModule(symbol).find((entry) => entry.name === `I${kind}`);
    if (!declared) {
      throw new Error(`no interface I${kind} for ${type} (was it passed to schemaChecker?)`);
    }
    return checker.getDeclaredTypeOfSymbol(declared);
  };
  const walk = (value: unknown, schema: ts.Type, where: string, found: string[]): void => {
    const candidates = (schema.isUnion() ? schema.types : [schema]).map((member) => checker.getNonNullableType(member));
    if (Array.isArray(value)) {
      const element = candidates.map((member) => member.getNumberIndexType()).find((entry) => entry !== undefined);
      value.forEach((item, index) => element && walk(item, element, `${where}[${index}]`, found));
      return;
    }
    if (value === null || typeof value !== "object") {
      return;
    }
    const objects = candidates.filter((member) => member.getProperties().length > 0 || member.getStringIndexType());
    for (const [key, child] of Object.entries(value)) {
      const at = where ? `${where}.${key}` : key;
      const property = objects.map((member) => member.getProperty(key)).find((entry) => entry !== undefined);
      const map = objects.map((member) => member.getStringIndexType()).find((entry) => entry !== undefined);
      if (property) {
        walk(child, checker.getTypeOfSymbol(property), at, found);
      } else if (map) {
        walk(child, map, at, found);
      } else {
        found.push(at);
      }
    }
  };
  return {
    undeclaredFields(type, manifest) {
      const found: string[] = [];
      walk(manifest, rootType(type), "", found);
      return found;
    },
  };
}
