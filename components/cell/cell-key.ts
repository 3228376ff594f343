/**
 * CellKey: the cell's customer-managed KMS key and its alias `alias/cellplane/<cell-id>`. Every store of cell data
 * (database, cache, queues, secrets, log groups, EBS volumes, alarm topic) is encrypted with it, and its key policy
 * names exactly who may use it: the cell's roles, the AWS services the cell runs on in its own region, and the key
 * administrators. Nothing else in the account gets cryptographic use, not even through IAM.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  accountRootArn,
  deploymentAccount,
  policyDocument,
  roleArn,
  type AwsAccount,
  type PolicyStatement,
} from "../lib/iam";
import { cellTags, type CellIdentity } from "../lib/tags";
import { CELL_COMPONENT_PREFIX } from "../lib/tokens";
import { cellIdentityRules, integerInRange, validateArgs, type ArgRule } from "../lib/validation";

const COMPONENT = "CellKey";
/** KMS waits 7–30 days before deleting a key scheduled for deletion. */
const DELETION_WINDOW_DAYS = { min: 7, max: 30 };
/** Automatic rotation periods KMS accepts. */
const ROTATION_PERIOD_DAYS = { min: 90, max: 2560 };

export interface CellKeyArgs {
  /** The cell this key belongs to: names the alias and sets the cell tags. */
  cell: CellIdentity;
  /**
   * ARNs of the cell's IAM roles that encrypt and decrypt with the key (e.g. the app role `CellCompute` creates,
   * `arn:aws:iam::<account>:role/<cell-id>-app`). The roles may not exist yet: the key policy matches them by
   * `aws:PrincipalArn`, so a role created after the key (or re-created) is covered, and it still needs an IAM
   * policy that allows the action. May be empty.
   */
  keyUserRoleArns: pulumi.Input<string>[];
  /**
   * ARNs of the IAM roles that administer the key (policy, rotation, aliases, tags, deletion), never use it.
   * Default: the account root, i.e. principals whose IAM policies allow KMS administration. When set, the role that
   * runs `pulumi up` must be one of them, or KMS refuses the policy (it would lock the deployer out).
   */
  adminRoleArns?: string[];
  /** Days KMS waits before deleting the key once deletion is scheduled, 7–30. Default 30, the longest. */
  deletionWindowInDays?: number;
  /** Days between automatic rotations, 90–2560. Rotation is always on; default the KMS default (365). */
  rotationPeriodInDays?: number;
  /**
   * Services besides {@link VIA_SERVICES} that may use the key and create grants for AWS resources on callers'
   * behalf (`eks` for a Kubernetes cell: EKS creates a grant on the key to envelope-encrypt the cluster's secrets).
   * Default none.
   */
  extraViaServices?: readonly "eks"[];
  /** Key description. Default `cellplane <cell-id> data key`. */
  description?: string;
  /**
   * Pulumi `protect` on the key: losing it makes every backup and snapshot of the cell unreadable. Default true;
   * turn off only for tests and ephemeral cells (the deletion window still applies).
   */
  protect?: boolean;
}

/** Services the cell runs on that encrypt with the key on a caller's behalf (`kms:ViaService`). */
export const VIA_SERVICES = ["rds", "elasticache", "sqs", "secretsmanager", "sns", "ec2"] as const;

/** Cryptographic use of a symmetric key: no administration, no grants. */
export const KEY_USE_ACTIONS = [
  "kms:Encrypt",
  "kms:Decrypt",
  "kms:ReEncrypt*",
  "kms:GenerateDataKey*",
  "kms:DescribeKey",
];

/**
 * Key administration, listed action by action (the console's `kms:Create*`-style wildcards would include
 * `kms:CreateGrant`).
 */
export const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListKeyPolicies",
  "kms:ListKeyRotations",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:RotateKeyOnDemand",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/**
 * The service-linked role EC2 Auto Scaling launches instances with; it must exist in the account (account bootstrap).
 */
export const AUTOSCALING_SERVICE_ROLE = "aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

/** What the key hands to the rest of the cell. */
export interface CellKeyOutputs {
  keyArn: pulumi.Output<string>;
  keyId: pulumi.Output<string>;
  /** `alias/cellplane/<cell-id>`. */
  aliasName: string;
}

export class CellKey extends pulumi.ComponentResource {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
  readonly outputs: CellKeyOutputs;

  constructor(name: string, args: CellKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    validateArgs(COMPONENT, name, cellKeyRules(args));
    super(`${CELL_COMPONENT_PREFIX}:${COMPONENT}`, name, {}, opts);
    const account = deploymentAccount(this);

    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description ?? `cellplane ${args.cell.id} data key`,
        keyUsage: "ENCRYPT_DECRYPT",
        customerMasterKeySpec: "SYMMETRIC_DEFAULT",
        multiRegion: false,
        enableKeyRotation: true,
        rotationPeriodInDays: args.rotationPeriodInDays,
        deletionWindowInDays: args.deletionWindowInDays ?? 30,
        bypassPolicyLockoutSafetyCheck: false,
        policy: account.apply((resolved) =>
          policyDocument(
            keyPolicyStatements({
              account: resolved,
              region: args.cell.region,
              adminRoleArns: args.adminRoleArns,
              keyUserRoleArns: args.keyUserRoleArns,
              extraViaServices: args.extraViaServices,
            }),
          ),
        ),
        tags: cellTags(args.cell),
      },
      { parent: this, protect: args.protect ?? true },
    );
    const aliasName = `alias/cellplane/${args.cell.id}`;
    this.alias = new aws.kms.Alias(`${name}-alias`, { name: aliasName, targetKeyId: this.key.keyId }, { parent: this });

    this.outputs = { keyArn: this.key.arn, keyId: this.key.keyId, aliasName };
    this.registerOutputs(this.outputs);
  }
}

