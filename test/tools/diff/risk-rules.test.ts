import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FORCE_NEW_PROPERTIES, GUARD_PROPERTIES, STATEFUL_TYPES } from "../../../tools/diff/risk-rules";

const NODE_MODULES = path.join(__dirname, "..", "..", "..", "node_modules");

/** `aws:sqs/queue:Queue` → node_modules/@pulumi/aws/sqs/queue.d.ts */
function typeDefinitionFile(token: string): string {
  const [pkg, module] = token.split(":");
  const [folder, file] = (module ?? "").split("/");
  return path.join(NODE_MODULES, "@pulumi", pkg ?? "", folder === "index" ? "" : (folder ?? ""), `${file}.d.ts`);
}

/** The `<Name>Args` interface body, where the resource's input properties are declared. */
function argsInterface(token: string): string {
  const text = readFileSync(typeDefinitionFile(token), "utf8");
  const name = token.split(":").pop() ?? "";
  const start = text.indexOf(`export interface ${name}Args {`);
  expect(start, `${token}: ${name}Args not found`).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf("\n}", start));
}

describe("risk rules match the installed provider types", () => {
  it.each(Object.keys(STATEFUL_TYPES).filter((token) => !token.includes("bucketV2")))(
    "stateful type %s exists",
    (token) => {
      expect(existsSync(typeDefinitionFile(token))).toBe(true);
    },
  );

  it.each(Object.entries(FORCE_NEW_PROPERTIES))("force-new properties of %s are real inputs", (token, rules) => {
    const args = argsInterface(token);
    for (const rule of rules) {
      expect(args, `${token}.${rule.property}`).toMatch(new RegExp(`\\n\\s+${rule.property}\\??: `));
    }
  });

  it.each(Object.entries(GUARD_PROPERTIES))("guard properties of %s are real boolean inputs", (token, rules) => {
    const args = argsInterface(token);
    for (const rule of rules) {
      expect(args).toMatch(new RegExp(`\\n\\s+${rule.property}\\?: pulumi\\.Input<boolean`));
    }
  });

  it("keeps in-place updates out of the force-new lists", () => {
    const instance = FORCE_NEW_PROPERTIES["aws:rds/clusterInstance:ClusterInstance"]?.map((rule) => rule.property);
    expect(instance).not.toContain("instanceClass");
    expect(FORCE_NEW_PROPERTIES["aws:sqs/queue:Queue"]?.map((rule) => rule.property)).not.toContain(
      "visibilityTimeoutSeconds",
    );
  });
});
