// The Pulumi program: `pulumi up -s cell-<id>` builds that cell, `pulumi up -s global` the routing layer.
import * as pulumi from "@pulumi/pulumi";
import { loadFleet } from "./fleet/load";
import { runStack } from "./program";

export = async (): Promise<Record<string, unknown>> => {
  const cellsDir = new pulumi.Config("cellplane").get("cellsDir") || "cells";
  return runStack(pulumi.getStack(), loadFleet(cellsDir));
};
