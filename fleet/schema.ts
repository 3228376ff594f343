/**
 * The shape of the fleet files, as zod schemas. `cells/fleet.yaml` holds the allowed regions, the defaults and
 * the routing settings; each `cells/<id>.yaml` states only what differs from the defaults. A cell is validated
 * after its file is merged over the defaults, so every field below is required in the merged result. Every limit
 * comes from limits.ts, which the components check their arguments against too.
 */
import { z } from "zod";
import { COMPUTE_DEFAULTS, computeSchema } from "./compute";
import { regionQuotasSchema, type RegionQuotas } from "./quotas";
import { rolloutSchema } from "./rollout";
import {
  APP_PORT,
  AURORA_POSTGRES_VERSION,
  CONTAINER_IMAGE,
  IMAGE_TAG,
  BACKUP_RETENTION_DAYS,
  CACHE_ENGINES,
  CACHE_NODE_TYPE,
  CACHE_REPLICAS,
  CELL_ID_MAX_LENGTH,
  CELL_ID_PATTERN,
  DB_INSTANCE_CLASS,
  DOMAIN_NAME,
  EMAIL_ADDRESS,
  FLOW_LOG_RETENTION_DAYS,
  GRAVITON_INSTANCE_TYPE,
  GROUP_SIZE,
  HEALTH_CHECK_FAILURE_THRESHOLD,
  HEALTH_CHECK_INTERVALS,
  HEALTH_CHECK_PATH,
  HOOK_PATH,
  HOSTED_ZONE_ID,
  isTeamName,
  MAX_RECEIVE_COUNT,
  MESSAGE_RETENTION_SECONDS,
  MIN_CHECKER_REGIONS,
  NAT_GATEWAY_MODES,
  CELL_STATES,
  QUEUE_NAME,
  READ_REPLICAS,
  REGION_PATTERN,
  ROUTE53_CHECKER_REGIONS,
  TARGET_CPU_PERCENT,
  VISIBILITY_TIMEOUT_SECONDS,
  ZONE_COUNT,
  type CellState,
  type IntegerRange,
  type StringShape,
} from "./limits";

export { CELL_ID_PATTERN, CELL_STATES, REGION_PATTERN };
export type { CellState };

/** A whole number within `range`; `why` explains the lower bound in its message. */
function wholeNumber(range: IntegerRange, why?: string) {
  return z
    .int()
    .min(range.min, why && `must be at least ${range.min}: ${why}`)
    .max(range.max);
}

function shaped(shape: StringShape) {
  return z.string().regex(shape.pattern, `must be ${shape.shape}`);
}

