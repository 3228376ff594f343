/**
 * An error raised while a stack's program runs is reported against that stack only, even when several stacks
 * synthesize at once in one process (as `cells plan` does): a program that throws, or an `apply` that throws
 * later (an unhandled rejection), fails its own stack and leaves the others' plans intact.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import * as path from "node:path";
import { loadFleet } from "../../fleet/load";
import { FleetValidationError } from "../../fleet/problems";
import { loadTenants } from "../../fleet/tenants";
import { buildGlobalStack } from "../../program/global-stack";
import { SynthesisError } from "../../tools/plan/rejections";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";
import { synthesizeStack } from "../../tools/plan/synthesize";

type Program = () => Promise<Record<string, unknown>>;

function plan(stack: string, program: Program, config: Record<string, string> = {}) {
  return synthesizeStack({ project: "cellplane", stack, config: { "aws:region": "us-east-1", ...config }, program });
}

/** A healthy stack that keeps registering resources while the others fail. */
const healthy: Program = async () => {
  const queues = [];
  for (let index = 0; index < 20; index++) {
    queues.push(new aws.sqs.Queue(`ok-${index}`, { name: pulumi.output(`ok-${index}`).apply((name) => name) }));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { count: queues.length };
};

/** A program whose apply throws after the program returned: the error surfaces as an unhandled rejection. */
const applyThrows: Program = async () => {
  const broken = pulumi.output("x").apply((): string => {
    throw new Error("apply of broken-apply failed");
  });
  new aws.sqs.Queue("q", { policy: broken });
  return Promise.resolve({});
};

/** A program that throws while it builds (as a component refusing its arguments does). */
const programThrows: Program = async () => {
  new aws.sqs.Queue("before");
  await new Promise((resolve) => setImmediate(resolve));
  throw new Error("program of broken-program refused its input");
};

describe("errors while stacks synthesize concurrently", () => {
  it("blames each error on its own stack and plans the others", async () => {
    const results = await Promise.allSettled([
      plan("healthy-a", healthy),
      plan("broken-apply", applyThrows),
      plan("healthy-b", healthy),
      plan("broken-program", programThrows),
      plan("healthy-c", healthy),
    ]);
    const [a, apply, b, program, c] = results;
    for (const ok of [a, b, c]) {
      expect(ok.status, ok.status === "rejected" ? String(ok.reason) : "").toBe("fulfilled");
    }
    expect(apply.status).toBe("rejected");
    expect(program.status).toBe("rejected");
    const applyError = (apply as PromiseRejectedResult).reason as SynthesisError;
    const programError = (program as PromiseRejectedResult).reason as SynthesisError;
    expect(applyError).toBeInstanceOf(SynthesisError);
    expect(applyError.label).toBe("planning stack broken-apply");
    expect(applyError.message).toContain("apply of broken-apply failed");
    expect(applyError.message).not.toContain("broken-program");
    expect(programError).toBeInstanceOf(SynthesisError);
    expect(programError.label).toBe("planning stack broken-program");
    expect(programError.message).toContain("program of broken-program refused its input");
    expect(programError.message).not.toContain("broken-apply");
  });
});

describe("the global stack's configuration", () => {
  it("reports a wrong edge certificate as the stack file's problem, not as a component refusing it", async () => {
    const fleet = loadFleet(REFERENCE_CELLS_DIR);
    const error = await plan("global", () => Promise.resolve({ ...buildGlobalStack(fleet, loadTenants(fleet)) }), {
      "cellplane:edgeCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/5f0c1a3e",
      "cellplane:cellStackPrefix": "cell-",
    }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(SynthesisError);
    const [cause, ...rest] = (error as SynthesisError).causes;
    expect(rest.filter((other) => other !== cause)).toEqual([]);
    expect(cause).toBeInstanceOf(FleetValidationError);
    expect((cause as FleetValidationError).problems).toEqual([
      {
        file: path.join("stacks", "Pulumi.global.yaml"),
        path: "config.cellplane:edgeCertificateArn",
        value: "arn:aws:acm:eu-west-1:123456789012:certificate/5f0c1a3e",
        message: expect.stringMatching(/^must be an ACM certificate ARN in us-east-1/) as unknown,
      },
    ]);
  });
});
