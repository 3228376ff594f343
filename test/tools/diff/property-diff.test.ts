import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffProperties, formatPath, parsePath, valueAtPath } from "../../../tools/diff/property-diff";

const SECRET_OBJECT = {
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value: "plaintext-hunter2",
};

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("diffProperties", () => {
  it("reports adds, updates and deletes at leaf paths, sorted; an unchanged list item that moved is unchanged", () => {
    const changes = diffProperties(
      { name: "a", tags: { Team: "x", Old: "y" }, ingress: [{ port: 80 }] },
      { name: "b", tags: { Team: "x", New: "z" }, ingress: [{ port: 443 }, { port: 80 }] },
    );
    expect(changes.map((c) => [c.path, c.kind, c.before, c.after])).toEqual([
      ["ingress[0]", "add", undefined, { port: 443 }],
      ["name", "update", "a", "b"],
      ["tags.New", "add", undefined, "z"],
      ["tags.Old", "delete", "y", undefined],
    ]);
  });

  it("compares key-value pairs by key: removing one of 300 is one removal, not a shift of every later pair", () => {
    const pairs = Array.from({ length: 300 }, (_, index) => ({ key: `tenant:t${index}`, value: `cell-${index % 7}` }));
    const without = pairs.filter((pair) => pair.key !== "tenant:t100");
    const moved = without.map((pair) => (pair.key === "tenant:t250" ? { ...pair, value: "cell-x" } : pair));
    const changes = diffProperties({ resourceKeyValuePairs: pairs }, { resourceKeyValuePairs: moved });
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['resourceKeyValuePairs[key="tenant:t100"]', "delete"],
      ['resourceKeyValuePairs[key="tenant:t250"].value', "update"],
    ]);
  });

  it("compares tags lists by key and policy statements (inside a JSON string) by Sid", () => {
    const policy = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const read = { Sid: "Read", Effect: "Allow", Action: ["sqs:ReceiveMessage"], Resource: "*" };
    const send = { Sid: "Send", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "*" };
    const changes = diffProperties(
      { policy: policy([read, send]), tags: [{ key: "a", value: "1", propagateAtLaunch: true }] },
      {
        policy: policy([{ ...send, Resource: "arn:aws:sqs:us-east-1:1:q" }]),
        tags: [
          { key: "b", value: "2", propagateAtLaunch: true },
          { key: "a", value: "1", propagateAtLaunch: true },
        ],
      },
    );
    expect(changes.map((c) => [c.path, c.kind])).toEqual([
      ['policy.Statement[Sid="Read"]', "delete"],
      ['policy.Statement[Sid="Send"].Resource', "update"],
      ['tags[key="b"]', "add"],
    ]);
  });

  it("orders list indices as numbers: [25] before [110]", () => {
    const before = Array.from({ length: 120 }, (_, index) => [index]);
    const after = before.map((item, index) => (index === 25 || index === 110 ? [index, "x"] : item));
    expect(diffProperties({ list: before }, { list: after }).map((c) => c.path)).toEqual([
      "list[25][1]",
      "list[110][1]",
    ]);
  });

  it("compares a secret as one value and never walks into it", () => {
    const changes = diffProperties({ password: SECRET_OBJECT }, { password: { ...SECRET_OBJECT, value: "other" } });
    expect(changes.map((c) => c.path)).toEqual(["password"]);
    expect(changes[0]?.kind).toBe("update");
  });

  it("ignores engine bookkeeping keys", () => {
    expect(diffProperties({ __defaults: ["a"], x: 1 }, { __defaults: ["b"], x: 1 })).toEqual([]);
  });

  it("finds no change between a value and itself (property)", () => {
    fc.assert(fc.property(jsonValue, (value) => diffProperties(value, structuredClone(value)).length === 0));
  });

  it("finds exactly the one leaf that was changed (property)", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { minKeys: 1 }),
        fc.nat(),
        (map, pick) => {
          const keys = Object.keys(map).filter((key) => !key.startsWith("__"));
          fc.pre(keys.length > 0);
          const key = keys[pick % keys.length] ?? "";
          const changed = { ...map, [key]: (map[key] ?? 0) + 1 };
          const changes = diffProperties(map, changed);
          return changes.length === 1 && changes[0]?.path === formatPath([key]);
        },
      ),
    );
  });
});

describe("property paths", () => {
  it("formats and parses Pulumi's path syntax", () => {
    expect(formatPath(["tags", "kubernetes.io/role", "x"])).toBe('tags["kubernetes.io/role"].x');
    expect(parsePath('tags["kubernetes.io/role"].x')).toEqual(["tags", "kubernetes.io/role", "x"]);
    expect(parsePath("inlinePolicies[0].policy")).toEqual(["inlinePolicies", 0, "policy"]);
    expect(parsePath("environment.variables.APP_ENV")).toEqual(["environment", "variables", "APP_ENV"]);
    expect(parsePath('pairs[key="tenant:a]b"].value')).toEqual([
      "pairs",
      { field: "key", value: "tenant:a]b" },
      "value",
    ]);
    expect(formatPath(["rules", { field: "priority", value: 10 }])).toBe("rules[priority=10]");
    expect(valueAtPath({ p: [{ key: "k", value: 1 }] }, ["p", { field: "key", value: "k" }, "value"])).toBe(1);
  });

  it("round-trips any path (property)", () => {
    const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.nat({ max: 50 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (segments) => {
        const head = segments[0];
        fc.pre(typeof head === "string");
        return JSON.stringify(parsePath(formatPath(segments))) === JSON.stringify(segments);
      }),
    );
  });

  it("reads values at a path and stops at a secret", () => {
    expect(valueAtPath({ a: [{ b: 1 }] }, ["a", 0, "b"])).toBe(1);
    expect(valueAtPath({ a: SECRET_OBJECT }, ["a", "value"])).toBe(SECRET_OBJECT);
    expect(valueAtPath({ a: 1 }, ["b", "c"])).toBeUndefined();
  });
});