function distinct(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

const teamName = z.string().refine(isTeamName, "must name the owning team (it is blank)");

export const cellIdSchema = z
  .string()
  .regex(CELL_ID_PATTERN, "must be lower-case letters, digits and single dashes, starting with a letter (e.g. use1-a)")
  .max(CELL_ID_MAX_LENGTH, `must be at most ${CELL_ID_MAX_LENGTH} characters (it prefixes every physical name)`);
export const regionSchema = z.string().regex(REGION_PATTERN, "must be an AWS region name such as us-east-1");

export const queueSchema = z.strictObject({
  /** Queue name within the cell; the physical name is `<cell-id>-<name>` (SQS length limit checked in checks.ts). */
  name: shaped(QUEUE_NAME),
  visibilityTimeoutSeconds: wholeNumber(VISIBILITY_TIMEOUT_SECONDS).default(30),
  retentionSeconds: wholeNumber(MESSAGE_RETENTION_SECONDS).default(345_600),
  maxReceiveCount: wholeNumber(MAX_RECEIVE_COUNT).default(5),
  fifo: z.boolean().default(false),
});

export const capacitySchema = z.strictObject({
  instanceTypes: z.array(shaped(GRAVITON_INSTANCE_TYPE)).min(1).refine(distinct, "must list each instance type once"),
  min: wholeNumber(GROUP_SIZE),
  desired: wholeNumber(GROUP_SIZE),
  max: wholeNumber(GROUP_SIZE),
  /** Average CPU the autoscaling group tracks, in percent. */
  targetCpuUtilization: wholeNumber(TARGET_CPU_PERCENT),
  /** Most tenants the placement may assign to the cell. */
  maxTenants: z.int().min(1),
});

export const databaseSchema = z.strictObject({
  engineVersion: shaped(AURORA_POSTGRES_VERSION),
  instanceClass: shaped(DB_INSTANCE_CLASS),
  readReplicas: wholeNumber(READ_REPLICAS, "every cell keeps a reader replica to fail over to"),
  backupRetentionDays: wholeNumber(BACKUP_RETENTION_DAYS),
});

export const cacheSchema = z.strictObject({
  engine: z.enum(CACHE_ENGINES),
  /** The engine's minimum TLS-capable version depends on the engine: checked in checks.ts. */
  engineVersion: z.string(),
  nodeType: shaped(CACHE_NODE_TYPE),
  replicas: wholeNumber(CACHE_REPLICAS, "automatic failover needs a replica"),
});

export const networkSchema = z.strictObject({
  natGateways: z.enum(NAT_GATEWAY_MODES),
  /** Flow logs are audit evidence: a CloudWatch Logs retention of at least a year. */
  flowLogRetentionDays: z.literal(FLOW_LOG_RETENTION_DAYS),
});

export const appSchema = z.strictObject({
  /** Container image the app instances run, without tag (pulled with the instance role). */
  image: shaped(CONTAINER_IMAGE),
  /** Image tag; changing it changes the launch template's user data, which rolls the instances. */
  version: shaped(IMAGE_TAG),
  port: wholeNumber(APP_PORT),
  healthCheckPath: shaped(HEALTH_CHECK_PATH),
});

export const alarmsSchema = z.strictObject({
  /** Each address once (subscriptions are named after the address; see checks.ts). */
  notificationEmails: z.array(shaped(EMAIL_ADDRESS)).default([]),
});

const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** Everything a cell can state; `fleet.yaml` `defaults` provides the same fields. */
const cellBodyShape = {
  owner: teamName,
  zoneCount: wholeNumber(ZONE_COUNT, "a cell spans several availability zones"),
  capacity: capacitySchema,
  database: databaseSchema,
  cache: cacheSchema,
  queues: z.array(queueSchema),
  network: networkSchema,
  app: appSchema,
  /** How the app runs: `asg` (default) or `eks` (fleet/compute.ts). */
  compute: computeSchema.default(COMPUTE_DEFAULTS),
  alarms: alarmsSchema.default({ notificationEmails: [] }),
  tags: tagsSchema.default({}),
};

/** A cell file merged over the defaults. Rules across fields (capacity order, unique queues) are in checks.ts. */
export const mergedCellSchema = z.strictObject({
  id: cellIdSchema,
  region: regionSchema,
  /** Explicit zones; default: the first `zoneCount` zones of the region in `fleet.yaml`. */
  zones: z
    .array(z.string())
    .min(ZONE_COUNT.min, `must list at least ${ZONE_COUNT.min} zones`)
    .max(ZONE_COUNT.max)
    .optional(),
  vpcCidr: z.string(),
  state: z.enum(CELL_STATES),
  ...cellBodyShape,
});

export const routingSchema = z.strictObject({
  /** DNS zone that fronts the fleet, e.g. `example.com`; cells get `<id>.cells.<domain>`. */
  domain: shaped(DOMAIN_NAME),
  /** Existing Route 53 hosted zone id; when absent the global stack creates the zone. */
  hostedZoneId: shaped(HOSTED_ZONE_ID).optional(),
  /** Region that takes all traffic when a region has no healthy cell; the home of tenants that state none. */
  defaultRegion: regionSchema,
  /**
   * Groups of nearby regions (a continent each), nearest groups first: placement keeps a tenant in its home
   * region, then its group, and crosses to another group only when nothing nearer has room (fleet/proximity.ts).
   * Absent: all allowed regions form one group, in the order of `regions:`.
   */
  regionGroups: z.array(z.array(regionSchema).min(1)).min(1).optional(),
  healthCheck: z
    .strictObject({
      intervalSeconds: z.literal(HEALTH_CHECK_INTERVALS).default(30),
      failureThreshold: wholeNumber(HEALTH_CHECK_FAILURE_THRESHOLD).default(3),
      regions: z
        .array(z.enum(ROUTE53_CHECKER_REGIONS))
        .refine(
          (regions) => new Set(regions).size >= MIN_CHECKER_REGIONS,
          `must list at least ${MIN_CHECKER_REGIONS} distinct checker regions (Route 53 needs them)`,
        )
        .optional(),
    })
    .default({ intervalSeconds: 30, failureThreshold: 3 }),
});

export const migrationSchema = z.strictObject({
  /**
   * The application's data mover, run as `<copyHook> copy|sync|verify|discard --tenant <id> --from <cell>
   * --to <cell>`; relative to the project root (the folder holding the fleet folder).
   */
  copyHook: shaped(HOOK_PATH),
  /** Tenants frozen and flipped together in one `pulumi up -s global`. */
  batchSize: z.int().min(1).max(1000).default(10),
});

export const fleetFileSchema = z.strictObject({
  /** Default owner of every cell. */
  owner: teamName,
  /** Allowed regions and their availability zones, in preference order. */
  regions: z.record(regionSchema, z.array(z.string().min(1)).min(2)),
  defaults: z.looseObject({}),
  routing: routingSchema,
  /** How a change rolls out across the cells (fleet/rollout.ts); absent: the defaults there. */
  rollout: rolloutSchema.optional(),
  /** Service quotas per region as raised in the target account (fleet/quotas.ts); absent: AWS's defaults. */
  quotas: z.record(regionSchema, regionQuotasSchema).default({}),
  /** How tenant data moves between cells (`cells migrate plan`, docs/migrations.md); absent: no runbooks. */
  migration: migrationSchema.optional(),
  /** Fleet-wide capacity planning (placement headroom, `cells capacity`); absent: cells fill up to maxTenants. */
  capacity: z
    .strictObject({
      /** Percent of a cell's `capacity.maxTenants` placement fills before it sends tenants to farther regions. */
      targetUtilisation: z.int().min(1).max(100),
    })
    .optional(),
});

export type QueueSpec = z.infer<typeof queueSchema>;
export type CapacitySpec = z.infer<typeof capacitySchema>;
export type DatabaseSpec = z.infer<typeof databaseSchema>;
export type CacheSpec = z.infer<typeof cacheSchema>;
export type NetworkSpec = z.infer<typeof networkSchema>;
export type AppSpec = z.infer<typeof appSchema>;
export type RoutingSpec = z.infer<typeof routingSchema>;
export type FleetFile = z.infer<typeof fleetFileSchema>;
export type MigrationSpec = z.infer<typeof migrationSchema>;

/** A validated cell: its file merged over the fleet defaults, zones resolved. */
export type CellSpec = Omit<z.infer<typeof mergedCellSchema>, "zones" | "zoneCount"> & {
  zones: string[];
  /** Path of the cell file, relative to the working directory, for messages. */
  file: string;
};

export interface Fleet {
  /** Folder the fleet was read from. */
  dir: string;
  owner: string;
  regions: Record<string, string[]>;
  routing: RoutingSpec;
  /** Service quotas per region, as declared (AWS's defaults for the rest). */
  quotas: Record<string, RegionQuotas>;
  /** Cells sorted by id. */
  cells: CellSpec[];
  /** The `migration:` settings of fleet.yaml, when present. */
  migration?: MigrationSpec;
  /** fleet.yaml `capacity:` (target utilisation), when stated. */
  capacity?: { targetUtilisation: number };
}
