import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CellNetwork, networkLayout, type CellNetworkArgs } from "../../../components/cell/cell-network";
import { wildcardGrants } from "../../../components/lib/iam";
import {
  ACCOUNT,
  CELL,
  dependsOn,
  expectArgsErrorInStack,
  expectCellTagsEverywhere,
  expectChildren,
  KEY_ARN,
  listOf,
  statementsOf,
  ZONES,
  expectRegisteredOutputs,
  synthesizeRecorded,
  type RecordedStack,
} from "../helpers";

const ARGS: CellNetworkArgs = { cell: CELL, zones: ZONES, vpcCidr: "10.16.0.0/16", keyArn: KEY_ARN };

function networkStack(overrides: Partial<CellNetworkArgs> = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    const network = new CellNetwork("use1-a-net", { ...ARGS, ...overrides }, { providers: { aws: provider } });
    return network.outputs;
  });
}

describe("CellNetwork", () => {
  let stack: RecordedStack;
  beforeAll(async () => {
    stack = await networkStack();
  });

  it("creates a VPC with the cell CIDR and DNS support and hostnames on", () => {
    expect(stack.named("use1-a-net-vpc").inputs).toMatchObject({
      cidrBlock: "10.16.0.0/16",
      enableDnsSupport: true,
      enableDnsHostnames: true,
    });
  });

  it("lays out one public and one private subnet per zone from planSubnets, none mapping public IPs", () => {
    const expected = [
      ["a", "10.16.0.0/19", "10.16.224.0/22"],
      ["b", "10.16.32.0/19", "10.16.228.0/22"],
      ["c", "10.16.64.0/19", "10.16.232.0/22"],
    ];
    for (const [suffix, privateCidr, publicCidr] of expected) {
      expect(stack.named(`use1-a-net-private-${suffix}`).inputs).toMatchObject({
        availabilityZone: `us-east-1${suffix}`,
        cidrBlock: privateCidr,
        mapPublicIpOnLaunch: false,
      });
      expect(stack.named(`use1-a-net-public-${suffix}`).inputs).toMatchObject({
        availabilityZone: `us-east-1${suffix}`,
        cidrBlock: publicCidr,
        mapPublicIpOnLaunch: false,
      });
    }
    const subnets = stack.ofType("aws:ec2/subnet:Subnet");
    expect(subnets).toHaveLength(6);
    expect(subnets.every((subnet) => subnet.inputs.mapPublicIpOnLaunch === false)).toBe(true);
    expect(stack.plan.outputs.privateSubnetIds).toHaveLength(3);
  });

  it("empties the default security group", () => {
    const defaultGroup = stack.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
    expect(defaultGroup.inputs.ingress).toEqual([]);
    expect(defaultGroup.inputs.egress).toEqual([]);
    expect(dependsOn(defaultGroup, stack.named("use1-a-net-vpc"))).toBe(true);
  });

  it("routes the public subnets to the internet gateway", () => {
    const route = stack.named("use1-a-net-public-internet-route");
    expect(route.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
    expect(dependsOn(route, stack.named("use1-a-net-igw"))).toBe(true);
    expect(route.inputs.natGatewayId).toBeUndefined();
    for (const suffix of ["a", "b", "c"]) {
      const association = stack.named(`use1-a-net-public-rta-${suffix}`);
      expect(dependsOn(association, stack.named("use1-a-net-public-rt"))).toBe(true);
      expect(dependsOn(association, stack.named(`use1-a-net-public-${suffix}`))).toBe(true);
    }
  });

  it(
    "puts a NAT gateway with its own EIP in each zone's " +
      "public subnet, and routes each private subnet to its zone's NAT",
    () => {
      expect(stack.ofType("aws:ec2/natGateway:NatGateway")).toHaveLength(3);
      for (const suffix of ["a", "b", "c"]) {
        const nat = stack.named(`use1-a-net-nat-${suffix}`);
        expect(nat.inputs.connectivityType).toBe("public");
        expect(dependsOn(nat, stack.named(`use1-a-net-public-${suffix}`))).toBe(true);
        expect(dependsOn(nat, stack.named(`use1-a-net-nat-eip-${suffix}`))).toBe(true);
        expect(dependsOn(nat, stack.named("use1-a-net-igw"))).toBe(true);
        expect(stack.named(`use1-a-net-nat-eip-${suffix}`).inputs.domain).toBe("vpc");
        const route = stack.named(`use1-a-net-private-nat-route-${suffix}`);
        expect(route.inputs.destinationCidrBlock).toBe("0.0.0.0/0");
        expect(route.inputs.gatewayId).toBeUndefined();
        expect(dependsOn(route, nat)).toBe(true);
        expect(dependsOn(route, stack.named(`use1-a-net-private-rt-${suffix}`))).toBe(true);
        expect(
          dependsOn(stack.named(`use1-a-net-private-rta-${suffix}`), stack.named(`use1-a-net-private-${suffix}`)),
        ).toBe(true);
      }
    },
  );

  it("attaches the S3 gateway endpoint to the private route tables only", () => {
    const endpoint = stack.named("use1-a-net-s3-endpoint");
    expect(endpoint.inputs).toMatchObject({ vpcEndpointType: "Gateway", serviceName: "com.amazonaws.us-east-1.s3" });
    expect(endpoint.inputs.routeTableIds).toHaveLength(3);
    for (const suffix of ["a", "b", "c"]) {
      expect(dependsOn(endpoint, stack.named(`use1-a-net-private-rt-${suffix}`))).toBe(true);
    }
    expect(dependsOn(endpoint, stack.named("use1-a-net-public-rt"))).toBe(false);
  });

  describe("flow logs", () => {
    it("capture all traffic of the VPC into a log group encrypted with the cell key, kept a year", () => {
      const group = stack.named("use1-a-net-flow-logs");
      expect(group.inputs).toMatchObject({ kmsKeyId: KEY_ARN, retentionInDays: 365 });
      const flowLog = stack.one("aws:ec2/flowLog:FlowLog");
      expect(flowLog.inputs).toMatchObject({
        trafficType: "ALL",
        logDestinationType: "cloud-watch-logs",
        logDestination: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:use1-a-net-flow-logs`,
      });
      expect(dependsOn(flowLog, stack.named("use1-a-net-vpc"))).toBe(true);
      expect(dependsOn(flowLog, stack.named("use1-a-net-flow-logs-role"))).toBe(true);
      // Delivery starts at creation: the role's policy must exist by then, not only the role.
      expect(dependsOn(flowLog, stack.named("use1-a-net-flow-logs-policy"))).toBe(true);
    });

    it("write through a role only VPC Flow Logs of this account can assume", () => {
      const [trust, ...others] = statementsOf(stack.named("use1-a-net-flow-logs-role").inputs.assumeRolePolicy);
      expect(others).toEqual([]);
      expect(trust).toEqual({
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT },
          ArnLike: { "aws:SourceArn": `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/*` },
        },
      });
    });

    it("whose only policy writes to that one log group", () => {
      const policy = stack.one("aws:iam/rolePolicy:RolePolicy");
      expect(policy.name).toBe("use1-a-net-flow-logs-policy");
      const statements = statementsOf(policy.inputs.policy);
      expect(statements).toHaveLength(1);
      const groupArn = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:use1-a-net-flow-logs`;
      expect(statements[0]).toMatchObject({ Effect: "Allow", Resource: [groupArn, `${groupArn}:*`] });
      expect(listOf(statements[0].Action).sort()).toEqual([
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
      ]);
      expect(wildcardGrants({ Statement: statements })).toEqual([]);
      expect(stack.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    });
  });

  it("parents and names every child under the component and tags every taggable resource", () => {
    expectChildren(stack, "use1-a-net");
    expect(expectCellTagsEverywhere(stack)).toBeGreaterThan(20);
  });

  it("shares one NAT gateway in the first zone when natGateways is single", async () => {
    const single = await networkStack({ natGateways: "single", flowLogRetentionDays: 731 });
    const nats = single.ofType("aws:ec2/natGateway:NatGateway");
    expect(nats.map((nat) => nat.name)).toEqual(["use1-a-net-nat-a"]);
    expect(single.ofType("aws:ec2/eip:Eip")).toHaveLength(1);
    for (const suffix of ["a", "b", "c"]) {
      expect(dependsOn(single.named(`use1-a-net-private-nat-route-${suffix}`), nats[0])).toBe(true);
    }
    expect(single.named("use1-a-net-flow-logs").inputs.retentionInDays).toBe(731);
  });

  it("routes every private subnet through a NAT gateway that exists, its own unless single (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom("perZone" as const, "single" as const),
        (count, mode) => {
          const zones = "abcdef"
            .slice(0, count)
            .split("")
            .map((letter) => `eu-west-1${letter}`);
          const layout = networkLayout(zones, "10.48.0.0/16", mode);
          const natZones = new Set(
            layout.filter((zone, index) => zone.natZoneIndex === index).map((zone) => zone.zone),
          );
          expect(natZones.size).toBe(mode === "single" ? 1 : count);
          for (const [index, zone] of layout.entries()) {
            expect(natZones.has(layout[zone.natZoneIndex].zone)).toBe(true);
            expect(zone.natZoneIndex).toBe(mode === "single" ? 0 : index);
          }
          expect(new Set(layout.flatMap((zone) => [zone.publicCidr, zone.privateCidr])).size).toBe(2 * count);
        },
      ),
    );
  });

  it("rejects bad zones, CIDR, NAT mode, retention and key, naming each field", async () => {
    const message = await expectArgsErrorInStack(
      (provider) =>
        new CellNetwork(
          "bad-net",
          {
            cell: CELL,
            zones: ["us-east-1a", "us-west-2b", "us-east-1a"],
            vpcCidr: "8.8.0.0/16",
            keyArn: "alias/cellplane/use1-a",
            natGateways: "none" as "single",
            flowLogRetentionDays: 30,
          },
          { providers: { aws: provider } },
        ),
      ["zones", "us-west-2b", "repeats", "vpcCidr", "RFC 1918", "natGateways", "flowLogRetentionDays", "keyArn"],
    );
    expect(message).not.toContain("has 3 zone(s)");
  });

  it("rejects a single zone, a malformed CIDR and a VPC too small for the layout", async () => {
    await expectArgsErrorInStack(
      (provider) =>
        new CellNetwork(
          "bad-net",
          { ...ARGS, zones: ["us-east-1a"], vpcCidr: "10.16.0.1/16" },
          { providers: { aws: provider } },
        ),
      ["zones has 1 zone", "host bits"],
    );
    await expectArgsErrorInStack(
      (provider) => new CellNetwork("bad-net", { ...ARGS, vpcCidr: "10.16.0.0/24" }, { providers: { aws: provider } }),
      ["vpcCidr", "/16 to /20"],
    );
  });
});

describe("CellNetwork outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    expectRegisteredOutputs(await networkStack(), "use1-a-net");
  });
});
