import { describe, expect, it } from "vitest";
import { placeTenants, type PlacementCell } from "../../../fleet/placement";
import { diffPlanSets } from "../../../tools/diff/plan-diff";
import { renderMarkdown } from "../../../tools/diff/render-markdown";
import { ROUTING_ENTRIES_TYPE } from "../../../tools/diff/routing-moves";
import type { PlanFile } from "../../../tools/lib/plan-file";
import { CACHE, cellPlan, plan, resource } from "./helpers";

const TENANTS = Array.from({ length: 60 }, (_, index) => ({
  id: `tenant-${String(index).padStart(2, "0")}`,
  weight: 1,
}));

function cells(states: Record<string, PlacementCell["state"]>): PlacementCell[] {
  return Object.entries(states).map(([id, state]) => ({
    id,
    region: "us-east-1",
    state,
    capacity: { maxTenants: 100 },
  }));
}

/** The global stack's routing map, from the same placement code `cells placement` uses. */
function globalPlan(fleet: PlacementCell[]): PlanFile {
  const { assignments } = placeTenants(fleet, TENANTS);
  const serving = fleet.filter((cell) => cell.state !== "evacuated");
  const pairs = [
    ...serving.map((cell) => ({ key: `cell:${cell.id}`, value: JSON.stringify({ state: cell.state }) })),
    ...Object.entries(assignments).map(([tenant, cell]) => ({ key: `tenant:${tenant}`, value: cell })),
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
  return plan("global", [
    resource("global", ROUTING_ENTRIES_TYPE, "global-routing-entries", { resourceKeyValuePairs: pairs }),
  ]);
}

function fleetPlans(states: Record<string, PlacementCell["state"]>): PlanFile[] {
  return [...Object.keys(states).map((id) => cellPlan(`cell-${id}`)), globalPlan(cells(states))];
}

const ACTIVE = { a: "active", b: "active", c: "active" } as const;

describe("the routing map as tenant moves", () => {
  it("a drained cell: every moving tenant named, grouped by cell pair with counts; the comment is not green", () => {
    const before = placeTenants(cells(ACTIVE), TENANTS).assignments;
    const report = diffPlanSets(fleetPlans(ACTIVE), fleetPlans({ ...ACTIVE, b: "draining" }));
    const leaving = Object.keys(before).filter((tenant) => before[tenant] === "b");
    expect(leaving.length).toBeGreaterThan(5);
    const global = report.stacks.find((stack) => stack.stack === "global");
    expect(global?.routing?.moved).toBe(leaving.length);
    expect(global?.resources[0]?.properties.map((property) => property.path)).toEqual([
      'resourceKeyValuePairs[key="cell:b"].value.state',
    ]);
    expect(report.risks.map((risk) => [risk.severity, risk.kind])).toEqual([["warning", "tenants-move"]]);
    expect(report.risks[0]?.message).toContain(
      `${leaving.length} tenants move to another cell: \`b\` loses ${leaving.length}`,
    );

    const markdown = renderMarkdown(report);
    expect(markdown.split("\n")[1]).toContain("🟠 1 warning");
    expect(markdown).not.toContain("🟢");
    expect(markdown).not.toContain('resourceKeyValuePairs[key="tenant:');
    const after = placeTenants(cells({ ...ACTIVE, b: "draining" }), TENANTS).assignments;
    for (const tenant of leaving) {
      expect(markdown).toContain(`  - \`${tenant}\`  b → ${after[tenant]}`);
    }
    const toA = leaving.filter((tenant) => after[tenant] === "a").length;
    expect(markdown).toContain(`- **\`b\` → \`a\`**: ${toA} tenant${toA === 1 ? "" : "s"}`);
  });

  it("a cell removed while it hosts tenants is red, and names the cell and the count", () => {
    const hosted = Object.values(placeTenants(cells(ACTIVE), TENANTS).assignments).filter((cell) => cell === "c");
    const report = diffPlanSets(fleetPlans(ACTIVE), fleetPlans({ a: "active", b: "active" }));
    const danger = report.risks.filter((risk) => risk.severity === "danger");
    expect(danger).toHaveLength(1);
    expect(danger[0]?.message).toContain(`cell \`c\` removed while it still hosts ${hosted.length} tenants`);
    expect(renderMarkdown(report).split("\n")[1]).toMatch(/^### cellplane diff: 🔴 1 destructive change/);
  });

  it("a cell evacuated in one step is red too; draining it first is not", () => {
    const evacuated = diffPlanSets(fleetPlans(ACTIVE), fleetPlans({ ...ACTIVE, c: "evacuated" }));
    expect(evacuated.risks[0]).toMatchObject({ severity: "danger", kind: "cell-unserved" });
    expect(evacuated.risks[0]?.message).toContain("cell `c` evacuated while it still hosts");
    const afterDrain = diffPlanSets(
      fleetPlans({ ...ACTIVE, c: "draining" }),
      fleetPlans({ ...ACTIVE, c: "evacuated" }),
    );
    expect(afterDrain.risks.filter((risk) => risk.severity === "danger")).toEqual([]);
  });
});

describe("secret rotation", () => {
  const PASSWORD = "random:index/randomPassword:RandomPassword";
  const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
  const STACK = "cell-a";

  function cachePlan(length: number): PlanFile {
    const token = resource(STACK, PASSWORD, "a-cache-auth-token", { length, special: false });
    return plan(STACK, [
      token,
      resource(
        STACK,
        CACHE,
        "a-cache-group",
        { engine: "valkey", authToken: "[secret]" },
        { dependencies: [token.urn] },
      ),
      resource(STACK, VERSION, "a-cache-auth-token-value", { secretString: "[secret]" }, { dependencies: [token.urn] }),
      resource(STACK, "aws:sqs/queue:Queue", "a-orders", { name: "orders" }),
    ]);
  }

  it("names every consumer of a replaced password, with the property, and never a value", () => {
    const report = diffPlanSets([cachePlan(32)], [cachePlan(40)]);
    const rotated = report.risks.find((risk) => risk.kind === "secret-rotated");
    expect(rotated).toMatchObject({ severity: "warning", name: "a-cache-auth-token" });
    expect(rotated?.message).toBe(
      "new value for `a-cache-group` (`authToken`), `a-cache-auth-token-value` (`secretString`); " +
        "the value is never shown",
    );
    expect(report.totals).toMatchObject({ replace: 1, update: 2, same: 1 });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("**secret rotated** `a-cache-auth-token`");
    expect(markdown).toContain("- `authToken`: secret changed (value not shown)");
    expect(markdown).toContain("- `secretString`: secret changed (value not shown)");
    expect(markdown.split("\n")[1]).not.toContain("🟢");
  });
});
