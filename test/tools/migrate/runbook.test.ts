/**
 * The runbook of a drain of a reference cell: every move gets every step, in order, each with an action and a
 * rollback; the JSON and the Markdown are two renderings of the same model, so each says what the other says.
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadFleet } from "../../../fleet/load";
import { placeFleetTenants } from "../../../fleet/fleet-placement";
import { loadTenants } from "../../../fleet/tenants";
import { renderRunbookJson, renderRunbookMarkdown } from "../../../tools/migrate/render";
import { buildRunbook, STEP_IDS, type Runbook } from "../../../tools/migrate/runbook";
import { copyReferenceFleet } from "../../support/fleet-dir";

const temp = copyReferenceFleet();
afterAll(() => temp.cleanup());

const reference = loadFleet(temp.cellsDir);
const before = placeFleetTenants(reference, loadTenants(reference).tenants);
temp.edit("use1-c.yaml", (cell) => (cell.state = "draining"));

function runbookOf(batchSize = 10): Runbook {
  const fleet = loadFleet(temp.cellsDir);
  const tenants = loadTenants(fleet);
  const after = placeFleetTenants(fleet, tenants.tenants);
  return buildRunbook({
    against: "origin/main",
    copyHook: "scripts/copy-tenant",
    batchSize,
    domain: fleet.routing.domain,
    healthCheckPaths: Object.fromEntries(fleet.cells.map((cell) => [cell.id, cell.app.healthCheckPath])),
    before: before.assignments,
    after,
    cells: after.cells,
    tenants: tenants.tenants,
  });
}

const leaving = Object.keys(before.assignments).filter((tenant) => before.assignments[tenant] === "use1-c");

describe("cells migrate plan: the runbook of a drain", () => {
  const runbook = runbookOf();
  const markdown = renderRunbookMarkdown(runbook);

  it("has one migration per tenant of the drained cell, each with every step in order", () => {
    expect(leaving.length).toBeGreaterThan(10);
    expect(runbook.moves.map((move) => move.tenant).sort()).toEqual([...leaving].sort());
    for (const move of runbook.moves) {
      expect(move.from).toBe("use1-c");
      expect(move.steps.map((step) => step.id)).toEqual([...STEP_IDS]);
      expect(move.steps.every((step) => step.action !== "" && step.rollback !== "")).toBe(true);
      expect(move.steps.find((step) => step.id === "copy")?.action).toBe(
        `scripts/copy-tenant copy --tenant ${move.tenant} --from use1-c --to ${move.to}`,
      );
      expect(move.steps.find((step) => step.id === "freeze")?.action).toContain(`phase: frozen`);
    }
    expect(runbook.newTenants).toEqual([]);
    expect(runbook.goneTenants).toEqual([]);
  });

  it("batches the moves, lightest first, and checks every target cell's capacity", () => {
    expect(runbook.batches.map((batch) => batch.tenants.length)).toEqual(
      Array.from({ length: Math.ceil(leaving.length / 10) }, (_, index) => Math.min(10, leaving.length - index * 10)),
    );
    const weights = runbook.moves.map((move) => move.weight);
    expect(weights).toEqual([...weights].sort((a, b) => a - b));
    for (const target of runbook.targets) {
      expect(target.load).toBeLessThanOrEqual(target.capacity);
      expect(target.arriving).toBe(runbook.moves.filter((move) => move.to === target.cell).length);
    }
    expect(runbookOf(4).batches).toHaveLength(Math.ceil(leaving.length / 4));
  });

  it("lists, in the Markdown, every tenant's action for every step, step after step", () => {
    for (const move of runbook.moves) {
      let position = -1;
      for (const step of move.steps) {
        const found = markdown.indexOf(`\`${move.tenant}\`: \`${step.action}\``, position + 1);
        expect(found, `${move.tenant} ${step.id}`).toBeGreaterThan(position);
        position = found;
      }
    }
    // Capacity and recording come first for every tenant: the first deployment must keep them on use1-c.
    const lastRecord = Math.max(...runbook.moves.map((move) => markdown.indexOf(move.steps[1].action)));
    const firstCopy = Math.min(...runbook.moves.map((move) => markdown.indexOf(move.steps[2].action)));
    expect(lastRecord).toBeLessThan(firstCopy);
  });

  it("renders the same model as JSON: every action and rollback of the JSON is in the Markdown", () => {
    const json = JSON.parse(renderRunbookJson(runbook)) as Runbook & { version: number };
    expect(json.version).toBe(1);
    expect(json.moves.length).toBe(runbook.moves.length);
    for (const move of json.moves) {
      for (const step of move.steps) {
        expect(markdown).toContain(step.action);
        expect(markdown).toContain(step.rollback);
      }
    }
    for (const target of json.targets) {
      expect(markdown).toContain(`| \`${target.cell}\` | ${target.region} | ${target.arriving} |`);
    }
  });

  it("marks the steps a recorded phase has passed as done and the following one as next", () => {
    const [first, second] = runbook.moves;
    temp.edit("tenants.yaml", (document) => {
      for (const tenant of document.tenants as Record<string, unknown>[]) {
        if (tenant.id === first.tenant) tenant.moving = { from: "use1-c", to: first.to, phase: "frozen" };
        if (tenant.id === second.tenant) tenant.moving = { from: "use1-c", to: second.to, phase: "flipped" };
      }
    });
    const later = runbookOf();
    const statuses = (tenant: string): string[] =>
      later.moves.find((move) => move.tenant === tenant)?.steps.map((step) => step.status) ?? [];
    expect(statuses(first.tenant)).toEqual(["done", "done", "done", "done", "next", "todo", "todo", "todo"]);
    expect(statuses(second.tenant)).toEqual(["done", "done", "done", "done", "done", "done", "next", "todo"]);
  });
});
