/**
 * cellplane's CrossGuard pack. The Pulumi CLI (`pulumi preview --policy-pack policies`) and tools/analyzer/ (`npm run
 * plan`) both start this file through `@pulumi/pulumi/cmd/run-policy-pack`, which serves it over the Analyzer
 * gRPC protocol. Keep imports light: the runner type-checks the pack with ts-node on every start.
 */
import { PolicyPack } from "@pulumi/policy";
import { toPulumiPolicy } from "./lib/adapter";
import { PACK_NAME, POLICIES } from "./registry";
import { packConfig } from "./lib/settings";

const context = { policyNames: new Set(POLICIES.map((policy) => policy.name)) };

new PolicyPack(
  PACK_NAME,
  {
    description:
      "cellplane cell guardrails: encryption, least privilege, resilience, logging and cell isolation " +
      "(see docs/policies.md).",
    displayName: "cellplane",
    tags: ["aws", "kubernetes", "cells"],
    policies: POLICIES.map((policy) => toPulumiPolicy(policy, context)),
  },
  packConfig(),
);
