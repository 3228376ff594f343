import { describe, expect, it } from "vitest";
import { displayPair, displayValue, isSecretPath, isSecretValue, toSafeValue } from "../../../tools/diff/values";

const SIG = "4dabf18193072939515e22adb298388d";

describe("secret masking", () => {
  it("recognises the plan marker and the engine's secret wire object", () => {
    expect(isSecretValue("[secret]")).toBe(true);
    expect(isSecretValue({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" })).toBe(true);
    expect(isSecretValue({ value: "hunter2" })).toBe(false);
  });

  it("never displays a secret's plaintext, however deep", () => {
    const value = { nested: [{ token: { [SIG]: "1b47061264138c4ac30d75fd1eb44270", plaintext: '"hunter2"' } }] };
    const shown = displayValue(value);
    expect(shown).not.toContain("hunter2");
    expect(shown).toContain("[secret]");
  });

  it("masks properties that are secret by nature, even when not marked", () => {
    expect(displayValue("hunter2", "aws:rds/cluster:Cluster", "masterPassword")).toBe("[secret]");
    expect(displayValue("tok", "aws:elasticache/replicationGroup:ReplicationGroup", "authToken")).toBe("[secret]");
    expect(displayValue("pw", "random:index/randomPassword:RandomPassword", "result")).toBe("[secret]");
    expect(displayValue({ secretString: "s3cr3t" }, "aws:secretsmanager/secretVersion:SecretVersion")).not.toContain(
      "s3cr3t",
    );
    expect(JSON.stringify(toSafeValue({ env: { DB_PASSWORD: "pw1" } }))).not.toContain("pw1");
  });

  it("keeps ordinary values that merely mention secrets", () => {
    expect(isSecretPath("aws:rds/cluster:Cluster", "masterUserSecretKmsKeyId")).toBe(false);
    expect(isSecretPath("aws:rds/cluster:Cluster", "engine")).toBe(false);
    expect(displayValue(true, "aws:rds/cluster:Cluster", "manageMasterUserPassword")).toBe("true");
  });

  it("describes assets and archives by name and hash, never by their text", () => {
    const archive = {
      [SIG]: "0def7320c3a5731c473e5ecbe6d01bc7",
      assets: {
        "index.py": { [SIG]: "c44067f5952c0a294b673a41bacd8c17", hash: "836c713de3345faca05", text: "API_KEY='abc'" },
      },
    };
    const shown = displayValue(archive);
    expect(shown).toContain("index.py sha256:836c713de334");
    expect(shown).not.toContain("API_KEY");
  });

  it("shows where two long values differ", () => {
    const prefix = "x".repeat(300);
    const [before, after] = displayPair(`"${prefix}AAA"`, `"${prefix}BBB"`);
    expect(before).toContain("AAA");
    expect(after).toContain("BBB");
    expect(before.length).toBeLessThanOrEqual(160);
  });
});
