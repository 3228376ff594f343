/**
 * Where IAM documents live on AWS resources, and one runner that checks every granting statement of them, so
 * each IAM policy only states what is wrong with a statement.
 */
import { notYetCheckable, verdictFindings, type Finding, type Verdict } from "./findings";
import { readPolicyDocument, statementLabel, type DocumentRead, type Statement } from "./iam-document";
import type { CheckedResource } from "./policy";
import { at, isUnknown, listOf, type Plain } from "./values";

/** identity: grants to a principal; trust: who may assume a role; resource: who may use a resource. */
export type DocumentRole = "identity" | "trust" | "resource";

export interface LocatedDocument {
  role: DocumentRole;
  /** Where on the resource the document sits, e.g. `inlinePolicies[0].policy`. */
  path: string;
  input: Plain | undefined;
}

const IDENTITY_POLICY_TYPES = [
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/userPolicy:UserPolicy",
  "aws:iam/groupPolicy:GroupPolicy",
];
const ROLE = "aws:iam/role:Role";
const RESOURCE_POLICY_TYPES = [
  "aws:sqs/queue:Queue",
  "aws:sqs/queuePolicy:QueuePolicy",
  "aws:sns/topic:Topic",
  "aws:sns/topicPolicy:TopicPolicy",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:kms/key:Key",
  "aws:kms/keyPolicy:KeyPolicy",
  "aws:secretsmanager/secret:Secret",
  "aws:secretsmanager/secretPolicy:SecretPolicy",
  "aws:ecr/repositoryPolicy:RepositoryPolicy",
];

/** Resource types that carry documents of the given roles. */
export function typesWithDocuments(roles: readonly DocumentRole[]): string[] {
  return [
    ...(roles.includes("identity") ? [...IDENTITY_POLICY_TYPES, ROLE] : []),
    ...(roles.includes("trust") && !roles.includes("identity") ? [ROLE] : []),
    ...(roles.includes("resource") ? RESOURCE_POLICY_TYPES : []),
  ];
}

export function documentsOf(resource: CheckedResource, roles: readonly DocumentRole[]): LocatedDocument[] {
  const located: LocatedDocument[] = [];
  if (roles.includes("identity") && IDENTITY_POLICY_TYPES.includes(resource.type)) {
    located.push({ role: "identity", path: "policy", input: at(resource.props, "policy") });
  }
  if (roles.includes("identity") && resource.type === ROLE) {
    located.push(...inlinePolicies(resource));
  }
  if (roles.includes("trust") && resource.type === ROLE) {
    located.push({ role: "trust", path: "assumeRolePolicy", input: at(resource.props, "assumeRolePolicy") });
  }
  if (roles.includes("resource") && RESOURCE_POLICY_TYPES.includes(resource.type)) {
    located.push({ role: "resource", path: "policy", input: at(resource.props, "policy") });
  }
  // The provider treats an empty policy string as "no policy".
  return located.filter((document) => document.input !== undefined && document.input !== null && document.input !== "");
}

function inlinePolicies(role: CheckedResource): LocatedDocument[] {
  const entries = listOf(at(role.props, "inlinePolicies"));
  if (isUnknown(entries)) {
    return [{ role: "identity", path: "inlinePolicies", input: entries }];
  }
  return entries.map((entry, index) => ({
    role: "identity",
    path: `inlinePolicies[${index}].policy`,
    input: at(entry, "policy"),
  }));
}

/** Reads every document of `roles` on `resource`. */
export function readDocuments(
  resource: CheckedResource,
  roles: readonly DocumentRole[],
): { document: LocatedDocument; read: DocumentRead }[] {
  return documentsOf(resource, roles).map((document) => ({ document, read: readPolicyDocument(document.input) }));
}

/**
 * Checks every statement that grants (Effect Allow) in the documents of `roles`. A statement whose Effect is
 * still unknown is checked too, but its problems are reported as not yet checkable. Malformed documents are
 * left to `iam-document-valid`.
 */
export function checkGrantingStatements(
  resource: CheckedResource,
  roles: readonly DocumentRole[],
  judge: (statement: Statement, document: LocatedDocument) => Verdict,
): Finding[] {
  return readDocuments(resource, roles).flatMap(({ document, read }): Finding[] => {
    if (read.state === "unknown") {
      return [notYetCheckable(`${document.path} (the IAM document)`)];
    }
    if (read.state === "malformed") {
      return [];
    }
    return read.statements
      .filter((statement) => statement.effect !== "Deny")
      .flatMap((statement) => {
        const where = `${document.path} ${statementLabel(statement)}`;
        const result = judge(statement, document);
        if (isUnknown(statement.effect)) {
          return result.problems.length > 0 || result.undecided.length > 0 ? [notYetCheckable(`${where} Effect`)] : [];
        }
        return verdictFindings(result, `${resource.name}: ${where}`);
      });
  });
}
