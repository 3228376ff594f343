/**
 * The fleet map in the PR comment of `cells diff`: present when the topology changes (a cell added, drained,
 * evacuated or removed), absent otherwise — even when tenants move. Read from the global stack's `cellLoads` output,
 * drawn with the same Mermaid rendering as `cells map --format mermaid`.
 */
import { describe, expect, it } from "vitest";
import { placeTenants, type PlacementCell } from "../../../fleet/placement";
import { diffPlanSets } from "../../../tools/diff/plan-diff";
import { renderJson } from "../../../tools/diff/render-json";
import { renderMarkdown } from "../../../tools/diff/render-markdown";
import { ROUTING_ENTRIES_TYPE } from "../../../tools/diff/routing-moves";
import type { JsonObject, PlanFile } from "../../../tools/lib/plan-file";
import { buildFleetMap } from "../../../tools/map/model";
import { mermaidBlock } from "../../../tools/map/render-mermaid";
import { cellPlan, plan, resource } from "./helpers";

const DOMAIN = "shop.example.com";
const BASE_TENANTS = Array.from({ length: 40 }, (_, index) => ({
  id: `t-${String(index).padStart(2, "0")}`,
  weight: 1,
}));
const REGIONS: Record<string, string> = { a: "us-east-1", b: "us-east-1", c: "eu-west-1", d: "eu-west-1" };

type States = Record<string, PlacementCell["state"]>;

function cells(states: States): PlacementCell[] {
  return Object.entries(states).map(([id, state]) => ({
    id,
    region: REGIONS[id],
    state,
    capacity: { maxTenants: 50 },
  }));
}

/** The global stack's plan as program/global-stack.ts writes it: the routing map and the outputs the map reads. */
function globalPlan(states: States, tenants = BASE_TENANTS, withLoads = true): PlanFile {
  const placement = placeTenants(cells(states), tenants);
  const pairs = [
    ...Object.entries(states)
      .filter(([, state]) => state !== "evacuated")
      .map(([id, state]) => ({ key: `cell:${id}`, value: JSON.stringify({ state }) })),
    ...Object.entries(placement.assignments).map(([tenant, cell]) => ({ key: `tenant:${tenant}`, value: cell })),
  ].sort((x, y) => (x.key < y.key ? -1 : 1));
  const outputs: JsonObject = {
    endpoint: `app.${DOMAIN}`,
    failoverRegion: "us-east-1",
    ...(withLoads ? { cellLoads: placement.cells as unknown as JsonObject[] } : {}),
  };
  return plan(
    "global",
    [resource("global", ROUTING_ENTRIES_TYPE, "global-routing-entries", { resourceKeyValuePairs: pairs })],
    { outputs },
  );
}

function plans(states: States, tenants = BASE_TENANTS, withLoads = true): PlanFile[] {
  return [...Object.keys(states).map((id) => cellPlan(`cell-${id}`)), globalPlan(states, tenants, withLoads)];
}

const BASE: States = { a: "active", b: "active", c: "active" };

describe("cells diff: the fleet map when the topology changes", () => {
  const cases: [string, States, RegExp][] = [
    ["a cell added", { ...BASE, d: "active" }, /- `d` \(eu-west-1\): \*\*added\*\*, ACTIVE/],
    ["a cell drained", { ...BASE, b: "draining" }, /- `b` \(us-east-1\): ACTIVE → \*\*DRAINING\*\*/],
    ["a cell evacuated", { ...BASE, c: "evacuated" }, /- `c` \(eu-west-1\): ACTIVE → \*\*EVACUATED\*\*/],
    ["a cell removed", { a: "active", b: "active" }, /- `c` \(eu-west-1\): \*\*removed\*\* \(was ACTIVE\)/],
  ];
  for (const [what, head, line] of cases) {
    it(`${what}: the comment names the change and draws the head's map in Mermaid`, () => {
      const report = diffPlanSets(plans(BASE), plans(head));
      const markdown = renderMarkdown(report);
      expect(markdown).toContain("#### 🗺️ Fleet map: the topology changes");
      expect(markdown).toMatch(line);
      const expected = buildFleetMap({
        domain: DOMAIN,
        defaultRegion: "us-east-1",
        cells: placeTenants(cells(head), BASE_TENANTS).cells,
      });
      expect(markdown).toContain(mermaidBlock(expected));
      for (const id of Object.keys(head)) {
        expect(markdown).toMatch(new RegExp(`c_${id}\\["${id} · (ACTIVE|DRAINING|EVACUATED)<br/>`));
      }
      const json = JSON.parse(renderJson(report)) as { topology?: { changes: unknown[] } };
      expect(json.topology?.changes).toHaveLength(1);
    });
  }

  it("no map when only tenants change, not the cells (tenants move, none of the states change)", () => {
    const more = [...BASE_TENANTS, { id: "t-new", weight: 3 }];
    const report = diffPlanSets(plans(BASE), plans(BASE, more));
    expect(report.stacks.find((stack) => stack.stack === "global")?.status).toBe("changed");
    expect(report.topology).toBeUndefined();
    const markdown = renderMarkdown(report);
    expect(markdown).not.toContain("Fleet map");
    expect(markdown).not.toContain("```mermaid");
  });

  it("no map when a side predates the cellLoads output (nothing to read the topology from)", () => {
    const report = diffPlanSets(plans(BASE, BASE_TENANTS, false), plans({ ...BASE, b: "draining" }));
    expect(report.topology).toBeUndefined();
    expect(renderMarkdown(report)).not.toContain("```mermaid");
  });

  it("replaces a map too large for its share of the comment by the command that draws it", () => {
    const report = diffPlanSets(plans(BASE), plans({ ...BASE, d: "active" }));
    const markdown = renderMarkdown(report, { maxLength: 4_000 });
    expect(markdown).toContain("- `d` (eu-west-1): **added**, ACTIVE");
    expect(markdown).not.toContain("```mermaid");
    expect(markdown).toContain("`npx cells map --format html --out map.html` draws it");
  });
});

describe("cells diff: frozen tenants", () => {
  it("shows tenants newly frozen in the routing map, which are not moves", () => {
    const base = plans(BASE);
    const head = plans(BASE);
    const global = head.find((entry) => entry.stack === "global")!;
    const pairs = global.resources[0].inputs.resourceKeyValuePairs as { key: string; value: string }[];
    const frozen = pairs.find((pair) => pair.key === "tenant:t-03")!;
    frozen.value = `${frozen.value};frozen`;
    const report = diffPlanSets(base, head);
    const routing = report.stacks.find((stack) => stack.stack === "global")?.routing;
    expect(routing).toMatchObject({ moved: 0, frozen: ["t-03"] });
    expect(renderMarkdown(report)).toContain("- ⏸️ frozen (the edge answers 503 + retry-after): `t-03`");
  });
});
