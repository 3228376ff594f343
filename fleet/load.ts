/**
 * Reads a fleet folder (`fleet.yaml` plus one `<cell-id>.yaml` per cell), merges each cell over the defaults,
 * validates everything with zod once, runs the cross-cell checks, and returns typed values. Every problem in
 * every file is collected and raised together as a {@link FleetValidationError}.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { cellRuleProblems, crossCellProblems, type CellFields } from "./checks";
import { reservedDomainProblems } from "./domains";
import { isPlainObject } from "./plain-object";
import { regionGroupProblems } from "./proximity";
import { quotaProblems } from "./quotas";
import { FleetValidationError, problemsFromIssue, valueAt, type FleetProblem } from "./problems";
import { fleetFileSchema, mergedCellSchema, type CellSpec, type Fleet, type FleetFile } from "./schema";

export const FLEET_FILE = "fleet.yaml";
export const TENANTS_FILE = "tenants.yaml";
const RESERVED_FILES = new Set([FLEET_FILE, TENANTS_FILE]);

type Raw = Record<string, unknown>;

export interface LoadFleetOptions {
  /**
   * Refuse a reserved example domain (RFC 2606) in `routing.domain`, which Route 53 and ACM refuse: set by the
   * program a deployment runs (index.ts). Planning offline (`cells plan`, placement, rollout waves) accepts it, so
   * the reference fleet plans anywhere. Default false.
   */
  forDeployment?: boolean;
}

/** Loads and validates the fleet in `dir`; throws {@link FleetValidationError} listing every problem. */
export function loadFleet(dir: string, options: LoadFleetOptions = {}): Fleet {
  const fleetPath = path.join(dir, FLEET_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(fleetPath)) {
    throw new FleetValidationError([
      {
        file: fleetPath,
        path: "",
        message:
          `not found: a fleet folder holds ${FLEET_FILE} and one <cell-id>.yaml per cell (pass --cells-dir ` +
          `<folder>)`,
      },
    ]);
  }
  const fleetFile = parseFleetFile(fleetPath);
  const cellFiles = listCellFiles(dir);
  const problems: FleetProblem[] = [];
  const cells: CellSpec[] = [];
  const cellFields: CellFields[] = [];
  for (const file of cellFiles) {
    const result = loadCell(file, fleetFile, fleetPath);
    problems.push(...result.problems);
    if (result.cell) {
      cells.push(result.cell);
    }
    if (result.fields) {
      cellFields.push(result.fields);
    }
  }
  if (cellFiles.length === 0) {
    problems.push({ file: dir, path: "", message: "holds no cell files: add one <cell-id>.yaml per cell" });
  }
  problems.push(...crossCellProblems(cellFields, fleetFile, { fleetPath, dir }));
  problems.push(...quotaRegionProblems(fleetFile, fleetPath));
  problems.push(...regionGroupProblems(fleetFile, fleetPath));
  // Counted only once every cell is valid: the count needs each cell's zones and NAT gateway mode.
  if (problems.length === 0) {
    problems.push(...quotaProblems(cells, fleetFile.quotas, fleetPath));
  }
  if (options.forDeployment) {
    problems.push(...reservedDomainProblems(fleetFile.routing.domain, fleetPath));
  }
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  return {
    dir,
    owner: fleetFile.owner,
    regions: fleetFile.regions,
    routing: fleetFile.routing,
    quotas: fleetFile.quotas,
    ...(fleetFile.capacity ? { capacity: fleetFile.capacity } : {}),
    cells: cells.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    ...(fleetFile.migration ? { migration: fleetFile.migration } : {}),
  };
}

function listCellFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((entry) => /\.ya?ml$/.test(entry) && !RESERVED_FILES.has(entry))
    .sort()
    .map((entry) => path.join(dir, entry));
}

