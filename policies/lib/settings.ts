/**
 * Where the pack finds its inputs besides the resources: the waiver file, the fleet's cell ids and the date that
 * decides waiver expiry. Each has a default relative to the pack folder and an environment override, which the
 * tests and tools/analyzer/ use; the Pulumi CLI passes its own environment through to the pack.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { isoDate, readWaiverFile, type WaiverSet } from "./waivers";

/** The pack folder (`policies/`). */
export const PACK_DIR = path.resolve(__dirname, "..");

export const ENV = {
  /** Path of the waiver file (default `policies/waivers.yaml`). */
  waiversFile: "CELLPLANE_WAIVERS_FILE",
  /** The fleet folder whose `<cell-id>.yaml` files name the cells (default `cells/` next to `policies/`). */
  cellsDir: "CELLPLANE_CELLS_DIR",
  /** The date (YYYY-MM-DD, UTC) waiver expiry is judged against (default: today). */
  today: "CELLPLANE_TODAY",
  /** The pack's own configuration, `--policy-pack-config` format (default `policies/pack-config.json`). */
  packConfigFile: "CELLPLANE_PACK_CONFIG",
} as const;

type Environment = Readonly<Record<string, string | undefined>>;

export function waiverFilePath(packDir: string = PACK_DIR, env: Environment = process.env): string {
  return env[ENV.waiversFile] ?? path.join(packDir, "waivers.yaml");
}

export function cellsDirPath(packDir: string = PACK_DIR, env: Environment = process.env): string {
  return env[ENV.cellsDir] ?? path.join(packDir, "..", "cells");
}

export function packConfigPath(packDir: string = PACK_DIR, env: Environment = process.env): string {
  return env[ENV.packConfigFile] ?? path.join(packDir, "pack-config.json");
}

export function todayIso(env: Environment = process.env): string {
  return env[ENV.today] ?? isoDate(new Date());
}

/** Files in the fleet folder that are not cells (see fleet/load.ts). */
const FLEET_FILES_THAT_ARE_NOT_CELLS = new Set(["fleet.yaml", "tenants.yaml"]);

/** Cell ids of the fleet: the names of its `<cell-id>.yaml` files. */
export function listFleetCellIds(cellsDir: string): string[] {
  if (!existsSync(cellsDir)) {
    return [];
  }
  return readdirSync(cellsDir)
    .filter((entry) => /\.ya?ml$/.test(entry) && !FLEET_FILES_THAT_ARE_NOT_CELLS.has(entry))
    .map((entry) => entry.replace(/\.ya?ml$/, ""));
}

function once<T>(load: () => T): () => T {
  let value: { loaded: T } | undefined;
  return () => {
    value ??= { loaded: load() };
    return value.loaded;
  };
}

/** Read once per pack process: the Pulumi CLI and tools/analyzer/ start a fresh process per run. */
export const packWaivers: () => WaiverSet = once(() => readWaiverFile(waiverFilePath()));
export const fleetCellIds: () => readonly string[] = once(() => listFleetCellIds(cellsDirPath()));
export const packToday: () => string = once(() => todayIso());

/** Per policy: its `enforcementLevel` and properties, as in a `--policy-pack-config` file. */
export type PackConfig = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * The pack's own configuration (policies/pack-config.json): served to the engine as the pack's initial config and
 * used by the pack itself where the engine configured nothing for a policy. A missing file is an empty config; a
 * malformed one stops the pack, naming the file.
 */
export function readPackConfig(file: string): PackConfig {
  if (!existsSync(file)) {
    return {};
  }
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: a policy pack config is a JSON object keyed by policy name`);
  }
  const config: Record<string, Readonly<Record<string, unknown>>> = {};
  for (const [policy, entry] of Object.entries(parsed as Record<string, unknown>)) {
    config[policy] =
      typeof entry === "string"
        ? { enforcementLevel: entry }
        : typeof entry === "object" && entry !== null && !Array.isArray(entry)
          ? (entry as Record<string, unknown>)
          : {};
  }
  return config;
}

export const packConfig: () => PackConfig = once(() => readPackConfig(packConfigPath()));
