import { beforeAll, describe, expect, it } from "vitest";
import { CellDatabase, type CellDatabaseArgs } from "../../../components/cell/cell-database";
import {
  arrayAt,
  CELL,
  dependsOn,
  expectArgsError,
  expectCellTagsEverywhere,
  expectChildren,
  KEY_ARN,
  objectAt,
  SUBNET_IDS,
  ZONES,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
} from "../helpers";
import { stackScopedName } from "../../../components/lib/stack-names";

const NAME = "use1-a-db";
const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
/** The cluster's identifier in the test stack: the cell's, scoped to the stack (two environments, one account). */
const CLUSTER_ID = stackScopedName("use1-a-db", "organization/cellplane/test");

function databaseArgs(overrides: Partial<CellDatabaseArgs> = {}): CellDatabaseArgs {
  return {
    cell: CELL,
    keyArn: KEY_ARN,
    subnetIds: SUBNET_IDS,
    zones: ZONES,
    securityGroupId: "sg-0database",
    engineVersion: "16.4",
    readReplicas: 3,
    ...overrides,
  };
}

function synthesizeDatabase(overrides: Partial<CellDatabaseArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const database = new CellDatabase(NAME, databaseArgs(overrides), { providers: { aws: provider } });
    return {
      ...database.outputs,
      readerCount: database.readers.length,
    };
  });
}

