// The Pulumi program: `pulumi up -s <stack>` builds that stack (account, region-<region>, cell-<id> or global).
// A deployment refuses what AWS would refuse later (a reserved example domain); `cells plan` accepts it.
import * as pulumi from "@pulumi/pulumi";
import { loadFleet } from "./fleet/load";
import { runStack } from "./program";

export = async (): Promise<Record<string, unknown>> => {
  const cellsDir = new pulumi.Config("cellplane").get("cellsDir") || "cells";
  return runStack(pulumi.getStack(), loadFleet(cellsDir, { forDeployment: true }));
};
