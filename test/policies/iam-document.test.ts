/** The IAM document normalizer (policies/lib/iam-document.ts): strings and objects, one statement or a list. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPolicyDocument } from "../../policies/lib/iam-document";
import { UNKNOWN, type Plain } from "../../policies/lib/values";

const action = fc.constantFrom("sqs:SendMessage", "kms:Decrypt", "*", "s3:*", "ec2:Describe*");
const oneOrMany = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(arbitrary, fc.array(arbitrary, { minLength: 1, maxLength: 3 }));
const statement = fc.record({
  Effect: fc.constantFrom("Allow", "Deny"),
  Action: oneOrMany(action),
  Resource: oneOrMany(fc.constantFrom("*", "arn:aws:sqs:us-east-1:123456789012:use1-a-orders")),
});
const document = fc.record({
  Version: fc.constant("2012-10-17"),
  Statement: fc.array(statement, { minLength: 1, maxLength: 4 }),
});

describe("IAM documents", () => {
  it("a document reads the same as an object and as its JSON string", () => {
    fc.assert(
      fc.property(document, (doc) => {
        expect(readPolicyDocument(JSON.stringify(doc))).toEqual(readPolicyDocument(doc));
      }),
    );
  });

  it("a single statement reads like a list of one, and single values like lists of one", () => {
    fc.assert(
      fc.property(statement, (single) => {
        const listed = { ...single, Action: [single.Action].flat(), Resource: [single.Resource].flat() };
        expect(readPolicyDocument({ Version: "2012-10-17", Statement: single })).toEqual(
          readPolicyDocument({ Version: "2012-10-17", Statement: [listed] }),
        );
      }),
    );
  });

  it.each([
    ["not JSON", "{ nope", /is not valid JSON/],
    ["JSON but not an object", "[1, 2]", /is not a JSON object/],
    ["no Statement", { Version: "2012-10-17" }, /has no Statement/],
    ["a statement that is a string", { Statement: ["Allow everything"] }, /Statement\[0\] that is not an object/],
    ["a bad Effect", { Statement: [{ Effect: "allow", Action: "s3:GetObject" }] }, /Effect "allow"/],
    ["no Action", { Statement: [{ Effect: "Allow", Resource: "*" }] }, /neither Action nor NotAction/],
    [
      "a numeric action",
      { Statement: [{ Effect: "Allow", Action: [42] }] },
      /non-string value in Statement\[0\]\.Action/,
    ],
  ] as [string, Plain, RegExp][])("%s is malformed, not a crash", (_title, input, problem) => {
    const read = readPolicyDocument(input);
    expect(read.state).toBe("malformed");
    expect(read.state === "malformed" && read.problem).toMatch(problem);
  });

  it("keeps unknowns where they are: the whole document, one statement's list, or one principal", () => {
    expect(readPolicyDocument(UNKNOWN)).toEqual({ state: "unknown" });
    const read = readPolicyDocument({
      Statement: [
        {
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: UNKNOWN,
          Principal: { AWS: [UNKNOWN, "arn:aws:iam::1:role/x"] },
        },
      ],
    });
    expect(read).toMatchObject({
      state: "ok",
      statements: [
        {
          resource: UNKNOWN,
          principal: [
            { kind: "AWS", value: UNKNOWN },
            { kind: "AWS", value: "arn:aws:iam::1:role/x" },
          ],
        },
      ],
    });
  });
});
