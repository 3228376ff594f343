/**
 * Every limit on a value a fleet file can set, in one place. The fleet schema (schema.ts, checks.ts) checks them
 * when the fleet is loaded, and the components that receive the values check the same definitions on their
 * arguments (components import this module; nothing here imports a component). A limit added to a component for a
 * value that comes from a cell file belongs here, so `cells plan` refuses it with exit 2 before any synthesis.
 *
 * Pure data and predicates: no zod, no Pulumi.
 */
import { MAX_ZONES } from "./cidr";

/** A whole-number range, both ends included. */
export interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

/** A string shape: the pattern, and how to describe a valid value in a message ("an AWS region name …"). */
export interface StringShape {
  readonly pattern: RegExp;
  readonly shape: string;
}

export function inRange(range: IntegerRange, value: number): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

// ---- identity ------------------------------------------------------------------------------------------------------

export const CELL_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A cell id prefixes every physical name (`<id>-<queue>-dlq.fifo` must stay within SQS's 80 characters). */
export const CELL_ID_MAX_LENGTH = 20;
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** An owner names a team: anything but blank. */
export function isTeamName(owner: string): boolean {
  return owner.trim().length > 0;
}

// ---- lifecycle -----------------------------------------------------------------------------------------------------

/** `active` takes tenants, `draining` keeps serving while its tenants move away, `evacuated` hosts none. */
export const CELL_STATES = ["active", "draining", "evacuated"] as const;
export type CellState = (typeof CELL_STATES)[number];

// ---- zones ---------------------------------------------------------------------------------------------------------

/** A cell spans at least two zones, so a zone outage leaves a replica; its address plan has room for six. */
export const ZONE_COUNT: IntegerRange = { min: 2, max: MAX_ZONES };

/**
 * `us-east-1a` is a zone of `us-east-1`: the region name and one letter. Zone ids (`use1-az1`) are not accepted:
 * RDS and ElastiCache take zone names.
 */
export function isZoneOf(zone: string, region: string): boolean {
  return zone.startsWith(region) && /^[a-z]$/.test(zone.slice(region.length));
}

// ---- network -------------------------------------------------------------------------------------------------------

export const NAT_GATEWAY_MODES = ["perZone", "single"] as const;

/**
 * Retention periods CloudWatch Logs accepts (PutRetentionPolicy `retentionInDays`,
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Flow logs are kept at least a year (the audit minimum): the CloudWatch Logs retention values from 365 up. */
export const FLOW_LOG_RETENTION_DAYS: readonly number[] = LOG_RETENTION_DAYS.filter((days) => days >= 365);

// ---- app and capacity ----------------------------------------------------------------------------------------------

/** The app runs unprivileged, so it listens above 1023. */
export const APP_PORT: IntegerRange = { min: 1024, max: 65_535 };

/** The load balancer's health check path (ALB `HealthCheckPath`: up to 1024 characters of a URL path). */
export const HEALTH_CHECK_PATH: StringShape = {
  pattern: /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{0,1023}$/,
  shape: 'an absolute URL path of at most 1024 characters, such as "/health/deep"',
};

/** The app's container image, without tag or digest: `[<registry host>[:port]/]<path>`, lower case. */
export const CONTAINER_IMAGE: StringShape = {
  pattern: /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/,
  shape: 'a container image without tag, such as "123456789012.dkr.ecr.us-east-1.amazonaws.com/storefront"',
};
/** The image tag to run (Docker: letters, digits, `_`, `.`, `-`, at most 128, not starting with `.` or `-`). */
export const IMAGE_TAG: StringShape = {
  pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
  shape: 'an image tag such as "1.42.0"',
};

export const INSTANCE_TYPE: StringShape = {
  pattern: /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
  shape: 'an EC2 instance type such as "m7g.large"',
};

/** Graviton (arm64) families carry a `g` after the generation (`m7g`, `c7gn`, `r8g`); the default image is arm64. */
export const GRAVITON_INSTANCE_TYPE: StringShape = {
  pattern: /^[a-z]+\d+g[a-z]*\.[a-z0-9]+$/,
  shape: 'a Graviton (arm64) instance type such as "m7g.large", for the arm64 Amazon Linux image cells run',
};

/** Instances of an Auto Scaling group (min, desired, max). */
export const GROUP_SIZE: IntegerRange = { min: 1, max: 1000 };
/** Average CPU percentage the group's target tracking holds. */
export const TARGET_CPU_PERCENT: IntegerRange = { min: 10, max: 90 };

/**
 * The cell load balancer's certificate (stack file `cellplane:certificateArn`, or the region stack's output): an ACM
 * certificate in the cell's own region, since an ALB listener only takes certificates from its region.
 */
export function cellCertificateArnPattern(region: string): RegExp {
  return new RegExp(`^arn:aws[a-z-]*:acm:${region}:\\d{12}:certificate/[0-9a-f-]{36}$`);
}

// ---- database ------------------------------------------------------------------------------------------------------

export const AURORA_POSTGRES_VERSION: StringShape = {
  pattern: /^(1[1-9]|[2-9]\d)\.\d{1,2}$/,
  shape: 'an Aurora PostgreSQL version "<major>.<minor>" from 11 up, such as "16.8"',
};
export const DB_INSTANCE_CLASS: StringShape = {
  pattern: /^db\.[a-z0-9]+\.[a-z0-9]+$/,
  shape: 'an RDS instance class such as "db.r7g.large"',
};
/** Aurora allows up to 15 readers; every cell keeps one to fail over to. */
export const READ_REPLICAS: IntegerRange = { min: 1, max: 15 };
/** Automated backup retention RDS accepts. */
export const BACKUP_RETENTION_DAYS: IntegerRange = { min: 1, max: 35 };

// ---- cache ---------------------------------------------------------------------------------------------------------

/** Oldest versions that support `transitEncryptionMode: required` (and so a TLS-only AUTH cache). */
export const MIN_CACHE_ENGINE_VERSION = { valkey: [7, 2], redis: [7, 0] } as const;
export type CacheEngine = keyof typeof MIN_CACHE_ENGINE_VERSION;
export const CACHE_ENGINES = Object.keys(MIN_CACHE_ENGINE_VERSION) as CacheEngine[];

/** `engineVersion` is `<major>.<minor>[.<patch>]` and at least the engine's TLS-capable minimum. */
export function isTlsCapableCacheVersion(engine: CacheEngine, engineVersion: string): boolean {
  const minimum = MIN_CACHE_ENGINE_VERSION[engine];
  const match = /^(\d+)\.(\d+)(\.\d+)?$/.exec(engineVersion);
  if (!minimum || !match) {
    return false;
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > minimum[0] || (major === minimum[0] && minor >= minimum[1]);
}

export function cacheVersionShape(engine: CacheEngine): string {
  const minimum = MIN_CACHE_ENGINE_VERSION[engine] ?? MIN_CACHE_ENGINE_VERSION.valkey;
  return `"<major>.<minor>" and at least ${minimum.join(".")} for ${engine}, the first that can require TLS`;
}

export const CACHE_NODE_TYPE: StringShape = {
  pattern: /^cache\.[a-z0-9]+\.[a-z0-9]+$/,
  shape: 'an ElastiCache node type such as "cache.r7g.large"',
};
/** Replicas of the primary: at least one for automatic failover, at most five. */
export const CACHE_REPLICAS: IntegerRange = { min: 1, max: 5 };

// ---- queues --------------------------------------------------------------------------------------------------------

export const QUEUE_NAME: StringShape = {
  pattern: /^[A-Za-z0-9_-]+$/,
  shape: 'letters, digits, "-" or "_", such as "orders"',
};
/** SQS queue names are at most 80 characters, `.fifo` included. */
export const MAX_QUEUE_NAME_LENGTH = 80;
const DEAD_LETTER_SUFFIX = "-dlq";
const FIFO_SUFFIX = ".fifo";

/** The physical names of a cell's queue and its dead-letter queue (the longer of the two). */
export function physicalQueueNames(
  cellId: string,
  queueName: string,
  fifo: boolean,
): { queue: string; deadLetterQueue: string } {
  const suffix = fifo ? FIFO_SUFFIX : "";
  return {
    queue: `${cellId}-${queueName}${suffix}`,
    deadLetterQueue: `${cellId}-${queueName}${DEAD_LETTER_SUFFIX}${suffix}`,
  };
}

export const VISIBILITY_TIMEOUT_SECONDS: IntegerRange = { min: 0, max: 43_200 };
export const MESSAGE_RETENTION_SECONDS: IntegerRange = { min: 60, max: 1_209_600 };
export const MAX_RECEIVE_COUNT: IntegerRange = { min: 1, max: 1_000 };

// ---- alarms --------------------------------------------------------------------------------------------------------

export const EMAIL_ADDRESS: StringShape = { pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, shape: "an email address" };

/**
 * `On-Call@Example.com` → `on-call-example-com`: the part of an email subscription's logical name. Two addresses
 * with the same slug would name the same resource, so a cell lists each slug once.
 */
export function emailSlug(email: string): string {
  return email
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

// ---- routing (fleet.yaml) ------------------------------------------------------------------------------------------

export const DOMAIN_NAME: StringShape = {
  pattern: /^([a-z0-9-]+\.)+[a-z]{2,}$/,
  shape: "a DNS domain such as example.com",
};
export const HOSTED_ZONE_ID: StringShape = {
  pattern: /^Z[A-Z0-9]{1,32}$/,
  shape: "a Route 53 hosted zone id (Z…)",
};
/** Route 53 health checks run every 10 (fast) or 30 seconds. */
export const HEALTH_CHECK_INTERVALS = [10, 30] as const;
export const HEALTH_CHECK_FAILURE_THRESHOLD: IntegerRange = { min: 1, max: 10 };
/** Regions Route 53 health checkers run in (HealthCheck `regions`); at least three must be chosen. */
export const ROUTE53_CHECKER_REGIONS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "sa-east-1",
] as const;
export const MIN_CHECKER_REGIONS = 3;

// ---- migrations ----------------------------------------------------------------------------------------------------

/** A path inside the project, `/`-separated, without `..`: where the application's copy hook lives. */
export const HOOK_PATH: StringShape = {
  pattern: /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/,
  shape: "a path relative to the project root, such as scripts/copy-tenant (no leading /, no ..)",
};

// ---- compute kinds and Kubernetes cells ----------------------------------------------------------------------------

/** How a cell runs its app: an Auto Scaling group of instances (`asg`, the default) or its own EKS cluster (`eks`). */
export const COMPUTE_KINDS = ["asg", "eks"] as const;
export type ComputeKind = (typeof COMPUTE_KINDS)[number];

/**
 * Kubernetes minor versions EKS supports, with the end of their standard support. A minor version has 14 months of
 * standard support, then 12 of extended support at extra cost ("Understand the Kubernetes version lifecycle on EKS",
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html; dates from its release calendar, as
 * listed at https://endoflife.date/amazon-eks). Only versions still in, or just leaving, standard support are
 * accepted: Security Hub EKS.2 fails clusters on versions past it.
 */
export const EKS_KUBERNETES_VERSIONS: Readonly<Record<string, string>> = {
  "1.34": "2026-12-02",
  "1.35": "2027-03-27",
};
/** The default: the newest version in standard support (until 2027-03-27). */
export const DEFAULT_KUBERNETES_VERSION = "1.35";

/** Nodes of a managed node group (EKS allows 0; a cell keeps at least one node per zone it can lose). */
export const NODE_GROUP_SIZE: IntegerRange = { min: 1, max: 450 };
/** Pods of the app's Deployment: at least two, so a PodDisruptionBudget can keep one while a node drains. */
export const POD_REPLICAS: IntegerRange = { min: 2, max: 500 };
/** Average CPU utilization (percent of the request) the HorizontalPodAutoscaler holds. */
export const HPA_CPU_PERCENT: IntegerRange = { min: 10, max: 95 };
/** Kubernetes' default NodePort range (kube-apiserver `--service-node-port-range`). */
export const NODE_PORT: IntegerRange = { min: 30_000, max: 32_767 };

/** CPU quantities in cores or millicores: `250m`, `1`, `0.5` (at most millicore precision). */
export const CPU_QUANTITY: StringShape = {
  pattern: /^(\d{1,6}m|\d{1,3}(\.\d{1,3})?)$/,
  shape: 'a CPU quantity in cores or millicores, such as "250m" or "1"',
};
/** Memory quantities in binary units: `512Mi`, `1Gi`. */
export const MEMORY_QUANTITY: StringShape = {
  pattern: /^\d{1,7}(Ki|Mi|Gi)$/,
  shape: 'a memory quantity in Ki, Mi or Gi, such as "512Mi" or "1Gi"',
};

/** Millicores of a {@link CPU_QUANTITY}. */
export function cpuMillicores(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}

/** Bytes of a {@link MEMORY_QUANTITY}. */
export function memoryBytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
  return Number(quantity.slice(0, -2)) * (units[quantity.slice(-2)] ?? 0);
}

/** An IAM role name (IAM: up to 64 of letters, digits and `+=,.@_-`), optionally under a path. */
export const IAM_ROLE_NAME: StringShape = {
  pattern: /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/,
  shape: 'an IAM role name such as "platform-admin" (optionally with a path, "teams/platform-admin")',
};

/** An IPv4 CIDR for the public API endpoint: a real range, never the whole internet. */
export const PUBLIC_ACCESS_CIDR: StringShape = {
  pattern: /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/([89]|[12]\d|3[0-2])$/,
  shape: 'an IPv4 CIDR of /8 or narrower, such as "203.0.113.0/24" (never 0.0.0.0/0)',
};
