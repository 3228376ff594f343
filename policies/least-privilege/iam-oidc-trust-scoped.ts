import { nist, NIST_800_53 } from "../lib/controls";
import { conditionKeys, type Statement } from "../lib/iam-document";
import { verdict, type Verdict } from "../lib/findings";
import { checkGrantingStatements } from "../lib/iam-sources";
import type { ResourcePolicyDefinition } from "../lib/policy";
import { isUnknown } from "../lib/values";

/** `arn:aws:iam::<account>:oidc-provider/<host>` → `<host>` (e.g. token.actions.githubusercontent.com). */
function oidcHost(value: string): string | undefined {
  const match = /:oidc-provider\/(.+)$/.exec(value);
  return match?.[1]?.toLowerCase();
}

/**
 * A role trusted through an OIDC provider is assumed by whoever holds a token from that provider: for GitHub
 * Actions, any workflow of any repository. The trust must pin the audience (`<host>:aud`) and the subject
 * (`<host>:sub`, e.g. `repo:org/repo:ref:refs/heads/main`), and the subject may not be a bare wildcard
 * (GitHub docs, "Configuring OpenID Connect in Amazon Web Services").
 */
function judge(statement: Statement): Verdict {
  const principals = statement.principal ?? [];
  if (isUnknown(principals)) {
    return verdict([], ["Principal"]);
  }
  const hosts = principals
    .filter((principal) => principal.kind === "Federated" && !isUnknown(principal.value))
    .map((principal) => oidcHost(principal.value as string))
    .filter((host): host is string => host !== undefined);
  if (hosts.length === 0) {
    return verdict();
  }
  const keys = conditionKeys(statement);
  if (isUnknown(keys)) {
    return verdict([], ["Condition"]);
  }
  return verdict(
    hosts.flatMap((host) => {
      const subjects = keys.get(`${host}:sub`) ?? [];
      return [
        keys.has(`${host}:aud`) ? "" : `trusts ${host} without a ${host}:aud condition (the expected audience)`,
        subjects.length === 0
          ? `trusts ${host} without a ${host}:sub condition: any identity of the provider may assume the role`
          : subjects.some((subject) => subject === "*" || subject === "repo:*")
            ? `trusts ${host} with a ${host}:sub of "*": name the repository and branch or environment`
            : "",
      ].filter((problem) => problem.length > 0);
    }),
  );
}

export const iamOidcTrustScoped: ResourcePolicyDefinition = {
  scope: "resource",
  name: "iam-oidc-trust-scoped",
  description:
    "Roles trusted through an OIDC provider (GitHub Actions, EKS service accounts, ...) pin the token's audience " +
    "and subject with `<provider>:aud` and `<provider>:sub` conditions, and the subject is not a bare wildcard.",
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [nist("AC-3", "Access enforcement"), nist("AC-6", "Least privilege")],
  references: [NIST_800_53],
  remediation:
    'Add `Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, ' +
    'StringLike: { "token.actions.githubusercontent.com:sub": "repo:<org>/<repo>:ref:refs/heads/main" } }` ' +
    "(or the provider's own keys) to the trust statement.",
  resourceTypes: ["aws:iam/role:Role"],
  check: (role) => checkGrantingStatements(role, ["trust"], judge),
};