describe("CellDatabase", () => {
  let stack: RecordedStack;
  beforeAll(async () => {
    stack = await synthesizeDatabase();
  });

  it("creates the subnet group, parameter group, cluster, writer and readers as children named <name>-<role>", () => {
    // Nested: the app user is a component of its own (DatabaseUser), so the direct children are listed here.
    expectChildren(stack, NAME);
    const roles = ["subnets", "params", "logs", "cluster", "writer", "reader-1", "reader-2", "reader-3", "app-user"];
    expect(
      stack
        .childrenOf(NAME)
        .map((child) => child.name)
        .sort(),
    ).toEqual(roles.map((role) => `${NAME}-${role}`).sort());
    expect(stack.named(NAME).type).toBe("cellplane:cell:CellDatabase");
    expect(stack.named(`${NAME}-cluster`).provider).toMatch(/pulumi:providers:aws::test-aws$/);
  });

  it("encrypts storage, the managed master secret and Performance Insights with the cell key", () => {
    const cluster = stack.one(CLUSTER).inputs;
    expect(cluster).toMatchObject({
      storageEncrypted: true,
      kmsKeyId: KEY_ARN,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY_ARN,
    });
    for (const instance of stack.ofType(INSTANCE)) {
      expect(instance.inputs).toMatchObject({
        performanceInsightsEnabled: true,
        performanceInsightsKmsKeyId: KEY_ARN,
        performanceInsightsRetentionPeriod: 7,
      });
    }
  });

  it("keeps every password out of the program: RDS manages the master password", () => {
    const cluster = stack.one(CLUSTER).inputs;
    expect(cluster.masterPassword).toBeUndefined();
    expect(cluster.masterPasswordWo).toBeUndefined();
    expect(cluster.masterUsername).toBe("cellplane");
    expect(stack.ofType("random:index/randomPassword:RandomPassword")).toEqual([]);
  });

  it("turns on IAM auth, deletion protection, backups, a final snapshot and log export", () => {
    expect(stack.one(CLUSTER).inputs).toMatchObject({
      engine: "aurora-postgresql",
      engineVersion: "16.4",
      port: 5432,
      iamDatabaseAuthenticationEnabled: true,
      deletionProtection: true,
      backupRetentionPeriod: 14,
      preferredBackupWindow: "03:00-04:00",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${NAME}-final`,
      enabledCloudwatchLogsExports: ["postgresql"],
      allowMajorVersionUpgrade: false,
    });
  });

  it("forces TLS through a cluster parameter group of the version's family", () => {
    const params = stack.one("aws:rds/clusterParameterGroup:ClusterParameterGroup");
    expect(params.inputs.family).toBe("aurora-postgresql16");
    expect(arrayAt(params.inputs.parameters)).toContainEqual(
      expect.objectContaining({ name: "rds.force_ssl", value: "1" }),
    );
    expect(stack.one(CLUSTER).dependencies).toContain(params.urn);
  });

  it("places the cluster only in the private subnets behind the database security group", () => {
    const subnets = stack.one("aws:rds/subnetGroup:SubnetGroup");
    expect(subnets.inputs.subnetIds).toEqual(SUBNET_IDS);
    const cluster = stack.one(CLUSTER);
    expect(cluster.inputs.vpcSecurityGroupIds).toEqual(["sg-0database"]);
    expect(cluster.dependencies).toContain(subnets.urn);
    for (const instance of stack.ofType(INSTANCE)) {
      expect(instance.inputs.publiclyAccessible).toBe(false);
      expect(instance.dependencies).toContain(cluster.urn);
    }
  });

  it("creates its PostgreSQL log group first, encrypted with the cell key and expiring (RDS would not)", () => {
    const logs = stack.named(`${NAME}-logs`);
    expect(logs.inputs).toMatchObject({
      name: `/aws/rds/cluster/${CLUSTER_ID}/postgresql`,
      kmsKeyId: KEY_ARN,
      retentionInDays: 365,
    });
    const cluster = stack.one(CLUSTER);
    expect(cluster.inputs).toMatchObject({
      clusterIdentifier: CLUSTER_ID,
      enabledCloudwatchLogsExports: ["postgresql"],
    });
    expect(dependsOn(cluster, logs)).toBe(true);
  });

  it("creates the app's IAM-authenticated user once the writer is up, through the Data API", () => {
    expect(stack.one(CLUSTER).inputs.enableHttpEndpoint).toBe(true);
    const invocation = stack.one("aws:lambda/invocation:Invocation");
    expect(JSON.parse(invocation.inputs.input as string)).toMatchObject({ user: "app" });
    expect(stack.named(`${NAME}-app-user`).dependencies).toContain(stack.named(`${NAME}-writer`).urn);
  });

  it("spreads the writer and readers round-robin over the zones with ordered promotion tiers", () => {
    const placement = ["writer", "reader-1", "reader-2", "reader-3"].map((role) => {
      const { availabilityZone, promotionTier, instanceClass, autoMinorVersionUpgrade, engine } = stack.named(
        `${NAME}-${role}`,
      ).inputs;
      return { role, availabilityZone, promotionTier, instanceClass, autoMinorVersionUpgrade, engine };
    });
    // Automatic minor upgrades off: the cluster stays on the fleet file's (LTS) minor until the file changes it.
    const common = { instanceClass: "db.r6g.large", autoMinorVersionUpgrade: false, engine: "aurora-postgresql" };
    expect(placement).toEqual([
      { role: "writer", availabilityZone: "us-east-1a", promotionTier: 0, ...common },
      { role: "reader-1", availabilityZone: "us-east-1b", promotionTier: 1, ...common },
      { role: "reader-2", availabilityZone: "us-east-1c", promotionTier: 2, ...common },
      { role: "reader-3", availabilityZone: "us-east-1a", promotionTier: 3, ...common },
    ]);
  });

  it("creates readers after the writer so the writer becomes the primary", () => {
    const writer = stack.named(`${NAME}-writer`);
    for (const index of [1, 2, 3]) {
      expect(stack.named(`${NAME}-reader-${index}`).dependencies).toContain(writer.urn);
    }
  });

  it("protects the cluster and its instances in Pulumi by default", () => {
    expect([stack.one(CLUSTER), ...stack.ofType(INSTANCE)].map((resource) => resource.protect)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it("tags every taggable resource with the cell tags and instances with their role", () => {
    expectCellTagsEverywhere(stack);
    expect(objectAt(stack.named(`${NAME}-writer`).inputs.tags)["cellplane:role"]).toBe("writer");
    expect(objectAt(stack.named(`${NAME}-reader-2`).inputs.tags)["cellplane:role"]).toBe("reader");
  });

  it("exposes endpoints, identifiers, the managed secret ARN and the port", () => {
    expect(stack.plan.outputs).toMatchObject({
      writerEndpoint: expect.stringMatching(
        new RegExp(`^${CLUSTER_ID}\\.cluster-[0-9a-f]+\\.us-east-1\\.rds\\.amazonaws\\.com$`),
      ) as unknown,
      readerEndpoint: expect.stringMatching(new RegExp(`^${CLUSTER_ID}\\.cluster-ro-`)) as unknown,
      clusterIdentifier: CLUSTER_ID,
      appUser: "app",
      logGroupName: `/aws/rds/cluster/${CLUSTER_ID}/postgresql`,
      clusterResourceId: expect.stringMatching(/^cluster-[0-9A-F]+$/) as unknown,
      masterSecretArn: expect.stringMatching(
        /^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-/,
      ) as unknown,
      // The mock names an instance after its clusterIdentifier input (tools/plan/mock-state.ts), so only the count is
      // checked.
      readerIdentifiers: [expect.any(String), expect.any(String), expect.any(String)],
      port: 5432,
      readerCount: 3,
    });
  });

  it(
    "honours overrides and lets ephemeral cells turn " + "off Pulumi protection (AWS deletion protection stays)",
    async () => {
      const custom = await synthesizeDatabase({
        engineVersion: "15.7",
        readReplicas: 1,
        backupRetentionDays: 35,
        instanceClass: "db.r7g.xlarge",
        protect: false,
        clusterParameters: { log_min_duration_statement: "500" },
      });
      expect(custom.one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.family).toBe(
        "aurora-postgresql15",
      );
      expect(arrayAt(custom.one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.parameters)).toEqual([
        { name: "log_min_duration_statement", value: "500", applyMethod: "pending-reboot" },
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
      ]);
      expect(custom.ofType(INSTANCE)).toHaveLength(2);
      expect(custom.one(CLUSTER).inputs).toMatchObject({ backupRetentionPeriod: 35, deletionProtection: true });
      expect(custom.named(`${NAME}-reader-1`).inputs.instanceClass).toBe("db.r7g.xlarge");
      expect([custom.one(CLUSTER), ...custom.ofType(INSTANCE)].some((resource) => resource.protect)).toBe(false);
    },
  );

  describe("rejects unsafe or malformed arguments, naming the field", () => {
    const cases: [string, Partial<CellDatabaseArgs>, string[]][] = [
      ["no readers", { readReplicas: 0 }, ["readReplicas"]],
      ["too many readers", { readReplicas: 16 }, ["readReplicas"]],
      ["backups off", { backupRetentionDays: 0 }, ["backupRetentionDays"]],
      ["backups too long", { backupRetentionDays: 36 }, ["backupRetentionDays"]],
      ["bad version", { engineVersion: "16" }, ["engineVersion"]],
      ["pre-11 version", { engineVersion: "10.21" }, ["engineVersion"]],
      ["one zone", { zones: ["us-east-1a"], subnetIds: ["subnet-0a"] }, ["zones", "subnetIds"]],
      ["zone of another region", { zones: ["us-east-1a", "eu-west-1b"] }, ["zones eu-west-1b"]],
      ["no security group", { securityGroupId: "" }, ["securityGroupId"]],
      ["not a key ARN", { keyArn: "alias/cell" }, ["keyArn"]],
      ["reserved user name", { masterUsername: "rdsadmin" }, ["masterUsername"]],
      ["short backup window", { preferredBackupWindow: "03:00-03:15" }, ["preferredBackupWindow"]],
      ["TLS override", { clusterParameters: { "rds.force_ssl": "0" } }, ["clusterParameters", "rds.force_ssl"]],
      ["bad cell id", { cell: { ...CELL, id: "Use1_A" } }, ["cell.id"]],
    ];
    it.each(cases)("%s", (_label, overrides, fields) => {
      expectArgsError(() => new CellDatabase(NAME, databaseArgs(overrides)), fields);
    });

    it("a name that cannot prefix snapshot identifiers", () => {
      expectArgsError(() => new CellDatabase("Use1_A-db", databaseArgs()), ['name "Use1_A-db"']);
    });

    it("reports every problem at once", () => {
      expectArgsError(
        () =>
          new CellDatabase(NAME, databaseArgs({ readReplicas: 0, backupRetentionDays: 99, engineVersion: "latest" })),
        ["readReplicas", "backupRetentionDays", "engineVersion"],
      );
    });
  });
});

describe("CellDatabase outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await synthesizeDatabase(), NAME, { extra: ["readerCount"] });
  });
});
