/**
 * Placement benchmark: 100,000 tenants over 200 generated cells in 4 regions — some cells draining or evacuated,
 * 10% of tenants with EU residency, 1% pinned, weights 1–3 — placed once, cold, as `cells placement` does.
 * `npm run bench` reports it; run alone with `tsx tools/bench/placement.ts`.
 */
import { placeTenants, type PlacementCell, type PlacementTenant } from "../../fleet/placement";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"] as const;
const EU = ["eu-west-1"];

export interface PlacementBenchResult {
  tenants: number;
  cells: number;
  /** Wall-clock seconds of one placement. */
  seconds: number;
}

export function benchCells(count: number): PlacementCell[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${REGIONS[index % REGIONS.length].replace(/-(\w)\w*-(\d)$/, "$1$2")}-c${index}`,
    region: REGIONS[index % REGIONS.length],
    state: index % 50 === 49 ? "evacuated" : index % 25 === 24 ? "draining" : "active",
    capacity: { maxTenants: 900 + ((index * 37) % 9) * 100 },
  }));
}

export function benchTenants(count: number, cells: readonly PlacementCell[]): PlacementTenant[] {
  const pinnable = cells.filter((cell) => cell.state === "active" && cell.region !== "eu-west-1");
  return Array.from({ length: count }, (_, index) => ({
    id: `tenant-${index.toString(36)}-${((index * 2_654_435_761) >>> 0).toString(36)}`,
    weight: 1 + (index % 7 === 0 ? 2 : index % 3 === 0 ? 1 : 0),
    ...(index % 10 === 3 ? { regions: EU } : {}),
    ...(index % 100 === 7 ? { pin: pinnable[index % pinnable.length].id } : {}),
  }));
}

export function benchPlacement(tenantCount = 100_000, cellCount = 200): PlacementBenchResult {
  const cells = benchCells(cellCount);
  const tenants = benchTenants(tenantCount, cells);
  const started = process.hrtime.bigint();
  const placement = placeTenants(cells, tenants);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (Object.keys(placement.assignments).length + placement.unplaced.length !== tenants.length) {
    throw new Error("placement benchmark: tenants went missing");
  }
  return { tenants: tenants.length, cells: cells.length, seconds };
}

if (require.main === module) {
  const result = benchPlacement();
  process.stdout.write(
    `placement: ${result.tenants.toLocaleString("en")} tenants over ${result.cells} cells ` +
      `in ${result.seconds.toFixed(3)} s\n`,
  );
}
