/**
 * For every resource policy: resources that comply (with the whole pack), and resources that break this policy
 * and no other, with the number of violations each should produce.
 */
import type { AnalyzerResourceInput } from "../../tools/analyzer";
import * as ok from "./compliant";
import { ACCOUNT, CELL, iamDocument } from "./harness";

export interface Violating {
  title: string;
  resource: AnalyzerResourceInput;
  violations?: number;
  /** The level the violations are reported at; mandatory unless the policy is advisory there. */
  level?: "advisory" | "mandatory";
}

export interface ResourceCase {
  policy: string;
  compliant: AnalyzerResourceInput[];
  violating: Violating[];
}

const QUEUE_ARN = ok.QUEUE_ARN;

export const RESOURCE_CASES: ResourceCase[] = [
  {
    policy: "sqs-queue-encrypted",
    compliant: [ok.queue()],
    violating: [
      {
        title: 'SSE-SQS switched off, no key (KICS "SQS With SSE Disabled", positive test 1)',
        resource: ok.queue({ kmsMasterKeyId: undefined, sqsManagedSseEnabled: false }),
      },
      { title: "empty key id, SSE-SQS off", resource: ok.queue({ kmsMasterKeyId: "", sqsManagedSseEnabled: false }) },
    ],
  },
  {
    policy: "sns-topic-encrypted",
    compliant: [ok.topic()],
    violating: [{ title: "no key", resource: ok.topic({ kmsMasterKeyId: undefined }) }],
  },
  {
    policy: "rds-storage-encrypted",
    compliant: [
      ok.dbCluster(),
      ok.dbInstance(),
      // Issue 11, item 7: a cross-region read replica encrypted with a key of its own region inherits encryption.
      ok.dbInstance(
        {
          replicateSourceDb: `arn:aws:rds:us-east-1:${ACCOUNT}:db:${CELL}-reports-db`,
          storageEncrypted: undefined,
          kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/replica-key`,
          backupRetentionPeriod: undefined,
          multiAz: undefined,
        },
        `${CELL}-reports-replica`,
      ),
    ],
    violating: [
      {
        title: "cluster without storageEncrypted (missing counts as unencrypted)",
        resource: ok.dbCluster({ storageEncrypted: undefined, kmsKeyId: undefined }),
      },
      { title: "instance with storageEncrypted false", resource: ok.dbInstance({ storageEncrypted: false }) },
    ],
  },
  {
    policy: "elasticache-encrypted",
    compliant: [
      ok.cache(),
      ok.cache({ authToken: undefined, userGroupIds: [`${CELL}-users`] }),
      ok.cache({ transitEncryptionMode: undefined }, `${CELL}-cache-default-mode`),
    ],
    violating: [
      {
        title: "no transit encryption, no auth",
        resource: ok.cache({ transitEncryptionEnabled: false, authToken: undefined }),
        violations: 2,
      },
      { title: "at rest unset", resource: ok.cache({ atRestEncryptionEnabled: undefined }) },
      // "preferred" is the migration mode that still accepts plaintext clients.
      { title: 'transitEncryptionMode "preferred"', resource: ok.cache({ transitEncryptionMode: "preferred" }) },
    ],
  },
  {
    policy: "ebs-volume-encrypted",
    compliant: [ok.volume()],
    violating: [{ title: "encrypted unset", resource: ok.volume({ encrypted: undefined, kmsKeyId: undefined }) }],
  },
  {
    policy: "ec2-block-devices-encrypted",
    compliant: [ok.instance(), ok.launchTemplate(), ok.launchConfiguration()],
    violating: [
      { title: "instance root volume unencrypted", resource: ok.instance({ rootBlockDevice: { encrypted: false } }) },
      {
        title: "instance without rootBlockDevice, one unencrypted EBS device",
        resource: ok.instance({ rootBlockDevice: undefined, ebsBlockDevices: [{ deviceName: "/dev/sdf" }] }),
        violations: 2,
      },
      {
        title: 'launch template ebs.encrypted "false" (a string)',
        resource: ok.launchTemplate({
          blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }],
        }),
      },
      {
        title: "launch template without block device mappings",
        resource: ok.launchTemplate({ blockDeviceMappings: undefined }),
      },
      {
        title: "launch configuration root volume unencrypted",
        resource: ok.launchConfiguration({ rootBlockDevice: { encrypted: false } }),
      },
    ],
  },
  {
    policy: "kms-key-rotation",
    compliant: [
      ok.kmsKey(),
      ok.kmsKey(
        { enableKeyRotation: undefined, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" },
        `${CELL}-signing-key`,
      ),
    ],
    violating: [{ title: "rotation unset on a symmetric key", resource: ok.kmsKey({ enableKeyRotation: undefined }) }],
  },
  {
    policy: "log-group-encrypted",
    compliant: [ok.logGroup()],
    violating: [{ title: "no key", resource: ok.logGroup({ kmsKeyId: undefined }) }],
  },
  {
    policy: "secret-encrypted",
    compliant: [ok.secretResource()],
    violating: [{ title: "account default key", resource: ok.secretResource({ kmsKeyId: undefined }) }],
  },
  {
    policy: "eks-secrets-encrypted",
    compliant: [ok.eksCluster()],
    violating: [
      { title: "no encryptionConfig", resource: ok.eksCluster({ encryptionConfig: undefined }) },
      {
        title: "encryptionConfig without a key",
        resource: ok.eksCluster({ encryptionConfig: { resources: ["secrets"], provider: {} } }),
      },
    ],
  },
  {
    policy: "lb-listener-tls",
    compliant: [
      ok.httpsListener(),
      ok.httpRedirectListener(),
      ok.httpsListener({ protocol: "TCP", sslPolicy: undefined }, `${CELL}-nlb-tcp`),
    ],
    violating: [
      {
        title: "HTTPS with ELBSecurityPolicy-2016-08 (TLS 1.0)",
        resource: ok.httpsListener({ sslPolicy: "ELBSecurityPolicy-2016-08" }),
      },
      {
        title: "HTTPS with TLS13-1-1 (TLS 1.1)",
        resource: ok.httpsListener({ sslPolicy: "ELBSecurityPolicy-TLS13-1-1-2021-06" }),
      },
      {
        title: "plain HTTP forwarding",
        resource: ok.httpRedirectListener({
          defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:tg" }],
        }),
      },
      {
        title: "protocol unset (HTTP) without redirect",
        resource: ok.httpRedirectListener({ protocol: undefined, defaultActions: [{ type: "fixed-response" }] }),
      },
    ],
  },
  {
    policy: "iam-document-valid",
    compliant: [ok.managedPolicy(), ok.role()],
    violating: [
      {
        title: "malformed JSON string",
        resource: ok.managedPolicy({ policy: '{"Version": "2012-10-17", "Statement": [' }),
      },
      {
        title: "Effect neither Allow nor Deny",
        resource: ok.rolePolicy({
          policy: iamDocument({ Effect: "Permit", Action: "sqs:SendMessage", Resource: QUEUE_ARN }),
        }),
      },
      { title: "trust policy without Statement", resource: ok.role({ assumeRolePolicy: { Version: "2012-10-17" } }) },
    ],
  },
  {
    policy: "iam-no-wildcard-actions",
    compliant: [
      ok.managedPolicy(),
      ok.rolePolicy({ policy: iamDocument({ Effect: "Deny", Action: "*", Resource: "*" }) }),
    ],
    violating: [
      {
        title: '"*" action, document as a JSON string',
        resource: ok.managedPolicy({ policy: iamDocument({ Effect: "Allow", Action: "*", Resource: QUEUE_ARN }) }),
      },
      {
        title: '"sqs:*", document as an object with a single statement (not a list)',
        resource: ok.rolePolicy({
          policy: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "sqs:*", Resource: QUEUE_ARN } },
        }),
      },
      {
        title: "Allow with NotAction in a role's inlinePolicies",
        resource: ok.role({
          inlinePolicies: [
            { name: "broad", policy: iamDocument({ Effect: "Allow", NotAction: "iam:*", Resource: QUEUE_ARN }) },
          ],
        }),
      },
    ],
  },
  {
    policy: "iam-no-wildcard-resources",
    compliant: [
      ok.managedPolicy(),
      ok.rolePolicy({
        policy: iamDocument({ Effect: "Allow", Action: ["ec2:Describe*", "sts:GetCallerIdentity"], Resource: "*" }),
      }),
    ],
    violating: [
      {
        title: "iam:PassRole on *",
        resource: ok.rolePolicy({ policy: iamDocument({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) }),
      },
      {
        title: "kms:Decrypt on * (object document, list of statements)",
        resource: ok.managedPolicy({
          policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["kms:Decrypt"], Resource: ["*"] }] },
        }),
      },
      {
        title: "sqs:*Message on arn:aws:sqs:*:*:*",
        resource: ok.rolePolicy({
          policy: iamDocument({ Effect: "Allow", Action: "sqs:*Message", Resource: "arn:aws:sqs:*:*:*" }),
        }),
      },
      {
        title: "Allow with NotResource",
        resource: ok.rolePolicy({
          policy: iamDocument({ Effect: "Allow", Action: "sqs:SendMessage", NotResource: QUEUE_ARN }),
        }),
      },
    ],
  },
  {
    policy: "iam-no-admin-attachments",
    compliant: [
      ok.roleAttachment(),
      ok.role({ managedPolicyArns: ["arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"] }),
    ],
    violating: [
      {
        title: "AdministratorAccess attachment",
        resource: ok.roleAttachment({ policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }),
      },
      {
        title: "PowerUserAccess in managedPolicyArns",
        resource: ok.role({ managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] }),
      },
      {
        title: "IAMFullAccess in GovCloud",
        resource: ok.roleAttachment({ policyArn: "arn:aws-us-gov:iam::aws:policy/IAMFullAccess" }),
      },
    ],
  },
  {
    policy: "iam-trust-no-wildcard-principal",
    compliant: [ok.role()],
    violating: [
      {
        title: 'Principal "*"',
        resource: ok.role({
          assumeRolePolicy: iamDocument({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }),
        }),
      },
      {
        title: 'Principal { AWS: ["*"] } (object document)',
        resource: ok.role({
          assumeRolePolicy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" }],
          },
        }),
      },
    ],
  },
  {
    policy: "security-group-no-public-ingress",
    compliant: [
      ok.securityGroup(),
      ok.securityGroupRule(),
      ok.ingressRule(),
      ok.securityGroupRule(
        { type: "egress", cidrBlocks: ["0.0.0.0/0"], sourceSecurityGroupId: undefined },
        `${CELL}-egress`,
      ),
    ],
    violating: [
      {
        title: "inline SSH from 0.0.0.0/0",
        resource: ok.securityGroup({
          ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }],
        }),
      },
      {
        title: "SecurityGroupRule RDP from ::/0",
        resource: ok.securityGroupRule({
          fromPort: 3389,
          toPort: 3389,
          sourceSecurityGroupId: undefined,
          ipv6CidrBlocks: ["::/0"],
        }),
      },
      {
        title: "vpc.SecurityGroupIngressRule all traffic from 0.0.0.0/0",
        resource: ok.ingressRule({ ipProtocol: "-1", fromPort: undefined, toPort: undefined }),
      },
      { title: "port range 80-443 from 0.0.0.0/0", resource: ok.ingressRule({ fromPort: 80, toPort: 443 }) },
    ],
  },
  {
    policy: "ec2-no-public-ip",
    compliant: [ok.instance(), ok.launchTemplate(), ok.launchConfiguration()],
    violating: [
      { title: "instance associatePublicIpAddress", resource: ok.instance({ associatePublicIpAddress: true }) },
      {
        title: 'launch template interface associatePublicIpAddress "true"',
        resource: ok.launchTemplate({ networkInterfaces: [{ associatePublicIpAddress: "true", deviceIndex: 0 }] }),
      },
      {
        title: "launch configuration with a public IP",
        resource: ok.launchConfiguration({ associatePublicIpAddress: true }),
      },
    ],
  },
  {
    policy: "ec2-imdsv2-required",
    compliant: [
      ok.instance(),
      ok.launchTemplate(),
      ok.instance({ metadataOptions: { httpEndpoint: "disabled" } }, `${CELL}-no-imds`),
      ok.launchConfiguration(),
    ],
    violating: [
      { title: "instance httpTokens optional", resource: ok.instance({ metadataOptions: { httpTokens: "optional" } }) },
      { title: "launch template without metadataOptions", resource: ok.launchTemplate({ metadataOptions: undefined }) },
      {
        title: "launch configuration without metadataOptions",
        resource: ok.launchConfiguration({ metadataOptions: undefined }),
      },
    ],
  },
  {
    policy: "rds-not-public",
    compliant: [ok.dbInstance(), ok.dbClusterInstance()],
    violating: [
      { title: "DB instance publicly accessible", resource: ok.dbInstance({ publiclyAccessible: true }) },
      { title: "cluster instance publicly accessible", resource: ok.dbClusterInstance({ publiclyAccessible: true }) },
    ],
  },
  {
    policy: "eks-endpoint-restricted",
    compliant: [
      ok.eksCluster(),
      ok.eksCluster(
        { vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } },
        `${CELL}-eks-ops`,
      ),
    ],
    violating: [
      {
        title: "public endpoint, no CIDRs (defaults to 0.0.0.0/0)",
        resource: ok.eksCluster({ vpcConfig: { subnetIds: ["subnet-1"] } }),
      },
      {
        title: "public endpoint open to 0.0.0.0/0",
        resource: ok.eksCluster({
          vpcConfig: { subnetIds: ["subnet-1"], endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] },
        }),
      },
    ],
  },
  {
    policy: "k8s-no-privileged-containers",
    compliant: [
      ok.deployment(),
      ok.deployment({}, "kubernetes:core/v1:Pod"),
      ok.deployment({}, "kubernetes:batch/v1:CronJob"),
    ],
    violating: [
      {
        title: "privileged container in a DaemonSet",
        resource: ok.deployment(ok.restrictedContainer({ privileged: true }), "kubernetes:apps/v1:DaemonSet"),
      },
    ],
  },
  {
    policy: "k8s-no-host-namespaces",
    compliant: [ok.deployment({ hostNetwork: false })],
    violating: [
      {
        title: "hostNetwork and hostPID on a StatefulSet",
        resource: ok.deployment({ hostNetwork: true, hostPID: true }, "kubernetes:apps/v1:StatefulSet"),
        violations: 2,
      },
    ],
  },
  {
    policy: "k8s-no-privilege-escalation",
    compliant: [ok.deployment({}, "kubernetes:batch/v1:Job")],
    violating: [
      {
        title: "allowPrivilegeEscalation unset on a Job",
        resource: ok.deployment(
          ok.restrictedContainer({ allowPrivilegeEscalation: undefined }),
          "kubernetes:batch/v1:Job",
        ),
      },
    ],
  },
  {
    policy: "k8s-run-as-non-root",
    compliant: [
      ok.deployment({
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        ...ok.restrictedContainer({ runAsNonRoot: true, runAsUser: 1000 }),
      }),
    ],
    violating: [
      {
        title: "runAsNonRoot unset on pod and container",
        resource: ok.deployment({ securityContext: { seccompProfile: { type: "RuntimeDefault" } } }),
      },
      {
        title: "container runAsUser 0 overrides the pod",
        resource: ok.deployment(ok.restrictedContainer({ runAsUser: 0 }), "kubernetes:core/v1:Pod"),
      },
    ],
  },
  {
    policy: "k8s-drop-all-capabilities",
    compliant: [ok.deployment(ok.restrictedContainer({ capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } }))],
    violating: [
      {
        title: "drops only NET_RAW",
        resource: ok.deployment(ok.restrictedContainer({ capabilities: { drop: ["NET_RAW"] } })),
      },
      {
        title: "adds SYS_ADMIN",
        resource: ok.deployment(ok.restrictedContainer({ capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } })),
      },
    ],
  },
  {
    policy: "k8s-seccomp-runtime-default",
    compliant: [
      ok.deployment({
        securityContext: { runAsNonRoot: true },
        ...ok.restrictedContainer({ seccompProfile: { type: "RuntimeDefault" } }),
      }),
    ],
    violating: [
      { title: "no seccomp profile", resource: ok.deployment({ securityContext: { runAsNonRoot: true } }) },
      {
        title: "container Unconfined overrides the pod",
        resource: ok.deployment(ok.restrictedContainer({ seccompProfile: { type: "Unconfined" } })),
      },
    ],
  },
];
