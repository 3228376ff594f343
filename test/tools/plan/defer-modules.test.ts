import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deferModule } from "../../../tools/plan/defer-modules";

const dir = mkdtempSync(path.join(tmpdir(), "cellplane-defer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module that counts how often it is evaluated (in a global, as a module's side effect). */
function countingModule(name: string): { file: string; loads: () => number } {
  const file = path.join(dir, `${name}.js`);
  const counter = `__cellplaneDeferTest_${name}`;
  writeFileSync(file, `globalThis.${counter} = (globalThis.${counter} ?? 0) + 1;\nmodule.exports = { answer: 42 };\n`);
  return { file, loads: () => ((globalThis as Record<string, unknown>)[counter] as number | undefined) ?? 0 };
}

describe("deferring a module a plan never uses", () => {
  it("loads the real module on first use only, and then serves it as is", () => {
    const { file, loads } = countingModule("used");
    deferModule(file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deferred = require(file) as { answer: number; __esModule?: boolean };
    // TypeScript's import helpers ask for __esModule: answered without loading.
    expect(deferred.__esModule).toBe(true);
    expect(loads()).toBe(0);
    expect(deferred.answer).toBe(42);
    expect(Object.keys(deferred)).toEqual(["answer"]);
    expect("answer" in deferred).toBe(true);
    expect(loads()).toBe(1);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(file)).toEqual({ answer: 42 });
    expect(loads()).toBe(1);
  });

  it("never evaluates a module nobody uses", () => {
    const { file, loads } = countingModule("unused");
    deferModule(file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
    expect(loads()).toBe(0);
  });

  it("leaves a module that is already loaded alone", () => {
    const { file, loads } = countingModule("loaded");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const real = require(file) as object;
    deferModule(file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(file)).toBe(real);
    expect(loads()).toBe(1);
  });
});
