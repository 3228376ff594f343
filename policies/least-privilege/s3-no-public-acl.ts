import { securityHub, STANDARDS_NOT_CHECKED } from "../lib/controls";
import { eachFinding, notYetCheckable, violation, type Finding } from "../lib/findings";
import type { CheckedResource, ResourcePolicyDefinition } from "../lib/policy";
import { at, isUnknown, listOf, type Plain } from "../lib/values";

const PUBLIC_CANNED_ACLS = new Set(["public-read", "public-read-write", "authenticated-read"]);
/** The grantee groups that mean everyone, and every AWS account holder. */
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)$/;

function grantFindings(resource: CheckedResource, grants: readonly Plain[], where: string): Finding[] {
  return eachFinding(grants, (grant, index) => {
    const uri = at(grant, "uri") ?? at(grant, "grantee", "uri");
    if (isUnknown(uri)) {
      return [notYetCheckable(`${where}[${index}] grantee`)];
    }
    return typeof uri === "string" && PUBLIC_GROUPS.test(uri)
      ? [violation(`${resource.name} grants ${uri.slice(uri.lastIndexOf("/") + 1)} access through ${where}[${index}]`)]
      : [];
  });
}

function check(resource: CheckedResource): Finding[] {
  const acl = at(resource.props, "acl");
  const grants = listOf(at(resource.props, "grants") ?? at(resource.props, "accessControlPolicy", "grants"));
  if (isUnknown(acl) || isUnknown(grants)) {
    return [notYetCheckable("acl / grants")];
  }
  const canned =
    typeof acl === "string" && PUBLIC_CANNED_ACLS.has(acl)
      ? [violation(`${resource.name} has the public canned ACL "${acl}": use "private" and a bucket policy instead`)]
      : [];
  return [...canned, ...grantFindings(resource, grants, "grants")];
}

export const s3NoPublicAcl: ResourcePolicyDefinition = {
  scope: "resource",
  name: "s3-no-public-acl",
  description:
    "S3 buckets and bucket ACLs (Bucket, BucketV2, BucketAcl, BucketAclV2) grant nothing to AllUsers or " +
    'AuthenticatedUsers: no "public-read", "public-read-write" or "authenticated-read" canned ACL, no such grantee.',
  group: "least-privilege",
  severity: "critical",
  enforcementLevel: "mandatory",
  controls: [
    securityHub("S3.2", "S3 general purpose buckets should block public read access", STANDARDS_NOT_CHECKED),
    securityHub("S3.3", "S3 general purpose buckets should block public write access", STANDARDS_NOT_CHECKED),
  ],
  references: [
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2",
    "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-3",
  ],
  remediation:
    'Remove the ACL (Object Ownership "BucketOwnerEnforced" disables ACLs) or set `acl: "private"`; grant access ' +
    "with a bucket policy naming the principals.",
  resourceTypes: [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucketAcl:BucketAcl",
    "aws:s3/bucketAclV2:BucketAclV2",
  ],
  check,
};
