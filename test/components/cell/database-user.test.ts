import { beforeAll, describe, expect, it } from "vitest";
import { DatabaseUser, FUNCTION_SOURCE, type DatabaseUserArgs } from "../../../components/cell/database-user";
import { synthesize, type SynthesizedStack } from "../../support/synth";
import { bySid, CELL, dependsOn, expectCellTagsEverywhere, expectChildren, KEY_ARN, statementsOf } from "../helpers";

const CLUSTER_ARN = "arn:aws:rds:us-east-1:123456789012:cluster:use1-a-db";
const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-use1-a-abc123";
const ARGS: DatabaseUserArgs = { cell: CELL, keyArn: KEY_ARN, clusterArn: CLUSTER_ARN, masterSecretArn: SECRET_ARN };

interface FunctionModule {
  statements: (user: string, database: string) => string[];
  makeHandler: (execute: (input: Record<string, string>) => Promise<unknown>) => (event: unknown) => Promise<unknown>;
}

async function functionModule(): Promise<FunctionModule> {
  const source: string = FUNCTION_SOURCE;
  return (await import(source)) as FunctionModule;
}

function userStack(overrides: Partial<DatabaseUserArgs> = {}): Promise<SynthesizedStack> {
  return synthesize((provider) => {
    const user = new DatabaseUser("use1-a-db-user", { ...ARGS, ...overrides }, { providers: { aws: provider } });
    return { ...user.outputs };
  });
}

describe("DatabaseUser", () => {
  let stack: SynthesizedStack;
  beforeAll(async () => {
    stack = await userStack();
  });

  it("invokes the function once with the user, the cluster and the secret's ARN (never its value)", () => {
    const invocation = stack.one("aws:lambda/invocation:Invocation");
    expect(JSON.parse(invocation.inputs.input as string)).toEqual({
      user: "app",
      database: "postgres",
      clusterArn: CLUSTER_ARN,
      secretArn: SECRET_ARN,
    });
    const fn = stack.one("aws:lambda/function:Function");
    expect(dependsOn(invocation, fn)).toBe(true);
    expect(fn.inputs).toMatchObject({ runtime: "nodejs24.x", handler: "index.handler" });
    expect(fn.inputs.vpcConfig ?? null).toBeNull();
    expect(fn.inputs.environment ?? null).toBeNull();
  });

  it("lets only this function read the master secret and run statements on this cluster", () => {
    const statements = statementsOf(stack.one("aws:iam/rolePolicy:RolePolicy").inputs.policy);
    expect(bySid(statements, "ReadMasterSecret").Resource).toBe(SECRET_ARN);
    expect(bySid(statements, "RunStatementsOnCellCluster")).toMatchObject({
      Action: "rds-data:ExecuteStatement",
      Resource: CLUSTER_ARN,
    });
    expect(bySid(statements, "DecryptMasterSecretThroughSecretsManager").Condition).toEqual({
      StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
    });
    expect(JSON.stringify(statements)).not.toContain('"*"');
  });

  it("waits for its role's policy and logs to its own log group, created first with the cell key", () => {
    const fn = stack.one("aws:lambda/function:Function");
    expect(dependsOn(fn, stack.one("aws:iam/rolePolicy:RolePolicy"))).toBe(true);
    const logs = stack.one("aws:cloudwatch/logGroup:LogGroup");
    expect(logs.inputs).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: 365 });
    expect(dependsOn(fn, logs)).toBe(true);
    expect(stack.one("aws:iam/role:Role").inputs.name ?? null).toBeNull();
    expectChildren(stack, "use1-a-db-user");
    expectCellTagsEverywhere(stack);
  });

  it("refuses a user name PostgreSQL or RDS reserves", async () => {
    await expect(userStack({ user: "rdsadmin" })).rejects.toThrow(/user "rdsadmin" is invalid/);
  });
});

describe("database-user-function.mjs", () => {
  it("creates the role idempotently, grants rds_iam, then database and schema use, in that order", async () => {
    const { makeHandler } = await functionModule();
    const calls: Record<string, string>[] = [];
    const handler = makeHandler((input) => {
      calls.push(input);
      return Promise.resolve({});
    });
    await handler({ user: "app", database: "postgres", clusterArn: CLUSTER_ARN, secretArn: SECRET_ARN });
    expect(calls.map((call) => call.sql)).toEqual([
      "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') " +
        'THEN CREATE ROLE "app" LOGIN; END IF; END $$',
      'GRANT rds_iam TO "app"',
      'GRANT CONNECT, TEMPORARY ON DATABASE "postgres" TO "app"',
      'GRANT USAGE, CREATE ON SCHEMA public TO "app"',
    ]);
    for (const call of calls) {
      expect(call).toMatchObject({ resourceArn: CLUSTER_ARN, secretArn: SECRET_ARN, database: "postgres" });
    }
  });

  it("refuses identifiers that could inject SQL, before running anything", async () => {
    const { makeHandler, statements } = await functionModule();
    const calls: unknown[] = [];
    const handler = makeHandler((input) => Promise.resolve(calls.push(input)));
    await expect(
      handler({ user: "app'; DROP TABLE x; --", database: "postgres", clusterArn: CLUSTER_ARN, secretArn: SECRET_ARN }),
    ).rejects.toThrow(/plain identifiers/);
    expect(calls).toEqual([]);
    expect(() => statements("rds_superuser", "postgres")).toThrow();
  });
});
