/**
 * The test cell (helpers.ts `CELL`, use1-a) run on EKS: the reference use1-a definition with `compute.kind: eks` and
 * every eks setting at its default, synthesized as the cell stack builds it.
 */
import { Cell } from "../../../components/cell/cell";
import { computeSchema } from "../../../fleet/compute";
import { loadFleet } from "../../../fleet/load";
import type { CellSpec } from "../../../fleet/schema";
import { REFERENCE_CELLS_DIR } from "../../support/fleet-dir";
import { CELL, synthesizeRecorded, type RecordedStack } from "../helpers";

export const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/5f0c1a3e-9b7d-4c2e-8a61-3d4f7b2e9c10";

export function eksCellSpec(eks: Record<string, unknown> = {}): CellSpec {
  const reference = loadFleet(REFERENCE_CELLS_DIR).cells.find((cell) => cell.id === CELL.id)!;
  return { ...reference, owner: CELL.owner, compute: computeSchema.parse({ kind: "eks", eks }) };
}

export function synthesizeEksCell(spec: CellSpec = eksCellSpec()): Promise<RecordedStack> {
  return synthesizeRecorded(
    (provider) => new Cell(spec.id, { spec, certificateArn: CERTIFICATE }, { providers: { aws: provider } }).outputs,
  );
}
