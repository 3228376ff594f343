import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  parsePreviewDigest,
  PreviewFormatError,
  previewReport,
  previewStackName,
} from "../../../tools/diff/preview-reader";
import { renderJson } from "../../../tools/diff/render-json";
import { renderMarkdown } from "../../../tools/diff/render-markdown";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "pulumi-preview");
const fixtureNames = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".json"))
  .sort();

function loadFixture(name: string) {
  return parsePreviewDigest(JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as unknown);
}

function reportFor(name: string) {
  const digest = loadFixture(name);
  return previewReport([{ digest, stack: previewStackName(digest, name) }]);
}

/** Strings that are secret in the fixtures' old or new state (outputs marked secret, archive source text). */
function secretLookingStrings(name: string): string[] {
  const text = readFileSync(path.join(FIXTURES, name), "utf8");
  return [...text.matchAll(/"text": "((?:[^"\\]|\\.)+)"/g)].map((match) => JSON.parse(`"${match[1] ?? ""}"`) as string);
}

const SUMMARY_KINDS = ["create", "update", "replace", "delete", "same"] as const;

describe("pulumi preview --json fixtures", () => {
  it("covers every shared fixture", () => {
    expect(fixtureNames).toEqual([
      "aws_cascading_deps.json",
      "aws_secret_input.json",
      "aws_tags_and_sets.json",
      "small_scale_10_replace.json",
      "standard_json_replace.json",
    ]);
  });

  it.each(fixtureNames)("%s renders with counts that match its changeSummary", (name) => {
    const digest = loadFixture(name);
    const report = reportFor(name);
    const summary = digest.changeSummary ?? {};
    for (const kind of SUMMARY_KINDS) {
      if (digest.changeSummary !== null && digest.changeSummary !== undefined) {
        expect(report.totals[kind], `${name} ${kind}`).toBe(summary[kind] ?? 0);
      }
    }
    const markdown = renderMarkdown(report);
    const row = markdown.split("\n").find((line) => line.startsWith("| **Total**"));
    const t = report.totals;
    expect(row).toBe(`| **Total** | **${t.create}** | **${t.update}** | **${t.replace}** | **${t.delete}** | |`);
    expect(markdown).toContain(`${t.same} resource`);
  });

  it.each(fixtureNames)("%s never shows a secret or archive source text", (name) => {
    const output = renderMarkdown(reportFor(name)) + renderJson(reportFor(name));
    for (const secret of secretLookingStrings(name)) {
      expect(output).not.toContain(secret.trim());
    }
    expect(output).not.toContain("1b47061264138c4ac30d75fd1eb44270");
  });

  it("counts a fixture without changeSummary from its steps", () => {
    expect(reportFor("standard_json_replace.json").totals).toMatchObject({
      create: 1,
      update: 1,
      replace: 1,
      delete: 0,
    });
  });

  it("renders secret updates as changed, without values", () => {
    const report = reportFor("aws_secret_input.json");
    const value = report.stacks[0]?.resources
      .find((r) => r.name === "db-password")
      ?.properties.find((p) => p.path === "value");
    expect(value).toMatchObject({ secret: true, before: "[secret]", after: "[secret]", kind: "update" });
    expect(renderMarkdown(report)).toContain("`value`: secret changed (value not shown)");
  });

  it("uses the engine's detailed diff and replace reasons", () => {
    const stack = reportFor("aws_tags_and_sets.json").stacks[0];
    const sg = stack?.resources.find((r) => r.name === "test-sg");
    expect(sg).toMatchObject({ kind: "replace", replaceConfirmed: true, replaceReasons: ["description"] });
    expect(sg?.properties.find((p) => p.path === "description")?.forcesReplacement).toBe(true);
    const bucket = stack?.resources.find((r) => r.name === "test-bucket");
    expect(bucket?.properties.find((p) => p.path === "tags.Team")).toMatchObject({
      kind: "delete",
      before: '"platform"',
    });
  });

  it("diffs inputs when the engine gives no detailed diff", () => {
    const key = reportFor("small_scale_10_replace.json").stacks[0]?.resources.find((r) => r.name === "tls-key-0");
    expect(key?.properties.map((p) => `${p.path}:${p.kind}`)).toEqual([
      "algorithm:update",
      "ecdsaCurve:delete",
      "rsaBits:add",
    ]);
    expect(key?.replaceReasons).toEqual(["algorithm", "ecdsaCurve"]);
  });
});

