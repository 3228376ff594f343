/** The committed list of taggable AWS types matches the installed @pulumi/aws (regenerate with the tool). */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { TAGGABLE_AWS_TYPES } from "../../policies/isolation/taggable-aws-types";
import {
  renderTaggableTypesModule,
  scanTaggableAwsTypes,
  TAGGABLE_TYPES_MODULE,
} from "../../policies/tools/taggable-aws-types";

describe("taggable AWS types", () => {
  it(
    "match @pulumi/aws's type definitions " + "(run `npx tsx policies/tools/taggable-aws-types.ts` after upgrading it)",
    () => {
      const scanned = scanTaggableAwsTypes(path.dirname(require.resolve("@pulumi/aws/package.json")));
      expect(scanned).toEqual([...TAGGABLE_AWS_TYPES]);
      expect(readFileSync(TAGGABLE_TYPES_MODULE, "utf8")).toBe(renderTaggableTypesModule(scanned));
    },
  );

  it("include what cells build and leave out resources without tags", () => {
    for (const type of [
      "aws:sqs/queue:Queue",
      "aws:iam/role:Role",
      "aws:rds/cluster:Cluster",
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    ]) {
      expect(TAGGABLE_AWS_TYPES.has(type), type).toBe(true);
    }
    for (const type of [
      "aws:iam/rolePolicy:RolePolicy",
      "aws:ec2/securityGroupRule:SecurityGroupRule",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ]) {
      expect(TAGGABLE_AWS_TYPES.has(type), type).toBe(false);
    }
  });
});
