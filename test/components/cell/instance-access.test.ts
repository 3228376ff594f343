import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { agentMetricsNamespace, instanceAccessStatements } from "../../../components/cell/instance-access";
import { policyDocument } from "../../../components/lib/iam";
import { stackHash, stackScopedName } from "../../../components/lib/stack-names";
import { isUnscopableAction } from "../../../policies/least-privilege/unscopable-actions";
import { synthesize } from "../../support/synth";
import { bySid, listOf, statementsOf } from "../helpers";

const LOG_GROUP_ARN = "arn:aws:logs:us-east-1:123456789012:log-group:use1-a-app-logs-1a2b3c";

async function statementsFor(image: string) {
  const stack = await synthesize((provider) => {
    new aws.iam.RolePolicy(
      "agents",
      {
        role: "use1-a-app",
        policy: policyDocument(
          instanceAccessStatements({
            account: { accountId: "123456789012", partition: "aws" },
            region: "us-east-1",
            cellId: "use1-a",
            appLogGroupArn: LOG_GROUP_ARN,
            image,
          }),
        ),
      },
      { provider },
    );
  });
  return statementsOf(stack.named("agents").inputs.policy);
}

describe("instanceAccessStatements", () => {
  it("grants Session Manager, agent metrics in the cell namespace, app logs in the cell's group only", async () => {
    const statements = await statementsFor("123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront");
    expect(bySid(statements, "SessionManagerRegistersThisInstance").Resource).toBe(
      "arn:aws:ec2:us-east-1:123456789012:instance/*",
    );
    expect(bySid(statements, "AgentMetricsInCellNamespace").Condition).toEqual({
      StringEquals: { "cloudwatch:namespace": agentMetricsNamespace("use1-a") },
    });
    expect(bySid(statements, "AppLogsToCellLogGroup").Resource).toEqual([LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`]);
    expect(bySid(statements, "PullAppImage").Resource).toBe("arn:aws:ecr:us-east-1:123456789012:repository/storefront");
  });

  it("uses * only for actions AWS cannot scope (the pack's list), never a managed policy", async () => {
    const statements = await statementsFor("123456789012.dkr.ecr.us-east-1.amazonaws.com/team/storefront");
    for (const statement of statements.filter((candidate) => candidate.Resource === "*")) {
      for (const action of listOf(statement.Action)) {
        expect(isUnscopableAction(String(action)), String(action)).toBe(true);
      }
    }
    expect(bySid(statements, "PullAppImage").Resource).toBe(
      "arn:aws:ecr:us-east-1:123456789012:repository/team/storefront",
    );
  });

  it("needs no ECR grant for an image pulled without credentials", async () => {
    const statements = await statementsFor("public.ecr.aws/nginx/nginx");
    expect(statements.map((statement) => statement.Sid)).not.toContain("PullAppImage");
    expect(statements.map((statement) => statement.Sid)).not.toContain("EcrLogin");
  });
});

describe("stackScopedName", () => {
  it("is stable for a stack and differs between two environments of the same cell", () => {
    const prod = stackScopedName("use1-a-app", "acme/cellplane/cell-use1-a");
    expect(prod).toBe(stackScopedName("use1-a-app", "acme/cellplane/cell-use1-a"));
    expect(prod).not.toBe(stackScopedName("use1-a-app", "acme-staging/cellplane/cell-use1-a"));
    expect(prod).toMatch(/^use1-a-app-[0-9a-f]{8}$/);
    expect(stackHash("a")).toHaveLength(8);
    expect(() => stackScopedName("x".repeat(60), "s")).toThrow(/longer than 64/);
  });
});
