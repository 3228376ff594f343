import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import {
  CellCompute,
  DEFAULT_IMAGE_ID,
  SQS_ACTIONS,
  type CellComputeArgs,
} from "../../../components/cell/cell-compute";
import { isModernTlsPolicy } from "../../../components/cell/compute-load-balancer";
import { wildcardGrants } from "../../../components/lib/iam";
import type { JsonValue } from "../../../tools/lib/plan-file";
import {
  ACCOUNT,
  arrayAt,
  bySid,
  CELL,
  dependsOn,
  EXPECTED_CELL_TAGS,
  expectArgsErrorInStack,
  expectCellTagsEverywhere,
  expectChildren,
  KEY_ARN,
  listOf,
  objectAt,
  statementsOf,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
  textOf,
} from "../helpers";
import { stackScopedName } from "../../../components/lib/stack-names";

const QUEUES = [`arn:aws:sqs:us-east-1:${ACCOUNT}:use1-a-jobs`, `arn:aws:sqs:us-east-1:${ACCOUNT}:use1-a-events.fifo`];
const SECRETS = [
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:rds!cluster-use1-a-db-AbCdEf`,
  `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:use1-a-cache-auth-GhIjKl`,
];
const CACHE_ARN = `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:use1-a-cache`;
const CERTIFICATE_ARN = `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`;
const ARGS: CellComputeArgs = {
  cell: CELL,
  vpcId: "vpc-0123456789abcdef0",
  publicSubnetIds: ["subnet-public-a", "subnet-public-b", "subnet-public-c"],
  privateSubnetIds: ["subnet-private-a", "subnet-private-b", "subnet-private-c"],
  loadBalancerSecurityGroupId: "sg-lb",
  appSecurityGroupId: "sg-app",
  keyArn: KEY_ARN,
  certificateArn: CERTIFICATE_ARN,
  capacity: { instanceTypes: ["m7g.large", "m6g.large"], min: 3, desired: 3, max: 12 },
  queueArns: QUEUES,
  secretArns: SECRETS,
  database: { clusterResourceId: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
  cacheArn: CACHE_ARN,
  app: {
    image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/storefront`,
    version: "1.42.0",
    environment: { DATABASE_HOST: "db.cluster-x.us-east-1.rds.amazonaws.com" },
  },
};
/** The instance role's name in the test stack (organization/cellplane/test): the cell's, scoped to the stack. */
const ROLE = stackScopedName("use1-a-app", "organization/cellplane/test");

function computeStack(overrides: Partial<CellComputeArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const compute = new CellCompute("use1-a-compute", { ...ARGS, ...overrides }, { providers: { aws: provider } });
    return {
      ...compute.outputs,
      bucketArn: compute.accessLogBucket.arn,
      bucketId: compute.accessLogBucket.id,
    };
  });
}

/** The first element of an array input, as an object (fails the test when the array is empty). */
function first(value: JsonValue | undefined): Record<string, JsonValue> {
  const items = arrayAt(value);
  expect(items.length, JSON.stringify(value)).toBeGreaterThan(0);
  return objectAt(items[0]);
}

