/**
 * Physical names that must be unique in an account (IAM role names are account-global) yet predictable before the
 * resource exists (a key policy names the app role's ARN). Two environments of the same fleet can share an account
 * (e.g. `acme-staging/cellplane/cell-use1-a` and `acme/cellplane/cell-use1-a`), so such names carry a short hash of
 * the fully qualified stack: stable for a stack, different across stacks.
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** `<organization>/<project>/<stack>` of the running deployment (`organization` when the backend has none). */
export function qualifiedStack(): string {
  let organization = "organization";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // Only the offline plan runs without an organization; the engine always sets one.
  }
  return `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

/** 8 hex characters identifying `stack` (default: the running one). */
export function stackHash(stack: string = qualifiedStack()): string {
  return createHash("sha256").update(stack).digest("hex").slice(0, 8);
}

/** `<base>-<stack hash>`: e.g. `use1-a-app-3f9c2a1b`. At most 64 characters, IAM's limit for role names. */
export function stackScopedName(base: string, stack?: string): string {
  const name = `${base}-${stackHash(stack)}`;
  if (name.length > 64) {
    throw new Error(`${name} is longer than 64 characters; use a shorter base name`);
  }
  return name;
}