const SIG = "4dabf18193072939515e22adb298388d";
const STACK_URN = "urn:pulumi:cell-use1-a::cellplane::pulumi:pulumi:Stack::cellplane-cell-use1-a";
const DB_URN = "urn:pulumi:cell-use1-a::cellplane::aws:rds/cluster:Cluster::db";
const QUEUE_URN = "urn:pulumi:cell-use1-a::cellplane::aws:sqs/queue:Queue::orders";

describe("preview steps beyond the fixtures", () => {
  const secret = (plaintext: string) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value: plaintext });
  const digest = parsePreviewDigest({
    steps: [
      { op: "same", urn: STACK_URN },
      {
        op: "update",
        urn: DB_URN,
        oldState: {
          type: "aws:rds/cluster:Cluster",
          protect: true,
          inputs: { masterPassword: secret("old-pw-123"), deletionProtection: true },
        },
        newState: {
          type: "aws:rds/cluster:Cluster",
          protect: false,
          inputs: { masterPassword: secret("new-pw-456"), deletionProtection: false },
        },
        detailedDiff: {
          masterPassword: { kind: "update", inputDiff: true },
          deletionProtection: { kind: "update", inputDiff: true },
        },
      },
      {
        op: "create-replacement",
        urn: QUEUE_URN,
        oldState: { type: "aws:sqs/queue:Queue", inputs: { name: "a" } },
        newState: { type: "aws:sqs/queue:Queue", inputs: { name: "b" } },
        replaceReasons: ["name"],
        detailedDiff: { name: { kind: "update-replace", inputDiff: true } },
      },
      {
        op: "replace",
        urn: QUEUE_URN,
        oldState: { type: "aws:sqs/queue:Queue", inputs: { name: "a" } },
        newState: { type: "aws:sqs/queue:Queue", inputs: { name: "b" } },
        replaceReasons: ["name"],
        detailedDiff: { name: { kind: "update-replace", inputDiff: true } },
      },
      { op: "delete-replaced", urn: QUEUE_URN, oldState: { type: "aws:sqs/queue:Queue", inputs: { name: "a" } } },
    ],
    diagnostics: [
      { severity: "error", message: "\u001b[31mmandatory policy violation\u001b[0m" },
      { severity: "info", message: "noise" },
    ],
    changeSummary: { same: 1, update: 1, replace: 1 },
  });
  const report = previewReport([{ digest, stack: previewStackName(digest, "x") }]);

  it("folds create-replacement, replace and delete-replaced into one replacement", () => {
    expect(report.totals).toMatchObject({ update: 1, replace: 1, same: 1 });
    expect(report.stacks[0]?.stack).toBe("cell-use1-a");
  });

  it("never prints plaintext from secret wire objects", () => {
    const output = renderMarkdown(report) + renderJson(report);
    expect(output).not.toContain("old-pw-123");
    expect(output).not.toContain("new-pw-456");
  });

  it("flags removed protection, deletion protection and the confirmed replacement of a stateful resource", () => {
    expect(report.risks.map((risk) => `${risk.severity}:${risk.kind}:${risk.name ?? ""}`)).toEqual([
      "danger:replace:orders",
      "warning:protect-removed:db",
      "warning:deletion-protection-off:db",
    ]);
    expect(report.risks[0]?.message).toContain("queue replaced");
  });

  it("keeps engine errors and warnings, without colour codes", () => {
    expect(report.stacks[0]?.diagnostics).toEqual([{ severity: "error", message: "mandatory policy violation" }]);
  });

  it("rejects documents that are not preview output, naming the field", () => {
    expect(() => parsePreviewDigest({ steps: [{ urn: 3 }] })).toThrow(PreviewFormatError);
    expect(() => parsePreviewDigest({ steps: [{ urn: 3 }] })).toThrow(/steps\.0\.op/);
  });
});