export interface KeyPolicyInputs {
  account: AwsAccount;
  region: string;
  adminRoleArns?: string[];
  keyUserRoleArns: pulumi.Input<string>[];
  extraViaServices?: readonly string[];
}

/** The key policy, statement by statement. `Resource: "*"` in a key policy means this key and nothing else. */
export function keyPolicyStatements(inputs: KeyPolicyInputs): PolicyStatement[] {
  const { account, region } = inputs;
  const root = accountRootArn(account);
  const autoScalingRole = roleArn(account, AUTOSCALING_SERVICE_ROLE);
  const logGroupArns = `arn:${account.partition}:logs:${region}:${account.accountId}:log-group:*`;
  const statements: PolicyStatement[] = [
    {
      Sid: "KeyAdministration",
      Effect: "Allow",
      Principal: { AWS: inputs.adminRoleArns ?? root },
      Action: KEY_ADMIN_ACTIONS,
      Resource: "*",
    },
    {
      Sid: "CloudWatchLogsEncryptsThisAccountsLogGroups",
      Effect: "Allow",
      Principal: { Service: `logs.${region}.amazonaws.com` },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: {
        ArnLike: {
          "kms:EncryptionContext:aws:logs:arn": logGroupArns,
        },
      },
    },
    // CloudWatch does not send kms:CallerAccount for alarm actions; a condition on it breaks alarm notifications.
    {
      Sid: "CloudWatchAlarmsPublishToEncryptedTopics",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
    },
    {
      Sid: "AutoScalingEncryptsVolumes",
      Effect: "Allow",
      Principal: { AWS: autoScalingRole },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
    },
    {
      Sid: "AutoScalingAttachesEncryptedVolumes",
      Effect: "Allow",
      Principal: { AWS: autoScalingRole },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
    },
    {
      Sid: "CellServicesUseKey",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: { StringEquals: viaCellServices(account, region, inputs.extraViaServices ?? []) },
    },
    {
      Sid: "CellServicesCreateGrants",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: "kms:CreateGrant",
      Resource: "*",
      Condition: {
        StringEquals: viaCellServices(account, region, inputs.extraViaServices ?? []),
        Bool: { "kms:GrantIsForAWSResource": true },
      },
    },
  ];
  if (inputs.keyUserRoleArns.length > 0) {
    statements.splice(1, 0, {
      Sid: "CellRolesUseKey",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: KEY_USE_ACTIONS,
      Resource: "*",
      Condition: { ArnEquals: { "aws:PrincipalArn": inputs.keyUserRoleArns } },
    });
  }
  return statements;
}

function viaCellServices(
  account: AwsAccount,
  region: string,
  extra: readonly string[],
): Record<string, string | string[]> {
  return {
    "kms:ViaService": [...VIA_SERVICES, ...extra].map((service) => `${service}.${region}.amazonaws.com`),
    "kms:CallerAccount": account.accountId,
  };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function cellKeyRules(args: CellKeyArgs): ArgRule[] {
  const knownUsers = (args.keyUserRoleArns ?? []).filter((arn): arn is string => typeof arn === "string");
  const badUsers = knownUsers.filter((arn) => !ROLE_ARN.test(arn));
  const badAdmins = (args.adminRoleArns ?? []).filter((arn) => !ROLE_ARN.test(arn));
  return [
    ...cellIdentityRules(args.cell),
    {
      ok: Array.isArray(args.keyUserRoleArns),
      problem: "keyUserRoleArns is required: pass the ARNs of the cell's roles that use the key (may be empty)",
    },
    {
      ok: badUsers.length === 0,
      problem:
        `keyUserRoleArns ${badUsers.join(", ")} must be IAM role ARNs (arn:aws:iam::<account>:role/<name>) ` +
        `without wildcards`,
    },
    {
      ok: args.adminRoleArns === undefined || args.adminRoleArns.length > 0,
      problem:
        "adminRoleArns is empty; list the roles that administer the key, or omit it to delegate to the account's IAM " +
        "policies",
    },
    {
      ok: badAdmins.length === 0,
      problem:
        `adminRoleArns ${badAdmins.join(", ")} must be IAM role ARNs (arn:aws:iam::<account>:role/<name>) ` +
        `without wildcards`,
    },
    integerInRange("deletionWindowInDays", args.deletionWindowInDays ?? 30, DELETION_WINDOW_DAYS),
    ...(args.rotationPeriodInDays === undefined
      ? []
      : [integerInRange("rotationPeriodInDays", args.rotationPeriodInDays, ROTATION_PERIOD_DAYS)]),
  ];
}
