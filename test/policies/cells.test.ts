/** Recognising other cells in names and ARNs (policies/lib/cells.ts). */
import { describe, expect, it } from "vitest";
import { otherCellsNamed } from "../../policies/lib/cells";

const CELLS = ["use1-a2", "use1-a", "use1-b", "euw1-a"];

describe("cells named by an ARN", () => {
  it.each([
    ["arn:aws:sqs:us-east-1:123456789012:use1-a-orders", []],
    ["arn:aws:sqs:us-east-1:123456789012:use1-b-orders", ["use1-b"]],
    ["arn:aws:sqs:us-east-1:123456789012:use1-a2-orders", ["use1-a2"]],
    ["arn:aws:iam::123456789012:role/euw1-a-app", ["euw1-a"]],
    ["arn:aws:s3:::use1-b-artifacts/*", ["use1-b"]],
    ["arn:aws:sqs:us-east-1:123456789012:use1-a-*", []],
    ["arn:aws:sqs:us-east-1:123456789012:use1-*", ["use1-a2", "use1-b"]],
    ["arn:aws:sqs:us-east-1:123456789012:router-events", []],
    ["*", []],
  ])("%s names %j", (arn, expected) => {
    expect(otherCellsNamed(arn, "use1-a", CELLS).sort()).toEqual([...expected].sort());
  });
});
