import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { changedTotal } from "../../../tools/diff/model";
import { diffPlanSets, diffStackPlans } from "../../../tools/diff/plan-diff";
import { renderJson } from "../../../tools/diff/render-json";
import { renderMarkdown } from "../../../tools/diff/render-markdown";
import type { PlanFile } from "../../../tools/lib/plan-file";
import { cellPlan, DB_CLUSTER, DB_INSTANCE, plan, QUEUE, resource, SECURITY_GROUP, urn } from "./helpers";

const STACK = "cell-use1-a";

function changeOf(report: ReturnType<typeof diffPlanSets>, name: string) {
  return report.stacks.flatMap((stack) => stack.resources).find((change) => change.name === name);
}

describe("diffPlanSets", () => {
  it("calls an instance class change an in-place update", () => {
    const report = diffPlanSets([cellPlan(STACK)], [cellPlan(STACK, { instanceClass: "db.r7g.xlarge" })]);
    const change = changeOf(report, "db-1");
    expect(change?.kind).toBe("update");
    expect(change?.properties).toEqual([
      {
        path: "instanceClass",
        kind: "update",
        before: '"db.r7g.large"',
        after: '"db.r7g.xlarge"',
        secret: false,
        forcesReplacement: false,
      },
    ]);
    expect(report.risks).toEqual([]);
    expect(report.totals).toMatchObject({ update: 1, replace: 0, same: 4 });
  });

  it("calls a queue rename a likely replacement and a risk", () => {
    const report = diffPlanSets([cellPlan(STACK)], [cellPlan(STACK, { queueName: "orders-v2" })]);
    const change = changeOf(report, "orders");
    expect(change).toMatchObject({ kind: "replace", replaceReasons: ["name"], replaceConfirmed: false });
    expect(report.risks).toHaveLength(1);
    expect(report.risks[0]).toMatchObject({ severity: "danger", kind: "replace", stack: STACK, name: "orders" });
    expect(report.risks[0]?.message).toContain('"orders-v2"');
  });

  it.each([
    [DB_CLUSTER, { engine: "aurora-mysql" }, "engine"],
    [DB_CLUSTER, { clusterIdentifier: "db-2" }, "clusterIdentifier"],
    [QUEUE, { fifoQueue: true }, "fifoQueue"],
    ["aws:elasticache/replicationGroup:ReplicationGroup", { subnetGroupName: "other" }, "subnetGroupName"],
    ["aws:elasticache/replicationGroup:ReplicationGroup", { engine: "redis" }, "engine"],
    ["aws:kms/key:Key", { keyUsage: "SIGN_VERIFY" }, "keyUsage"],
    ["aws:cloudwatch/logGroup:LogGroup", { name: "/cells/x2" }, "name"],
    ["aws:route53/zone:Zone", { name: "b.example.com" }, "name"],
  ])("treats %s %j as a replacement", (type, change, reason) => {
    const base = plan(STACK, [resource(STACK, type, "r", { name: "a", engine: "valkey", fifoQueue: false })]);
    const head = plan(STACK, [
      resource(STACK, type, "r", { name: "a", engine: "valkey", fifoQueue: false, ...change }),
    ]);
    const report = diffPlanSets([base], [head]);
    expect(changeOf(report, "r")?.replaceReasons).toEqual([reason]);
    expect(report.risks.map((risk) => risk.kind)).toEqual(["replace"]);
  });

  it("reports a removed stack as one notice with its resource count, not one line per resource", () => {
    const report = diffPlanSets([cellPlan(STACK), cellPlan("cell-use1-b")], [cellPlan(STACK)]);
    const removed = report.stacks.find((stack) => stack.stack === "cell-use1-b");
    expect(removed).toMatchObject({ status: "removed", orphaned: 5, resources: [] });
    expect(removed?.counts).toMatchObject({ delete: 5, create: 0 });
    expect(report.risks).toEqual([
      {
        severity: "notice",
        kind: "stack-removed",
        stack: "cell-use1-b",
        message:
          "removed from the code, not destroyed: its 5 resources are orphaned until `pulumi destroy -s cell-use1-b`",
      },
    ]);
  });

  it("reports a new cell as an added stack of creates, with no risk", () => {
    const report = diffPlanSets([cellPlan(STACK)], [cellPlan(STACK), cellPlan("cell-euw1-a")]);
    expect(report.stacks.find((stack) => stack.stack === "cell-euw1-a")).toMatchObject({
      status: "added",
      counts: { create: 5 },
    });
    expect(report.risks).toEqual([]);
  });

  it("shows only that a secret changed", () => {
    const report = diffPlanSets(
      [cellPlan(STACK, { password: "old-plaintext-pw" })],
      [cellPlan(STACK, { password: "[secret]" })],
    );
    const property = changeOf(report, "db")?.properties[0];
    expect(property).toMatchObject({ path: "masterPassword", secret: true, before: "[secret]", after: "[secret]" });
    const output = renderMarkdown(report) + renderJson(report);
    expect(output).not.toContain("old-plaintext-pw");
    expect(output).toContain("secret changed (value not shown)");
  });

  it("warns when protect or deletion protection is removed, or final snapshots are skipped", () => {
    const before = plan(STACK, [resource(STACK, DB_CLUSTER, "db", { deletionProtection: true }, { protect: true })]);
    const after = plan(STACK, [
      resource(STACK, DB_CLUSTER, "db", { deletionProtection: false, skipFinalSnapshot: true }),
    ]);
    const kinds = diffPlanSets([before], [after]).risks.map((risk) => risk.kind);
    expect(kinds).toEqual(["protect-removed", "deletion-protection-off", "final-snapshot-skipped"]);
  });

  it("notes a probable rename when a resource of the same type is deleted and created", () => {
    const before = plan(STACK, [resource(STACK, QUEUE, "orders", { name: "orders" })]);
    const after = plan(STACK, [resource(STACK, QUEUE, "orders-v2", { name: "orders" })]);
    const report = diffPlanSets([before], [after]);
    expect(changeOf(report, "orders")?.notes[0]).toContain("probably renamed to `orders-v2`");
    expect(report.totals).toMatchObject({ create: 1, delete: 1 });
    expect(report.risks.map((risk) => risk.kind)).toEqual(["replace"]);
    expect(report.risks[0]?.message).toContain(
      "renamed to `orders-v2`: without an alias Pulumi deletes it and creates a new one",
    );
  });

  it("pairs renamed queues even when their parent component is renamed too", () => {
    const queue = (component: string, name: string) => ({
      ...resource(STACK, QUEUE, name, { name }),
      urn: `urn:pulumi:${STACK}::cellplane::cellplane:cell:Cell$cellplane:cell:CellQueue$${QUEUE}::${name}`,
      parent: `urn:pulumi:${STACK}::cellplane::cellplane:cell:Cell$cellplane:cell:CellQueue::${component}`,
    });
    const before = plan(STACK, [
      queue("ledger", "use1-a-queue-ledger-queue"),
      queue("ledger", "use1-a-queue-ledger-dlq"),
    ]);
    const after = plan(STACK, [
      queue("payments", "use1-a-queue-payments-queue"),
      queue("payments", "use1-a-queue-payments-dlq"),
    ]);
    const report = diffPlanSets([before], [after]);
    expect(report.stacks[0]?.resources.filter((r) => r.kind === "delete").map((r) => [r.name, r.renamedTo])).toEqual([
      ["use1-a-queue-ledger-dlq", "use1-a-queue-payments-dlq"],
      ["use1-a-queue-ledger-queue", "use1-a-queue-payments-queue"],
    ]);
    expect(report.risks.map((risk) => risk.kind)).toEqual(["replace", "replace"]);
  });

  it("does not count component resources as updates", () => {
    const component = (inputs: Record<string, string>) =>
      resource(STACK, "cellplane:cell:CellQueue", "q", inputs, { component: true });
    const stack = diffStackPlans(STACK, plan(STACK, [component({ a: "1" })]), plan(STACK, [component({ a: "2" })]));
    expect(stack.status).toBe("unchanged");
    expect(stack.counts.same).toBe(1);
  });

  it("lists new and fixed policy violations per stack", () => {
    const violation = (policy: string, level: "mandatory" | "advisory") => ({
      policy,
      packName: "cellplane",
      enforcementLevel: level,
      message: `${policy} failed`,
      urn: urn(STACK, QUEUE, "orders"),
    });
    const base = { ...cellPlan(STACK), policy: { violations: [violation("old-rule", "advisory")] } };
    const head = { ...cellPlan(STACK), policy: { violations: [violation("new-rule", "mandatory")] } };
    const report = diffPlanSets([base], [head]);
    expect(report.stacks[0]?.policy.map((p) => `${p.status}:${p.policy}`)).toEqual(["fixed:old-rule", "new:new-rule"]);
    expect(report.stacks[0]?.status).toBe("changed");
    expect(report.risks.map((risk) => risk.kind)).toEqual(["policy-violation"]);
  });

  it("finds no change when a plan set is diffed with itself (property)", () => {
    const inputs = fc.dictionary(
      fc.constantFrom("name", "engine", "tags", "port", "description", "masterPassword"),
      fc.oneof(
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant("[secret]"),
        fc.dictionary(fc.string({ minLength: 1 }), fc.string()),
      ),
    );
    const resources = fc.uniqueArray(
      fc.record({
        type: fc.constantFrom(QUEUE, DB_CLUSTER, DB_INSTANCE, SECURITY_GROUP),
        name: fc.string({ minLength: 1, maxLength: 8 }),
        inputs,
        protect: fc.boolean(),
      }),
      { selector: (r) => `${r.type}/${r.name}`, maxLength: 12 },
    );
    const plans = fc.uniqueArray(
      fc.record({ stack: fc.constantFrom("global", "cell-a", "cell-b", "cell-c"), resources }),
      {
        selector: (p) => p.stack,
        maxLength: 4,
      },
    );
    fc.assert(
      fc.property(plans, (generated) => {
        const planFiles: PlanFile[] = generated.map((p) =>
          plan(
            p.stack,
            p.resources.map((r) => resource(p.stack, r.type, r.name, r.inputs, { protect: r.protect })),
          ),
        );
        const report = diffPlanSets(planFiles, structuredClone(planFiles));
        return (
          changedTotal(report.totals) === 0 &&
          report.risks.length === 0 &&
          report.stacks.every((s) => s.status === "unchanged")
        );
      }),
    );
  });
});
