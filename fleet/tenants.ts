/**
 * Tenants as data: `cells/tenants.yaml` names every tenant, how much of a cell it uses, an optional pinned cell
 * and an optional data residency. Residencies are defined at the top of the file (`eu: [eu-west-1]`) and must
 * only name regions `fleet.yaml` allows. Everything is validated against the loaded {@link Fleet}; every problem
 * is reported at once as a {@link FleetValidationError}, like the rest of the fleet.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { readYamlObject, TENANTS_FILE } from "./load";
import { movingRuleProblem, movingSchema, type TenantMoving } from "./moving";
import { FleetValidationError, problemsFromIssue, suggestion, type FleetProblem } from "./problems";
import { defaultHome } from "./proximity";
import { cellIdSchema, regionSchema, type CellSpec, type Fleet } from "./schema";

/** A tenant id is one DNS label: it names the tenant's host (`<id>.tenants.<domain>`) and its routing key. */
export const TENANT_ID_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const RESIDENCY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
export const MAX_TENANT_WEIGHT = 1_000;

export const tenantSchema = z.strictObject({
  id: z
    .string()
    .regex(
      TENANT_ID_PATTERN,
      "must be a DNS label: lower-case letters, digits and dashes, at most 63 characters (e.g. acme-retail)",
    ),
  /** Cell capacity the tenant uses, in the units of a cell's `capacity.maxTenants` (a typical tenant is 1). */
  weight: z.int().min(1).max(MAX_TENANT_WEIGHT).default(1),
  /** Cell the tenant must stay on, whatever the hashing says. */
  pin: cellIdSchema.optional(),
  /** Name of a residency from the `residency:` map; only cells in its regions may host the tenant. */
  residency: z.string().regex(RESIDENCY_PATTERN, "must name a residency of the residency: map, e.g. eu").optional(),
  /** Region the tenant lives near; placement prefers it, then the nearest regions (fleet/proximity.ts). */
  home: regionSchema.optional(),
  /** A move in flight: `{ from, to, phase: copying|frozen|flipped }` (fleet/moving.ts, docs/migrations.md). */
  moving: movingSchema.optional(),
});

const tenantsFileSchema = z.strictObject({
  /** Residency name → the regions allowed to hold the data of tenants with that residency. */
  residency: z
    .record(
      z.string().regex(RESIDENCY_PATTERN, "must be a short lower-case name such as eu"),
      z.array(regionSchema).min(1),
    )
    .default({}),
  tenants: z.array(z.unknown()),
});

/**
 * A validated tenant. `regions` is its residency resolved to regions; absent when any region may host it. `home`
 * is always set by {@link loadTenants}: as stated, else the default (fleet/proximity.ts `defaultHome`).
 */
export interface TenantSpec {
  id: string;
  weight: number;
  pin?: string;
  residency?: string;
  regions?: readonly string[];
  home?: string;
  moving?: TenantMoving;
}

export interface TenantList {
  /** The file the tenants were read from, for messages. */
  file: string;
  residency: Record<string, string[]>;
  /** Tenants sorted by id. */
  tenants: TenantSpec[];
}

/** Loads `tenants.yaml` from the fleet's folder; throws {@link FleetValidationError} listing every problem. */
export function loadTenants(fleet: Fleet): TenantList {
  const file = path.join(fleet.dir, TENANTS_FILE);
  if (!existsSync(file)) {
    throw new FleetValidationError([
      {
        file,
        path: "",
        message: `not found: list the fleet's tenants in ${TENANTS_FILE} ("tenants: []" when there are none yet)`,
      },
    ]);
  }
  const { value, problems } = readYamlObject(file);
  if (!value) {
    throw new FleetValidationError(problems);
  }
  return parseTenants(value, file, fleet);
}

