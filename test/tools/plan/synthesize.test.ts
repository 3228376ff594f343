import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { synthesizeStack } from "../../../tools/plan/synthesize";
import { synthesize } from "../../support/synth";

describe("offline synthesis", () => {
  it("records URN, parent, provider, protect and dependencies as the engine would", async () => {
    const stack = await synthesize(
      (provider) => {
        const key = new aws.kms.Key("k", { enableKeyRotation: true }, { provider });
        new aws.sqs.Queue("q", { kmsMasterKeyId: key.arn }, { provider, protect: true });
      },
      { stack: "cell-x" },
    );
    const queue = stack.named("q");
    expect(queue.urn).toBe("urn:pulumi:cell-x::cellplane::aws:sqs/queue:Queue::q");
    expect(queue.parent).toBe("urn:pulumi:cell-x::cellplane::pulumi:pulumi:Stack::cellplane-cell-x");
    expect(queue.protect).toBe(true);
    expect(queue.provider).toBe("urn:pulumi:cell-x::cellplane::pulumi:providers:aws::test-aws");
    expect(queue.dependencies).toEqual([stack.named("k").urn]);
    expect(queue.inputs.kmsMasterKeyId).toMatch(/^arn:aws:kms:us-east-1:123456789012:key\//);
  });

  it("qualifies a child's type with its parent's type chain", async () => {
    const stack = await synthesize(() => {
      const outer = new pulumi.ComponentResource("cellplane:test:Outer", "outer");
      const inner = new pulumi.ComponentResource("cellplane:test:Inner", "outer-inner", {}, { parent: outer });
      new aws.sqs.Queue("outer-inner-q", {}, { parent: inner });
    });
    expect(stack.named("outer-inner-q").urn).toBe(
      "urn:pulumi:test::cellplane::cellplane:test:Outer$cellplane:test:Inner$aws:sqs/queue:Queue::outer-inner-q",
    );
  });

  it("masks secrets, including outputs the engine marks secret", async () => {
    const stack = await synthesize((provider) => {
      new aws.ssm.Parameter(
        "p",
        { type: "SecureString", value: pulumi.secret("hunter2"), tags: { note: "plain" } },
        { provider },
      );
    });
    expect(stack.named("p").inputs.value).toBe("[secret]");
    expect(stack.named("p").inputs.tags).toEqual({ note: "plain" });
    expect(JSON.stringify(stack.plan)).not.toContain("hunter2");
  });

  it("fails the plan when an apply throws, instead of silently dropping the resource", async () => {
    await expect(
      synthesize((provider) => {
        const broken = pulumi.output("x").apply((): string => {
          throw new Error("policy names a wildcard resource");
        });
        new aws.sqs.Queue("q", { policy: broken }, { provider });
      }),
    ).rejects.toThrow(/planning stack test failed:\n {2}- .*policy names a wildcard resource/);
  });

  it("answers StackReference reads from planned outputs of other stacks", async () => {
    const plan = await synthesizeStack({
      project: "cellplane",
      stack: "global",
      config: {},
      stackOutputs: new Map([["cell-a", { loadBalancerDnsName: "a.elb.amazonaws.com" }]]),
      program: () => {
        const reference = new pulumi.StackReference("cell-a", { name: "acme/cellplane/cell-a" });
        return { dns: reference.getOutput("loadBalancerDnsName") };
      },
    });
    expect(plan.outputs).toEqual({ dns: "a.elb.amazonaws.com" });
  });
});
