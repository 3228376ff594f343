/**
 * The shape of the fleet files, as zod schemas. `cells/fleet.yaml` holds the allowed regions, the defaults and
 * the routing settings; each `cells/<id>.yaml` states only what differs from the defaults. A cell is validated
 * after its file is merged over the defaults, so every field below is required in the merged result.
 */
import { z } from "zod";
import { rolloutSchema } from "./rollout";

export const CELL_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const positiveInt = z.int().min(1);

export const cellIdSchema = z
  .string()
  .regex(CELL_ID_PATTERN, "must be lower-case letters, digits and single dashes, starting with a letter (e.g. use1-a)")
  .max(20, "must be at most 20 characters (it prefixes every physical name)");
export const regionSchema = z.string().regex(REGION_PATTERN, "must be an AWS region name such as us-east-1");

export const queueSchema = z.strictObject({
  /** Queue name within the cell; the physical name is `<cell-id>-<name>`. */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,50}$/, "must be 1-50 letters, digits, '-' or '_'"),
  visibilityTimeoutSeconds: z.int().min(0).max(43_200).default(30),
  retentionSeconds: z.int().min(60).max(1_209_600).default(345_600),
  maxReceiveCount: z.int().min(1).max(1_000).default(5),
  fifo: z.boolean().default(false),
});

export const capacitySchema = z.strictObject({
  instanceTypes: z
    .array(z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as m7g.large"))
    .min(1),
  min: positiveInt,
  desired: positiveInt,
  max: positiveInt,
  /** Average CPU the autoscaling group tracks, in percent. */
  targetCpuUtilization: z.int().min(10).max(90),
  /** Most tenants the placement may assign to the cell. */
  maxTenants: positiveInt,
});

export const databaseSchema = z.strictObject({
  engineVersion: z.string().regex(/^\d{2}\.\d{1,2}$/, "must be an Aurora PostgreSQL version such as 16.4"),
  instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, "must be an RDS instance class such as db.r7g.large"),
  readReplicas: z.int().min(1, "must be at least 1: every cell keeps a reader replica to fail over to").max(15),
  backupRetentionDays: z.int().min(1).max(35),
});

export const cacheSchema = z.strictObject({
  engine: z.enum(["valkey", "redis"]),
  engineVersion: z.string().regex(/^\d+(\.\d+){0,2}$/, "must be an engine version such as 8.0"),
  nodeType: z
    .string()
    .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "must be an ElastiCache node type such as cache.r7g.large"),
  replicas: z.int().min(1, "must be at least 1: automatic failover needs a replica").max(5),
});

export const networkSchema = z.strictObject({
  natGateways: z.enum(["perZone", "single"]),
  flowLogRetentionDays: z.union(LOG_RETENTION_DAYS.map((days) => z.literal(days))),
});

export const appSchema = z.strictObject({
  port: z.int().min(1_024).max(65_535),
  healthCheckPath: z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, "must be an absolute path such as /health/deep"),
});

export const alarmsSchema = z.strictObject({
  notificationEmails: z.array(z.email()).default([]),
});

const tagsSchema = z.record(z.string().min(1).max(128), z.string().max(256));

/** Everything a cell can state; `fleet.yaml` `defaults` provides the same fields. */
const cellBodyShape = {
  owner: z.string().min(1),
  zoneCount: z.int().min(2, "must be at least 2: a cell spans several availability zones").max(6),
  capacity: capacitySchema,
  database: databaseSchema,
  cache: cacheSchema,
  queues: z.array(queueSchema),
  network: networkSchema,
  app: appSchema,
  alarms: alarmsSchema.default({ notificationEmails: [] }),
  tags: tagsSchema.default({}),
};

export const CELL_STATES = ["active", "draining", "evacuated"] as const;

/** A cell file merged over the defaults. Rules across fields (capacity order, unique queues) are in checks.ts. */
export const mergedCellSchema = z.strictObject({
  id: cellIdSchema,
  region: regionSchema,
  /** Explicit zones; default: the first `zoneCount` zones of the region in `fleet.yaml`. */
  zones: z.array(z.string()).min(2, "must list at least 2 zones").max(6).optional(),
  vpcCidr: z.string(),
  state: z.enum(CELL_STATES),
  ...cellBodyShape,
});

export const routingSchema = z.strictObject({
  /** DNS zone that fronts the fleet, e.g. `example.com`; cells get `<id>.cells.<domain>`. */
  domain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a DNS domain such as example.com"),
  /** Existing Route 53 hosted zone id; when absent the global stack creates the zone. */
  hostedZoneId: z
    .string()
    .regex(/^Z[A-Z0-9]{1,32}$/)
    .optional(),
  /** Region that takes all traffic when a region has no healthy cell. */
  defaultRegion: regionSchema,
  healthCheck: z
    .strictObject({
      intervalSeconds: z.union([z.literal(10), z.literal(30)]).default(30),
      failureThreshold: z.int().min(1).max(10).default(3),
      regions: z.array(z.string()).min(3, "Route 53 needs at least 3 checker regions").optional(),
    })
    .default({ intervalSeconds: 30, failureThreshold: 3 }),
});

export const fleetFileSchema = z.strictObject({
  /** Default owner of every cell. */
  owner: z.string().min(1),
  /** Allowed regions and their availability zones, in preference order. */
  regions: z.record(regionSchema, z.array(z.string().min(1)).min(2)),
  defaults: z.looseObject({}),
  routing: routingSchema,
  /** How a change rolls out across the cells (fleet/rollout.ts); absent: the defaults there. */
  rollout: rolloutSchema.optional(),
});

export type QueueSpec = z.infer<typeof queueSchema>;
export type CapacitySpec = z.infer<typeof capacitySchema>;
export type DatabaseSpec = z.infer<typeof databaseSchema>;
export type CacheSpec = z.infer<typeof cacheSchema>;
export type NetworkSpec = z.infer<typeof networkSchema>;
export type AppSpec = z.infer<typeof appSchema>;
export type RoutingSpec = z.infer<typeof routingSchema>;
export type CellState = (typeof CELL_STATES)[number];
export type FleetFile = z.infer<typeof fleetFileSchema>;

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
  /** Cells sorted by id. */
  cells: CellSpec[];
}
