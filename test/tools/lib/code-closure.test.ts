/** Which files a stack's program loads: runtime imports are followed, type-only ones are not, assets come along. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeClosure, runtimeImports } from "../../../tools/lib/code-closure";

describe("runtimeImports", () => {
  it("keeps value imports, re-exports, bare imports and requires; drops type-only and package imports", () => {
    const source = [
      'import * as pulumi from "@pulumi/pulumi";',
      'import { Cell, type CellOutputs } from "../components/cell/cell";',
      'import type { Fleet } from "../fleet/schema";',
      "import {\n  type A,\n  type B,\n} from './only-types';",
      'import { regionStackCertificate } from "./region-stack";',
      'export * from "./stacks";',
      'export { thing } from "./thing";',
      'export type { Other } from "./other";',
      'import "./side-effect";',
      'const lazy = require("./lazy");',
    ].join("\n");
    expect(runtimeImports(source)).toEqual([
      "../components/cell/cell",
      "./region-stack",
      "./stacks",
      "./thing",
      "./side-effect",
      "./lazy",
    ]);
  });
});

describe("codeClosure", () => {
  const project = mkdtempSync(path.join(os.tmpdir(), "cellplane-closure-"));
  const write = (file: string, text: string): void => {
    mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
    writeFileSync(path.join(project, file), text);
  };
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it("follows runtime imports inside the followed folders and adds the files beside them that are not code", () => {
    write(
      "program/cell-stack.ts",
      'import { a } from "../components/a";\nimport type { B } from "../components/b/b";\n',
    );
    write("program/global-stack.ts", 'import { g } from "../components/g";\n');
    write("components/a/index.ts", 'import { lib } from "../lib/lib";\nimport { m } from "../../fleet/model";\n');
    write("components/a/function.mjs", "export const handler = 1;\n");
    write("components/b/b.ts", "export type B = string;\n");
    write("components/b/asset.js", "// b's asset\n");
    write("components/lib/lib.ts", "export const lib = 1;\n");
    write("components/g.ts", "export const g = 1;\n");
    write("fleet/model.ts", "export const m = 1;\n");
    const inProgram = (file: string): boolean => /^(program|components)\//.test(file);
    expect(codeClosure(project, ["program/cell-stack.ts"], inProgram)).toEqual([
      "components/a/function.mjs",
      "components/a/index.ts",
      "components/lib/lib.ts",
      "program/cell-stack.ts",
    ]);
  });
});
