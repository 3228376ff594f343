/**
 * Cases for access beside the cells (issue 11, items 4 and 5): S3 ACLs and TLS-only bucket policies, ECR
 * repositories, resource policies open to "*", and OIDC trust. Sources translated (not copied) are named per case:
 * checkov's tests/terraform/checks/resource/aws fixtures and KICS query samples.
 */
import type { AnalyzerResourceInput, PropertyMap } from "../../tools/analyzer";
import * as ok from "./compliant";
import { ACCOUNT, CELL, cellResource, cellStack, iamDocument, mandatory } from "./harness";
import type { ResourceCase } from "./resource-cases";
import type { StackCase } from "./stack-cases";

type Build = (overrides?: PropertyMap, name?: string) => AnalyzerResourceInput;

const build =
  (type: string, defaultName: string, base: PropertyMap): Build =>
  (overrides = {}, name = defaultName) =>
    cellResource(type, name, { ...base, ...overrides });

const repository = build("aws:ecr/repository:Repository", `${CELL}-images`, {
  imageTagMutability: "IMMUTABLE",
  imageScanningConfiguration: { scanOnPush: true },
});
const bucketAcl = build("aws:s3/bucketAclV2:BucketAclV2", `${CELL}-artifacts-acl`, {
  bucket: `${CELL}-artifacts`,
  acl: "private",
});

const GITHUB = "token.actions.githubusercontent.com";
const githubRole = (condition: PropertyMap | undefined): AnalyzerResourceInput =>
  ok.role(
    {
      assumeRolePolicy: iamDocument({
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${GITHUB}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...(condition ? { Condition: condition } : {}),
      }),
    },
    `${CELL}-deploy`,
  );
const keyPolicy = (statement: PropertyMap): AnalyzerResourceInput =>
  cellResource("aws:kms/keyPolicy:KeyPolicy", `${CELL}-key-policy`, {
    keyId: "key-1",
    policy: iamDocument({ Effect: "Allow", Resource: "*", ...statement }),
  });
const queueOpenTo = (statement: PropertyMap): AnalyzerResourceInput =>
  ok.queue({
    policy: iamDocument({ Effect: "Allow", Action: "sqs:SendMessage", Resource: ok.QUEUE_ARN, ...statement }),
  });

export const ACCESS_RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "ecr-repository",
    compliant: [repository()],
    violating: [
      // checkov example_ECRImmutableTags and example_ECRImageScanning defaults: MUTABLE, no scan on push.
      {
        title: "mutable tags, no scanning",
        resource: repository({ imageTagMutability: "MUTABLE", imageScanningConfiguration: undefined }),
        violations: 2,
      },
    ],
  },
  {
    policy: "s3-no-public-acl",
    compliant: [bucketAcl()],
    violating: [
      // checkov example_S3PublicACLRead / Write: acl "public-read" and "public-read-write"; BucketAcl grants.
      { title: 'BucketAclV2 "public-read-write"', resource: bucketAcl({ acl: "public-read-write" }) },
      {
        title: "BucketAclV2 grant to AllUsers",
        resource: bucketAcl({
          acl: undefined,
          accessControlPolicy: {
            owner: { id: "owner" },
            grants: [
              {
                permission: "READ",
                grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
              },
            ],
          },
        }),
      },
    ],
  },
  {
    policy: "resource-policy-not-public",
    compliant: [
      keyPolicy({
        Principal: { AWS: "*" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "sqs.us-east-1.amazonaws.com" } },
      }),
      queueOpenTo({
        Principal: { Service: "sns.amazonaws.com" },
        Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:sns:topic" } },
      }),
      queueOpenTo({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
    ],
    violating: [
      { title: 'KMS key policy granting kms:* to "*"', resource: keyPolicy({ Principal: "*", Action: "kms:*" }) },
      // checkov example_SQSQueuePolicyAnyPrincipal-style: Principal "*" without a condition.
      { title: 'SQS policy to "*"', resource: queueOpenTo({ Principal: "*" }) },
      {
        title: 'SNS topic policy to { AWS: "*" } with a tag condition only',
        resource: ok.topic({
          policy: iamDocument({
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sns:Publish",
            Resource: "arn:aws:sns:topic",
            Condition: { StringEquals: { "aws:ResourceTag/team": "orders" } },
          }),
        }),
      },
    ],
  },
  {
    policy: "iam-oidc-trust-scoped",
    compliant: [
      githubRole({
        StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
        StringLike: { [`${GITHUB}:sub`]: "repo:acme/cellplane:ref:refs/heads/main" },
      }),
    ],
    violating: [
      { title: "GitHub Actions trust without conditions", resource: githubRole(undefined), violations: 2 },
      {
        title: 'GitHub Actions trust with sub "*"',
        resource: githubRole({
          StringEquals: { [`${GITHUB}:aud`]: "sts.amazonaws.com" },
          StringLike: { [`${GITHUB}:sub`]: "*" },
        }),
      },
    ],
  },
];

export const ACCESS_STACK_CASES: StackCase[] = [
  {
    policy: "s3-tls-only",
    compliant: [{ title: "a bucket with a DenyInsecureTransport policy", stack: cellStack(...ok.privateBucket()) }],
    violating: [
      {
        title: "a bucket whose policy denies plaintext on GetObject only",
        stack: cellStack(
          ...ok.privateBucket().map((entry) =>
            entry.type === "aws:s3/bucketPolicy:BucketPolicy"
              ? {
                  ...entry,
                  inputs: {
                    ...entry.inputs,
                    policy: iamDocument({
                      Effect: "Deny",
                      Principal: "*",
                      Action: "s3:GetObject",
                      Resource: "arn:aws:s3:::x/*",
                      Condition: { Bool: { "aws:SecureTransport": "false" } },
                    }),
                  },
                }
              : entry,
          ),
        ),
        expected: mandatory("s3-tls-only"),
      },
    ],
  },
];
