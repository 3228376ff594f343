import { beforeAll, describe, expect, it } from "vitest";
import {
  CellKey,
  KEY_ADMIN_ACTIONS,
  KEY_USE_ACTIONS,
  keyPolicyStatements,
  type CellKeyArgs,
} from "../../../components/cell/cell-key";
import {
  ACCOUNT,
  CELL,
  bySid,
  expectArgsErrorInStack,
  expectCellTagsEverywhere,
  expectChildren,
  listOf,
  statementsOf,
  type Statement,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
  textOf,
} from "../helpers";

const APP_ROLE = `arn:aws:iam::${ACCOUNT}:role/use1-a-app`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const AUTOSCALING_ROLE =
  `arn:aws:iam::${ACCOUNT}:role/aws-service-role/` + "autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling";

function keyStack(overrides: Partial<CellKeyArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const key = new CellKey(
      "use1-a-key",
      { cell: CELL, keyUserRoleArns: [APP_ROLE], ...overrides },
      { providers: { aws: provider } },
    );
    return key.outputs;
  });
}

describe("CellKey", () => {
  let stack: RecordedStack;
  let policy: Statement[];
  beforeAll(async () => {
    stack = await keyStack();
    policy = statementsOf(stack.one("aws:kms/key:Key").inputs.policy);
  });

  it("creates a rotating symmetric key that waits 30 days before deletion", () => {
    const key = stack.one("aws:kms/key:Key");
    expect(key.name).toBe("use1-a-key-key");
    expect(key.inputs).toMatchObject({
      enableKeyRotation: true,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      multiRegion: false,
      deletionWindowInDays: 30,
      bypassPolicyLockoutSafetyCheck: false,
    });
    expect(key.inputs.rotationPeriodInDays).toBeUndefined();
    expect(key.protect).toBe(true);
  });

  it("names the alias after the cell and points it at the key", () => {
    const alias = stack.one("aws:kms/alias:Alias");
    expect(alias.name).toBe("use1-a-key-alias");
    expect(alias.inputs.name).toBe("alias/cellplane/use1-a");
    expect(alias.inputs.targetKeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(alias.dependencies).toContain(stack.one("aws:kms/key:Key").urn);
  });

  it("parents and names every child under the component, and tags the key", () => {
    expectChildren(stack, "use1-a-key");
    expect(expectCellTagsEverywhere(stack)).toBe(1);
  });

  it("exposes the key's ARN, id and alias name", () => {
    expect(stack.named("use1-a-key").type).toBe("cellplane:cell:CellKey");
    expect(stack.plan.outputs.keyArn).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${ACCOUNT}:key/[0-9a-f-]{36}$`));
    expect(textOf(stack.plan.outputs.keyArn).endsWith(textOf(stack.plan.outputs.keyId))).toBe(true);
    expect(stack.plan.outputs.aliasName).toBe("alias/cellplane/use1-a");
  });

  describe("key policy", () => {
    it("lets the account's IAM administer the key with explicit actions, never kms:* or use", () => {
      const admin = bySid(policy, "KeyAdministration");
      expect(admin.Principal).toEqual({ AWS: ROOT });
      expect(listOf(admin.Action).sort()).toEqual([...KEY_ADMIN_ACTIONS].sort());
      expect(listOf(admin.Action)).not.toContain("kms:*");
      for (const action of ["kms:Encrypt", "kms:Decrypt", "kms:CreateGrant", "kms:GenerateDataKey"]) {
        expect(listOf(admin.Action)).not.toContain(action);
      }
      expect(listOf(admin.Action).some((action) => String(action).endsWith("*"))).toBe(false);
    });

    it("grants cryptographic use to exactly the cell's roles, by principal ARN", () => {
      const users = bySid(policy, "CellRolesUseKey");
      expect(users.Principal).toEqual({ AWS: ROOT });
      expect(listOf(users.Action)).toEqual(KEY_USE_ACTIONS);
      expect(users.Condition).toEqual({ ArnEquals: { "aws:PrincipalArn": [APP_ROLE] } });
    });

    it("lets CloudWatch Logs encrypt only this account's log groups in the cell region", () => {
      const logs = bySid(policy, "CloudWatchLogsEncryptsThisAccountsLogGroups");
      expect(logs.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
      expect(logs.Condition).toEqual({
        ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*` },
      });
      expect(listOf(logs.Action)).not.toContain("kms:CreateGrant");
    });

    it("lets CloudWatch alarms publish to encrypted topics with data keys only", () => {
      const alarms = bySid(policy, "CloudWatchAlarmsPublishToEncryptedTopics");
      expect(alarms.Principal).toEqual({ Service: "cloudwatch.amazonaws.com" });
      expect(listOf(alarms.Action).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey*"]);
    });

    it("lets the Auto Scaling service-linked role encrypt volumes and create grants only for AWS resources", () => {
      expect(bySid(policy, "AutoScalingEncryptsVolumes")).toMatchObject({
        Principal: { AWS: AUTOSCALING_ROLE },
        Action: KEY_USE_ACTIONS,
      });
      const grants = bySid(policy, "AutoScalingAttachesEncryptedVolumes");
      expect(grants).toMatchObject({ Principal: { AWS: AUTOSCALING_ROLE }, Action: "kms:CreateGrant" });
      expect(grants.Condition).toEqual({ Bool: { "kms:GrantIsForAWSResource": true } });
    });

    it("allows use through the cell's services only in the cell region and from this account", () => {
      const expectedServices = ["rds", "elasticache", "sqs", "secretsmanager", "sns", "ec2"].map(
        (service) => `${service}.us-east-1.amazonaws.com`,
      );
      for (const sid of ["CellServicesUseKey", "CellServicesCreateGrants"]) {
        const statement = bySid(policy, sid);
        expect(statement.Principal).toEqual({ AWS: ROOT });
        expect(statement.Condition?.StringEquals).toEqual({
          "kms:ViaService": expectedServices,
          "kms:CallerAccount": ACCOUNT,
        });
      }
      expect(bySid(policy, "CellServicesCreateGrants").Condition?.Bool).toEqual({ "kms:GrantIsForAWSResource": true });
    });

    it("has no wildcard principal, no kms:* and no statement without a principal", () => {
      for (const statement of policy) {
        expect(statement.Effect).toBe("Allow");
        expect(statement.Principal).toBeDefined();
        expect(statement.Principal).not.toBe("*");
        expect(Object.values(statement.Principal ?? {}).flat()).not.toContain("*");
        expect(listOf(statement.Action)).not.toContain("kms:*");
      }
      expect(policy.map((statement) => statement.Sid)).toHaveLength(
        new Set(policy.map((statement) => statement.Sid)).size,
      );
    });
  });

  it("hands administration to the configured roles instead of the account", async () => {
    const admins = [`arn:aws:iam::${ACCOUNT}:role/platform-deployer`, `arn:aws:iam::${ACCOUNT}:role/security-admin`];
    const custom = await keyStack({
      adminRoleArns: admins,
      keyUserRoleArns: [],
      deletionWindowInDays: 7,
      rotationPeriodInDays: 180,
      protect: false,
    });
    const key = custom.one("aws:kms/key:Key");
    expect(key.protect).toBeUndefined();
    expect(key.inputs).toMatchObject({ deletionWindowInDays: 7, rotationPeriodInDays: 180, enableKeyRotation: true });
    const statements = statementsOf(key.inputs.policy);
    expect(bySid(statements, "KeyAdministration").Principal).toEqual({ AWS: admins });
    expect(statements.map((statement) => statement.Sid)).not.toContain("CellRolesUseKey");
  });

  it("builds the policy for the deploying account and partition", () => {
    const statements = keyPolicyStatements({
      account: { accountId: "210987654321", partition: "aws-us-gov" },
      region: "us-gov-west-1",
      keyUserRoleArns: [],
    });
    expect(bySid(statements as Statement[], "KeyAdministration").Principal).toEqual({
      AWS: "arn:aws-us-gov:iam::210987654321:root",
    });
    expect(JSON.stringify(statements)).not.toContain("123456789012");
    expect(JSON.stringify(statements)).toContain("arn:aws-us-gov:logs:us-gov-west-1:210987654321:log-group:*");
  });

  it("rejects a too short deletion window, bad rotation and wildcard or malformed role ARNs, all at once", async () => {
    const message = await expectArgsErrorInStack(
      (provider) =>
        new CellKey(
          "use1-a-key",
          {
            cell: CELL,
            keyUserRoleArns: ["arn:aws:iam::123456789012:role/*"],
            adminRoleArns: ["admin"],
            deletionWindowInDays: 3,
            rotationPeriodInDays: 30,
          },
          { providers: { aws: provider } },
        ),
      ["keyUserRoleArns", "adminRoleArns", "deletionWindowInDays", "rotationPeriodInDays"],
    );
    expect(message.split("\n  - ")).toHaveLength(5);
  });

  it("rejects an empty admin list and a bad cell", async () => {
    await expectArgsErrorInStack(
      (provider) =>
        new CellKey(
          "bad-key",
          { cell: { ...CELL, id: "Use1_A" }, keyUserRoleArns: [], adminRoleArns: [] },
          { providers: { aws: provider } },
        ),
      ["cell.id", "adminRoleArns"],
    );
  });
});

describe("CellKey outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await keyStack(), "use1-a-key");
  });
});