describe("CellCompute", () => {
  let stack: RecordedStack;
  beforeAll(async () => {
    stack = await computeStack();
  });

  describe("instances", () => {
    it("require IMDSv2 with a hop limit of 1, are monitored and get no public address", () => {
      const template = stack.one("aws:ec2/launchTemplate:LaunchTemplate");
      expect(template.name).toBe("use1-a-compute-launch-template");
      expect(template.inputs.metadataOptions).toEqual({
        httpEndpoint: "enabled",
        httpTokens: "required",
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      });
      expect(template.inputs.monitoring).toEqual({ enabled: true });
      expect(template.inputs.networkInterfaces).toEqual([
        { deviceIndex: 0, associatePublicIpAddress: "false", deleteOnTermination: "true", securityGroups: ["sg-app"] },
      ]);
      expect(template.inputs.vpcSecurityGroupIds).toBeUndefined();
      expect(template.inputs.keyName).toBeUndefined();
      expect(template.inputs.imageId).toBe(DEFAULT_IMAGE_ID);
      expect(objectAt(template.inputs.iamInstanceProfile).arn).toBe(
        `arn:aws:iam::${ACCOUNT}:instanceProfile/use1-a-compute-instance-profile`,
      );
    });

    it("boot from a gp3 root volume encrypted with the cell key and deleted with the instance", () => {
      const mappings = stack.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.blockDeviceMappings;
      expect(mappings).toHaveLength(1);
      expect(first(mappings)).toEqual({
        deviceName: "/dev/xvda",
        ebs: { volumeType: "gp3", volumeSize: 30, encrypted: "true", kmsKeyId: KEY_ARN, deleteOnTermination: "true" },
      });
    });

    it("tag the instances, volumes and interfaces they launch with the cell tags", () => {
      const specifications = stack.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.tagSpecifications as JsonValue[];
      expect(specifications.map((specification) => objectAt(specification).resourceType)).toEqual([
        "instance",
        "volume",
        "network-interface",
      ]);
      for (const specification of specifications) {
        expect(objectAt(specification).tags).toMatchObject(EXPECTED_CELL_TAGS);
      }
    });
  });

  describe("auto scaling group", () => {
    it("spreads over the private subnets with ELB health checks and the given capacity", () => {
      const group = stack.one("aws:autoscaling/group:Group");
      expect(group.inputs).toMatchObject({
        vpcZoneIdentifiers: ARGS.privateSubnetIds,
        minSize: 3,
        desiredCapacity: 3,
        maxSize: 12,
        healthCheckType: "ELB",
        healthCheckGracePeriod: 300,
      });
      expect(group.inputs.targetGroupArns).toHaveLength(1);
      expect(dependsOn(group, stack.one("aws:lb/targetGroup:TargetGroup"))).toBe(true);
      expect(group.inputs.launchConfiguration).toBeUndefined();
    });

    it(
      "mixes the instance types on-demand from the pinned " + "template version and rolls changes out at 90% healthy",
      () => {
        const group = stack.one("aws:autoscaling/group:Group");
        const mixed = objectAt(group.inputs.mixedInstancesPolicy);
        const launchTemplate = objectAt(mixed.launchTemplate);
        expect(launchTemplate.overrides).toEqual([{ instanceType: "m7g.large" }, { instanceType: "m6g.large" }]);
        expect(objectAt(launchTemplate.launchTemplateSpecification).version).toBe("1");
        expect(dependsOn(group, stack.one("aws:ec2/launchTemplate:LaunchTemplate"))).toBe(true);
        expect(objectAt(mixed.instancesDistribution).onDemandPercentageAboveBaseCapacity).toBe(100);
        expect(group.inputs.instanceRefresh).toEqual({
          strategy: "Rolling",
          preferences: { minHealthyPercentage: 90, instanceWarmup: "300" },
        });
      },
    );

    it("tracks 50% average CPU by default", () => {
      const policy = stack.one("aws:autoscaling/policy:Policy");
      expect(policy.inputs.policyType).toBe("TargetTrackingScaling");
      expect(policy.inputs.targetTrackingConfiguration).toEqual({
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: 50,
      });
      expect(dependsOn(policy, stack.one("aws:autoscaling/group:Group"))).toBe(true);
    });
  });

  describe("the app on every instance", () => {
    const userDataOf = (recorded: RecordedStack): string =>
      Buffer.from(recorded.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.userData as string, "base64").toString(
        "utf8",
      );

    it("boots AL2023 with cloud-init user data that runs the app image at its version", () => {
      const text = userDataOf(stack);
      expect(text.startsWith("#cloud-config\n")).toBe(true);
      expect(text).toContain(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/storefront:1.42.0`);
      expect(text).toContain("DATABASE_HOST=db.cluster-x.us-east-1.rds.amazonaws.com");
      // The log group is auto-named; the offline plan answers with its logical name.
      expect(text).toContain("--log-opt awslogs-group=use1-a-compute-app-logs ");
    });

    it("changes the launch template when the version changes: the instance refresh rolls the instances", async () => {
      const next = await computeStack({ app: { ...ARGS.app, version: "1.43.0" } });
      expect(userDataOf(next)).not.toBe(userDataOf(stack));
      expect(userDataOf(next)).toContain("storefront:1.43.0");
      const group = next.one("aws:autoscaling/group:Group");
      expect(JSON.stringify(group.inputs.mixedInstancesPolicy)).toContain('"version"');
      expect(group.inputs.instanceRefresh).toMatchObject({ strategy: "Rolling" });
    });

    it("launches instances only once the role's policies exist, not only the role", () => {
      const template = stack.one("aws:ec2/launchTemplate:LaunchTemplate");
      expect(dependsOn(template, stack.named("use1-a-compute-instance-policy"))).toBe(true);
      expect(dependsOn(template, stack.named("use1-a-compute-agents-policy"))).toBe(true);
    });

    it("keeps the app's logs in a log group encrypted with the cell key, with a retention", () => {
      expect(stack.named("use1-a-compute-app-logs").inputs).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: 90 });
    });

    it("grants Session Manager and the CloudWatch agent in a second, least-privilege policy", () => {
      const statements = statementsOf(stack.named("use1-a-compute-agents-policy").inputs.policy);
      expect(statements.map((statement) => statement.Sid)).toEqual([
        "SessionManagerRegistersThisInstance",
        "SessionManagerChannels",
        "AgentMetricsInCellNamespace",
        "AppLogsToCellLogGroup",
        "EcrLogin",
        "PullAppImage",
      ]);
    });
  });

  describe("instance role", () => {
    it("is named after the cell and trusted only by EC2", () => {
      const role = stack.one("aws:iam/role:Role");
      expect(role.inputs.name).toBe(ROLE);
      expect(role.inputs.managedPolicyArns).toBeUndefined();
      expect(statementsOf(role.inputs.assumeRolePolicy)).toEqual([
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]);
      expect(stack.one("aws:iam/instanceProfile:InstanceProfile").inputs.role).toBe(ROLE);
      expect(stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    });

    it("has one inline policy that names only this cell's queues, key, secrets, database user and cache", () => {
      const statements = statementsOf(stack.named("use1-a-compute-instance-policy").inputs.policy);
      expect(statements.map((statement) => statement.Sid)).toEqual([
        "UseCellQueues",
        "UseCellKey",
        "ReadCellSecrets",
        "ConnectToCellDatabase",
        "ConnectToCellCache",
      ]);
      expect(bySid(statements, "UseCellQueues")).toMatchObject({
        Effect: "Allow",
        Action: SQS_ACTIONS,
        Resource: QUEUES,
      });
      expect(bySid(statements, "UseCellKey")).toMatchObject({
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: KEY_ARN,
      });
      expect(bySid(statements, "ReadCellSecrets")).toMatchObject({
        Action: "secretsmanager:GetSecretValue",
        Resource: SECRETS,
      });
      expect(bySid(statements, "ConnectToCellDatabase")).toMatchObject({
        Action: "rds-db:connect",
        Resource: `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ/app`,
      });
      expect(bySid(statements, "ConnectToCellCache")).toMatchObject({
        Action: "elasticache:Connect",
        Resource: CACHE_ARN,
      });
      expect(wildcardGrants({ Statement: statements })).toEqual([]);
      for (const statement of statements) {
        expect(statement.Effect).toBe("Allow");
        expect(listOf(statement.Action).every((action) => !String(action).includes("*"))).toBe(true);
        expect(listOf(statement.Resource)).not.toContain("*");
      }
    });
  });

  describe("load balancer", () => {
    it("is internet-facing in the public subnets, drops invalid headers, is deletion-protected and logs access", () => {
      const alb = stack.one("aws:lb/loadBalancer:LoadBalancer");
      expect(alb.name).toBe("use1-a-compute-alb");
      expect(alb.inputs).toMatchObject({
        loadBalancerType: "application",
        internal: false,
        subnets: ARGS.publicSubnetIds,
        securityGroups: ["sg-lb"],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        accessLogs: { bucket: stack.plan.outputs.bucketId, enabled: true },
      });
      expect(dependsOn(alb, stack.named("use1-a-compute-access-logs-policy"))).toBe(true);
    });

    it("serves HTTPS on 443 with a TLS 1.3 policy and the certificate, forwarding to the target group", () => {
      const https = stack.named("use1-a-compute-https");
      expect(https.inputs).toMatchObject({
        port: 443,
        protocol: "HTTPS",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
        certificateArn: CERTIFICATE_ARN,
      });
      expect(https.inputs.defaultActions).toHaveLength(1);
      expect(first(https.inputs.defaultActions).type).toBe("forward");
      expect(dependsOn(https, stack.one("aws:lb/targetGroup:TargetGroup"))).toBe(true);
    });

    it("has no HTTP listener: only the edge (HTTPS) and Route 53's checkers reach the load balancer", () => {
      expect(stack.ofType("aws:lb/listener:Listener").map((listener) => listener.inputs.port)).toEqual([443]);
    });

    it("checks instance health deeply on the app port and drains in 30 seconds", () => {
      const targetGroup = stack.one("aws:lb/targetGroup:TargetGroup");
      expect(targetGroup.inputs).toMatchObject({
        port: 8080,
        protocol: "HTTP",
        targetType: "instance",
        vpcId: ARGS.vpcId,
        deregistrationDelay: 30,
      });
      expect(targetGroup.inputs.healthCheck).toMatchObject({
        enabled: true,
        path: "/health/deep",
        matcher: "200",
        port: "traffic-port",
        healthyThreshold: 3,
        unhealthyThreshold: 2,
      });
    });
  });

  describe("access log bucket", () => {
    it("is private, owner-enforced, versioned, SSE-S3 encrypted and expires logs after 90 days", () => {
      expect(stack.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject({
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(stack.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({
        objectOwnership: "BucketOwnerEnforced",
      });
      expect(stack.one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).toEqual({
        status: "Enabled",
      });
      expect(
        stack.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").inputs
          .rules,
      ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
      const rule = first(stack.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules);
      expect(rule).toMatchObject({ status: "Enabled", expiration: { days: 90 } });
      expect(stack.one("aws:s3/bucket:Bucket").inputs.acl).toBeUndefined();
      for (const type of [
        "bucketPublicAccessBlock:BucketPublicAccessBlock",
        "bucketOwnershipControls:BucketOwnershipControls",
        "bucketVersioning:BucketVersioning",
        "bucketPolicy:BucketPolicy",
      ]) {
        expect(stack.one(`aws:s3/${type}`).inputs.bucket).toBe(stack.plan.outputs.bucketId);
      }
    });

    it("lets only ELB log delivery write, under this account's prefix, and denies non-TLS access", () => {
      const bucketArn = textOf(stack.plan.outputs.bucketArn);
      const statements = statementsOf(stack.one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy);
      expect(statements).toEqual([
        {
          Sid: "ElbLogDeliveryWritesAccessLogs",
          Effect: "Allow",
          Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `${bucketArn}/AWSLogs/${ACCOUNT}/*`,
        },
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
      ]);
    });
  });

  it("exposes the load balancer, target group, group and role for alarms, routing and the key policy", () => {
    const { outputs } = stack.plan;
    expect(outputs.loadBalancerDnsName).toMatch(/\.us-east-1\.elb\.amazonaws\.com$/);
    expect(outputs.loadBalancerZoneId).toBe("Z35SXDOTRQ7X7K");
    expect(outputs.loadBalancerArnSuffix).toMatch(/^app\//);
    expect(outputs.targetGroupArnSuffix).toMatch(/^targetgroup\//);
    expect(outputs.autoScalingGroupName).toBe("use1-a-compute-asg");
    expect(outputs.instanceRoleArn).toBe(`arn:aws:iam::${ACCOUNT}:role/${ROLE}`);
    expect(outputs.healthCheckPath).toBe("/health/deep");
  });

  it("parents and names every child under the component and tags every taggable resource", () => {
    expectChildren(stack, "use1-a-compute");
    expect(expectCellTagsEverywhere(stack)).toBe(9);
  });

  it("takes outputs of other components, and applies the optional settings", async () => {
    const custom = await computeStack({
      keyArn: pulumi.output(KEY_ARN),
      queueArns: [],
      secretArns: [pulumi.output(SECRETS[0])],
      database: { clusterResourceId: pulumi.output("cluster-ZYXWVUTSRQPONMLKJIHGFEDCBA"), user: "tenant_api" },
      cacheArn: pulumi.output(CACHE_ARN),
      capacity: { instanceTypes: ["c7i.large"], min: 1, desired: 2, max: 4, targetCpuUtilization: 65 },
      imageId: "ami-0123456789abcdef0",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-3-2021-06",
      deletionProtection: false,
      healthCheckPath: "/ready",
      appPort: 9000,
    });
    const statements = statementsOf(custom.named("use1-a-compute-instance-policy").inputs.policy);
    expect(statements.map((statement) => statement.Sid)).not.toContain("UseCellQueues");
    expect(bySid(statements, "ConnectToCellDatabase").Resource).toBe(
      `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:cluster-ZYXWVUTSRQPONMLKJIHGFEDCBA/tenant_api`,
    );
    expect(custom.one("aws:ec2/launchTemplate:LaunchTemplate").inputs.imageId).toBe("ami-0123456789abcdef0");
    expect(custom.one("aws:lb/loadBalancer:LoadBalancer").inputs.enableDeletionProtection).toBe(false);
    expect(custom.named("use1-a-compute-https").inputs.sslPolicy).toBe("ELBSecurityPolicy-TLS13-1-3-2021-06");
    expect(custom.one("aws:lb/targetGroup:TargetGroup").inputs).toMatchObject({
      port: 9000,
      healthCheck: { path: "/ready" },
    });
    expect(objectAt(custom.one("aws:autoscaling/policy:Policy").inputs.targetTrackingConfiguration).targetValue).toBe(
      65,
    );
    expect(custom.one("aws:autoscaling/group:Group").inputs).toMatchObject({
      minSize: 1,
      desiredCapacity: 2,
      maxSize: 4,
    });
  });

  it("treats any wildcard resource name as a wildcard grant, but not paths below a named resource", () => {
    const allow = (resource: string | string[]) =>
      wildcardGrants({ Statement: [{ Effect: "Allow", Action: "x:Do", Resource: resource }] });
    for (const wildcard of [
      "*",
      "",
      `arn:aws:sqs:us-east-1:${ACCOUNT}:*`,
      `arn:aws:iam::${ACCOUNT}:role/*`,
      `arn:aws:kms:*:${ACCOUNT}:key/k`,
      `arn:aws:elasticache:us-east-1:${ACCOUNT}:replicationgroup:*`,
      [CACHE_ARN, "*"],
    ]) {
      expect(allow(wildcard), JSON.stringify(wildcard)).toEqual(["x:Do"]);
    }
    for (const scoped of [
      QUEUES[0],
      KEY_ARN,
      CACHE_ARN,
      "arn:aws:s3:::logs-bucket/AWSLogs/123456789012/*",
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:flow:*`,
      `arn:aws:rds-db:us-east-1:${ACCOUNT}:dbuser:cluster-ABC/app`,
    ]) {
      expect(allow(scoped), scoped).toEqual([]);
    }
    expect(
      wildcardGrants({
        Statement: [
          { Effect: "Deny", Action: "s3:*", Resource: "*" },
          { Effect: "Allow", Action: "x:Do" },
        ],
      }),
    ).toEqual(["x:Do"]);
  });

  it("accepts only TLS 1.2+ listener policies", () => {
    for (const policy of [
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS13-1-3-2021-06",
      "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
      "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
      "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
      "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    ]) {
      expect(isModernTlsPolicy(policy), policy).toBe(true);
    }
    for (const policy of [
      "ELBSecurityPolicy-2016-08",
      "ELBSecurityPolicy-TLS-1-1-2017-01",
      "ELBSecurityPolicy-TLS13-1-0-2021-06",
      "ELBSecurityPolicy-TLS13-1-1-2021-06",
      "ELBSecurityPolicy-FS-1-1-2019-08",
      "ELBSecurityPolicy-2015-05",
      "",
    ]) {
      expect(isModernTlsPolicy(policy), policy).toBe(false);
    }
  });

  it("rejects weak TLS, foreign certificates, wildcard ARNs and inconsistent capacity, naming each field", async () => {
    await expectArgsErrorInStack(
      (provider) =>
        new CellCompute(
          "bad-compute",
          {
            ...ARGS,
            publicSubnetIds: ["subnet-public-a"],
            certificateArn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012`,
            sslPolicy: "ELBSecurityPolicy-2016-08",
            capacity: { instanceTypes: ["m7i.large"], min: 4, desired: 3, max: 2, targetCpuUtilization: 95 },
            queueArns: [`arn:aws:sqs:us-east-1:${ACCOUNT}:*`],
            secretArns: [`arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:other-AbCdEf`],
            cacheArn: `arn:aws:elasticache:us-east-1:${ACCOUNT}:cluster:use1-a-cache`,
            database: { clusterResourceId: "db-ABC", user: "1app" },
            healthCheckPath: "health",
            appPort: 443,
          },
          { providers: { aws: provider } },
        ),
      [
        "publicSubnetIds",
        "certificateArn",
        "sslPolicy",
        "Graviton",
        "min ≤ desired ≤ max",
        "capacity.targetCpuUtilization",
        "queueArns",
        "secretArns",
        "cacheArn",
        "database.clusterResourceId",
        "database.user",
        "healthCheckPath",
        "appPort",
      ],
    );
  });

  it("rejects missing wiring and an empty instance type list", async () => {
    await expectArgsErrorInStack(
      (provider) =>
        new CellCompute(
          "bad-compute",
          {
            ...ARGS,
            vpcId: "",
            appSecurityGroupId: "",
            certificateArn: "",
            cacheArn: "",
            keyArn: "",
            capacity: { instanceTypes: [], min: 0, desired: 0, max: 0 },
          },
          { providers: { aws: provider } },
        ),
      [
        "vpcId",
        "appSecurityGroupId",
        "certificateArn is required",
        "cacheArn is required",
        "keyArn",
        "capacity.instanceTypes",
        "capacity.min",
      ],
    );
  });
});

describe("CellCompute outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await computeStack(), "use1-a-compute", { extra: ["bucketArn", "bucketId"] });
  });
});
