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
  it("reports adds, updates and deletes at leaf paths, sorted", () => {
    const changes = diffProperties(
      { name: "a", tags: { Team: "x", Old: "y" }, ingress: [{ port: 80 }] },
      { name: "b", tags: { Team: "x", New: "z" }, ingress: [{ port: 443 }, { port: 80 }] },
    );
    expect(changes.map((c) => [c.path, c.kind, c.before, c.after])).toEqual([
      ["ingress[0].port", "update", 80, 443],
      ["ingress[1]", "add", undefined, { port: 80 }],
      ["name", "update", "a", "b"],
      ["tags.New", "add", undefined, "z"],
      ["tags.Old", "delete", "y", undefined],
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
