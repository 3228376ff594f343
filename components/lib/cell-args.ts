/**
 * Argument shapes the cell's data components share (the cell and its key; its private subnets and zones), and how
 * nodes are spread over the zones. Their rules are in validation.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CellIdentity } from "./tags";

/** Arguments of every component that stores cell data: the cell and the key its data is encrypted with. */
export interface EncryptedCellArgs {
  /** The cell this component belongs to: prefixes physical names and sets the cell tags. */
  cell: CellIdentity;
  /**
   * ARN of the cell's customer-managed KMS key (`CellKey.outputs.keyArn`). Every store of data is encrypted with it.
   */
  keyArn: pulumi.Input<string>;
}

/** Arguments of components that run nodes inside the cell's private network. */
export interface PrivateSubnetArgs {
  /** Ids of the cell's private subnets (`CellNetwork.outputs.privateSubnetIds`), at least two, one per zone. */
  subnetIds: pulumi.Input<string>[];
  /**
   * The cell's availability zones, e.g. `["us-east-1a", "us-east-1b", "us-east-1c"]` (at least two, in the cell's
   * region). Nodes are spread over them round-robin in this order, so the first zone gets the primary.
   */
  zones: string[];
}

/** `count` zones taken round-robin from `zones`: node `i` goes to `zones[i % zones.length]`. */
export function spreadOverZones(zones: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => zones[index % zones.length]);
}