/** Parses a YAML file into a plain object; YAML syntax errors become problems with line and column. */
export function readYamlObject(file: string): { value?: Raw; problems: FleetProblem[] } {
  const document = parseDocument(readFileSync(file, "utf8"), { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => ({
        file,
        path: error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "",
        message:
          `is not valid YAML: ` + `${(error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    };
  }
  const value: unknown = document.toJS();
  if (!isPlainObject(value)) {
    return { problems: [{ file, path: "", message: "must be a YAML mapping of fields (key: value)" }] };
  }
  return { value, problems: [] };
}

function parseFleetFile(fleetPath: string): FleetFile {
  const { value, problems } = readYamlObject(fleetPath);
  if (!value) {
    throw new FleetValidationError(problems);
  }
  const parsed = fleetFileSchema.safeParse(value);
  if (!parsed.success) {
    throw new FleetValidationError(
      parsed.error.issues.flatMap((issue) => problemsFromIssue(issue, fleetPath, value, fleetFileSchema)),
    );
  }
  return parsed.data;
}

function loadCell(
  file: string,
  fleetFile: FleetFile,
  fleetPath: string,
): { cell?: CellSpec; fields?: CellFields; problems: FleetProblem[] } {
  const { value: raw, problems } = readYamlObject(file);
  if (!raw) {
    return { problems };
  }
  const merged = deepMerge({ owner: fleetFile.owner, ...fleetFile.defaults }, raw);
  const fields: CellFields = { file, ...merged };
  const parsed = mergedCellSchema.safeParse(merged);
  const schemaProblems = parsed.success
    ? []
    : parsed.error.issues.flatMap((issue) =>
        attributeIssue(issue, { file, raw, fleetPath, defaults: fleetFile.defaults, merged }),
      );
  const schemaPaths = new Set(schemaProblems.map((problem) => `${problem.file}#${problem.path}`));
  const ruleProblems = cellRuleProblems(fields, fleetFile).filter(
    (problem) => !schemaPaths.has(`${problem.file}#${problem.path}`),
  );
  if (!parsed.success || ruleProblems.length > 0) {
    return { fields, problems: [...schemaProblems, ...ruleProblems] };
  }
  const { zoneCount, zones, ...rest } = parsed.data;
  return {
    cell: { ...rest, zones: zones ?? fleetFile.regions[rest.region]?.slice(0, zoneCount) ?? [], file },
    fields,
    problems: [],
  };
}

interface IssueContext {
  file: string;
  raw: Raw;
  fleetPath: string;
  defaults: Raw;
  merged: Raw;
}

/** Blames the cell file when it states the field (or when nobody does), the fleet defaults otherwise. */
function attributeIssue(issue: z.core.$ZodIssue, context: IssueContext): FleetProblem[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.flatMap((key) => {
      const single = { ...issue, keys: [key] };
      const inCell = valueAt(context.raw, [...issue.path, key]) !== undefined;
      return inCell
        ? problemsFromIssue(single, context.file, context.merged, mergedCellSchema)
        : problemsFromIssue(single, context.fleetPath, context.merged, mergedCellSchema, ["defaults"]);
    });
  }
  const statedByCell = valueAt(context.raw, issue.path) !== undefined;
  const statedByDefaults = valueAt(context.defaults, issue.path) !== undefined;
  return !statedByCell && statedByDefaults
    ? problemsFromIssue(issue, context.fleetPath, context.merged, mergedCellSchema, ["defaults"])
    : problemsFromIssue(issue, context.file, context.merged, mergedCellSchema);
}

/** Objects merge key by key; arrays and scalars in `override` replace the base value. */
export function deepMerge(base: Raw, override: Raw): Raw {
  const result: Raw = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

/** `quotas:` may only name regions the fleet allows (a typo would silently fall back to AWS's defaults). */
function quotaRegionProblems(fleetFile: FleetFile, fleetPath: string): FleetProblem[] {
  return Object.keys(fleetFile.quotas)
    .filter((region) => !(region in fleetFile.regions))
    .map((region) => ({
      file: fleetPath,
      path: `quotas.${region}`,
      message: `is not one of the allowed regions (${Object.keys(fleetFile.regions).join(", ")})`,
    }));
}