/** Validates the parsed content of a tenants file against `fleet`. */
export function parseTenants(value: unknown, file: string, fleet: Fleet): TenantList {
  const envelope = tenantsFileSchema.safeParse(value);
  if (!envelope.success) {
    throw new FleetValidationError(
      envelope.error.issues.flatMap((issue) => problemsFromIssue(issue, file, value, tenantsFileSchema)),
    );
  }
  const { residency, tenants: rawTenants } = envelope.data;
  const problems: FleetProblem[] = residencyRegionProblems(residency, fleet, file);
  const tenants: { tenant: TenantSpec; index: number }[] = [];
  rawTenants.forEach((raw, index) => {
    const parsed = tenantSchema.safeParse(raw);
    if (parsed.success) {
      tenants.push({ tenant: withHome(withRegions(parsed.data, residency), fleet), index });
    } else {
      problems.push(
        ...parsed.error.issues.flatMap((issue) =>
          problemsFromIssue(issue, file, raw, tenantSchema, ["tenants", index]),
        ),
      );
    }
  });
  problems.push(...tenantRuleProblems(tenants, { residency, fleet, file }));
  if (problems.length > 0) {
    throw new FleetValidationError(problems);
  }
  return {
    file,
    residency,
    tenants: tenants.map(({ tenant }) => tenant).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}

function withRegions(tenant: z.infer<typeof tenantSchema>, residency: Record<string, string[]>): TenantSpec {
  const regions = tenant.residency === undefined ? undefined : residency[tenant.residency];
  return regions === undefined ? tenant : { ...tenant, regions };
}

function withHome(tenant: TenantSpec, fleet: Fleet): TenantSpec {
  return tenant.home === undefined ? { ...tenant, home: defaultHome(fleet, tenant.regions) } : tenant;
}

function residencyRegionProblems(residency: Record<string, string[]>, fleet: Fleet, file: string): FleetProblem[] {
  const allowed = Object.keys(fleet.regions);
  return Object.entries(residency).flatMap(([name, regions]) =>
    regions.flatMap((region, index) =>
      fleet.regions[region]
        ? []
        : [
            {
              file,
              path: `residency.${name}[${index}]`,
              value: region,
              message: `is not an allowed region; fleet.yaml allows ${allowed.join(", ")}`,
            },
          ],
    ),
  );
}

interface RuleContext {
  residency: Record<string, string[]>;
  fleet: Fleet;
  file: string;
}

/** Rules across tenants and against the fleet: unique ids, known residencies, pins that exist, fit and comply. */
function tenantRuleProblems(tenants: { tenant: TenantSpec; index: number }[], context: RuleContext): FleetProblem[] {
  const problems: FleetProblem[] = [];
  const firstIndexById = new Map<string, number>();
  const pinnedLoad = new Map<string, number>();
  const cellsById = new Map(context.fleet.cells.map((cell) => [cell.id, cell]));
  for (const { tenant, index } of tenants) {
    const at = (field: string): string => `tenants[${index}].${field}`;
    const first = firstIndexById.get(tenant.id);
    if (first !== undefined) {
      problems.push({
        file: context.file,
        path: at("id"),
        value: tenant.id,
        message: `is already the id of tenants[${first}]: tenant ids must be unique`,
      });
    } else {
      firstIndexById.set(tenant.id, index);
    }
    if (tenant.residency !== undefined && !context.residency[tenant.residency]) {
      const known = Object.keys(context.residency);
      problems.push({
        file: context.file,
        path: at("residency"),
        value: tenant.residency,
        message: `is not defined in the residency: map${suggestion(tenant.residency, known)}`,
      });
    }
    const movingProblem = tenant.moving && movingRuleProblem(tenant.moving, cellsById);
    if (movingProblem) {
      problems.push({ file: context.file, path: at("moving"), message: movingProblem });
    }
    const homeProblem = homeRuleProblem(tenant, context.fleet);
    if (homeProblem) {
      problems.push({ file: context.file, path: at("home"), value: tenant.home, message: homeProblem });
    }
    if (tenant.pin !== undefined) {
      const pinProblem = pinRuleProblem(tenant, cellsById, pinnedLoad);
      if (pinProblem) {
        problems.push({ file: context.file, path: at("pin"), value: tenant.pin, message: pinProblem });
      }
    }
  }
  return problems;
}

/** A home must be an allowed region, inside the tenant's residency. */
function homeRuleProblem(tenant: TenantSpec, fleet: Fleet): string | undefined {
  if (tenant.home === undefined) {
    return undefined;
  }
  if (!fleet.regions[tenant.home]) {
    return `is not a region fleet.yaml allows${suggestion(tenant.home, Object.keys(fleet.regions))}`;
  }
  return tenant.regions && !tenant.regions.includes(tenant.home)
    ? `is outside the tenant's ${tenant.residency} residency (${tenant.regions.join(", ")}): make the home one ` +
        `of those regions, or leave it out`
    : undefined;
}

/** What is wrong with the tenant's pin, if anything. Adds the tenant's weight to its pinned cell's load. */
function pinRuleProblem(
  tenant: TenantSpec,
  cellsById: Map<string, CellSpec>,
  pinnedLoad: Map<string, number>,
): string | undefined {
  const cell = tenant.pin === undefined ? undefined : cellsById.get(tenant.pin);
  if (!cell) {
    return `is not a cell of the fleet${suggestion(tenant.pin ?? "", [...cellsById.keys()])}`;
  }
  if (tenant.regions && !tenant.regions.includes(cell.region)) {
    return (
      `breaks the tenant's ${tenant.residency} residency: cell ${cell.id} is in ${cell.region}, residency ` +
      `${tenant.residency} allows ${tenant.regions.join(", ")}`
    );
  }
  if (cell.state !== "active") {
    return (
      `names cell ${cell.id}, which is ${cell.state}: only active cells host pinned tenants; pin the tenant to ` +
      `an active cell or remove the pin`
    );
  }
  const load = (pinnedLoad.get(cell.id) ?? 0) + tenant.weight;
  pinnedLoad.set(cell.id, load);
  return load > cell.capacity.maxTenants
    ? `puts pinned tenants of weight ${load} on cell ${cell.id}, ` +
        `more than its capacity.maxTenants ${cell.capacity.maxTenants}: pin fewer tenants there or raise its capacity`
    : undefined;
}
