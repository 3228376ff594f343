/** `--policy-pack-config` files and the Configure request built from them. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { afterEach, describe, expect, it } from "vitest";
import { readPolicyPackConfig } from "../../../tools/analyzer";
import { toConfigureRequest } from "../../../tools/analyzer/config";

const dirs: string[] = [];
function configFile(content: unknown): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cellplane-config-"));
  dirs.push(dir);
  const file = path.join(dir, "policy-config.json");
  writeFileSync(file, JSON.stringify(content));
  return file;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("policy pack config", () => {
  it("reads the CLI's format: a level, or an object with a level and properties", () => {
    const config = readPolicyPackConfig(
      configFile({ "sqs-queue-encrypted": "advisory", "kms-key-rotation": { enforcementLevel: "disabled" } }),
    );
    expect(config).toEqual({ "sqs-queue-encrypted": "advisory", "kms-key-rotation": { enforcementLevel: "disabled" } });
  });

  it("names the file and the policy when a level is invalid", () => {
    expect(() => readPolicyPackConfig(configFile({ "sqs-queue-encrypted": "warn" }))).toThrow(
      /policy-config\.json: sqs-queue-encrypted has enforcement level "warn"/,
    );
  });

  it("keeps a policy's declared level when the entry gives only properties (the protocol has no 'unset')", () => {
    const request = toConfigureRequest(
      { "rds-not-public": { note: "x" }, "sqs-queue-encrypted": "advisory" },
      { "rds-not-public": "mandatory" },
    );
    const map = request.getPolicyconfigMap();
    expect(map.get("rds-not-public")?.getEnforcementlevel()).toBe(analyzerProto.EnforcementLevel.MANDATORY);
    expect(map.get("rds-not-public")?.getProperties()?.toJavaScript()).toEqual({ note: "x" });
    expect(map.get("sqs-queue-encrypted")?.getEnforcementlevel()).toBe(analyzerProto.EnforcementLevel.ADVISORY);
  });
});
