/**
 * Secret rotations: a generated secret that is replaced (a `RandomPassword`, a private key) or a secret version
 * whose value changes hands a new value to every resource built from it. Plans mask secrets as `[secret]` on both
 * sides, so those consumers look unchanged; this finds them through the plan's dependency graph and names them,
 * with the property that carries a secret, never a value.
 */
import type { PlanFile, PlannedResource } from "../lib/plan-file";
import {
  compareStrings,
  type PropertyChange,
  type ResourceChange,
  type SecretConsumer,
  type SecretRotation,
} from "./model";
import { newResourceChange } from "./property-change";
import { forceNewRule } from "./risk-rules";
import { containsSecret, SECRET_DISPLAY } from "./values";

/** Types whose replacement generates a new secret value. */
export const GENERATED_SECRET_TYPES: ReadonlySet<string> = new Set([
  "random:index/randomPassword:RandomPassword",
  "random:index/randomString:RandomString",
  "tls:index/privateKey:PrivateKey",
]);
/** Types that hold a secret value: a change of that value is a rotation. */
export const SECRET_VERSION_TYPES: ReadonlySet<string> = new Set([
  "aws:secretsmanager/secretVersion:SecretVersion",
  "aws:ssm/parameter:Parameter",
]);

export function isRotation(change: ResourceChange): boolean {
  if (GENERATED_SECRET_TYPES.has(change.type)) {
    return change.kind === "replace";
  }
  return (
    SECRET_VERSION_TYPES.has(change.type) &&
    (change.kind === "replace" || change.kind === "update") &&
    change.properties.some((property) => property.secret)
  );
}

/**
 * Finds the rotations among `changes` and marks their consumers in place: a consumer not yet listed is added as
 * an update, and each gets a `[secret]` change on the inputs that carry a secret, plus a note naming the source.
 */
export function applySecretRotations(changes: ResourceChange[], head: PlanFile | undefined): SecretRotation[] {
  const rotations: SecretRotation[] = [];
  const resources = (head?.resources ?? []).filter((resource) => resource.component !== true);
  for (const rotated of changes.filter(isRotation)) {
    const consumers = resources
      .filter((resource) => resource.dependencies.includes(rotated.urn))
      .map((resource) => markConsumer(changes, resource, rotated));
    rotations.push({ urn: rotated.urn, name: rotated.name, type: rotated.type, consumers });
  }
  changes.sort((a, b) => compareStrings(a.urn, b.urn));
  return rotations;
}

function markConsumer(changes: ResourceChange[], resource: PlannedResource, source: ResourceChange): SecretConsumer {
  let change = changes.find((candidate) => candidate.urn === resource.urn);
  if (change === undefined) {
    change = newResourceChange(resource.urn, resource.type, resource.name, "update");
    changes.push(change);
  }
  const properties = Object.keys(resource.inputs)
    .filter((key) => containsSecret(resource.inputs[key]))
    .sort(compareStrings);
  for (const key of properties) {
    if (!change.properties.some((property) => property.path === key)) {
      change.properties.push(secretChange(resource.type, key));
    }
  }
  change.properties.sort((a, b) => compareStrings(a.path, b.path));
  change.notes.push(`gets a new secret: \`${source.name}\` is rotated (value never shown)`);
  return { urn: resource.urn, name: resource.name, type: resource.type, properties };
}

function secretChange(type: string, key: string): PropertyChange {
  return {
    path: key,
    kind: "update",
    before: SECRET_DISPLAY,
    after: SECRET_DISPLAY,
    secret: true,
    forcesReplacement: forceNewRule(type, key) !== undefined,
  };
}
