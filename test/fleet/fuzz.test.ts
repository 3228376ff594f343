/**
 * Fuzzing the cell files: whatever a cell file holds (values out of range, of the wrong type, odd strings, lists
 * where scalars belong, unknown keys), loading the fleet either accepts it, and then the cell synthesizes under the
 * mock runtime without any component refusing its arguments, or reports problems naming the file and the field
 * (exit 2). It never throws anything else: no user input reaches an internal error (exit 3).
 */
import fc from "fast-check";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import {
  APP_PORT,
  BACKUP_RETENTION_DAYS,
  CACHE_REPLICAS,
  HPA_CPU_PERCENT,
  NODE_GROUP_SIZE,
  NODE_PORT,
  POD_REPLICAS,
  GROUP_SIZE,
  LOG_RETENTION_DAYS,
  MAX_RECEIVE_COUNT,
  MESSAGE_RETENTION_SECONDS,
  READ_REPLICAS,
  TARGET_CPU_PERCENT,
  VISIBILITY_TIMEOUT_SECONDS,
  ZONE_COUNT,
  type IntegerRange,
} from "../../fleet/limits";
import { loadFleet } from "../../fleet/load";
import { FleetValidationError, formatProblem } from "../../fleet/problems";
import type { Fleet } from "../../fleet/schema";
import { runStack } from "../../program";
import { disableStackCaptureForSpeed, synthesizeStack } from "../../tools/plan/synthesize";
import { REFERENCE_CELLS_DIR } from "../support/fleet-dir";

/** Bounded and seeded for the unit tests; FUZZ_RUNS and FUZZ_SEED explore further (`FUZZ_RUNS=500 npx vitest …`). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 8);
const CELL_ID = "fz-a";
const CELL_FILE = `${CELL_ID}.yaml`;
const ACCOUNT = "123456789012";
const CERTIFICATE_ID = "5f0c1a3e-9b7d-4c2e-8a61-3d4f7b2e9c10";

/** A fleet folder holding the reference fleet.yaml and one cell file, which the properties rewrite. */
const dir = mkdtempSync(path.join(tmpdir(), "cellplane-fuzz-"));
copyFileSync(path.join(REFERENCE_CELLS_DIR, "fleet.yaml"), path.join(dir, "fleet.yaml"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ---- values ----------------------------------------------------------------------------------------------------

/** Whole numbers at and just past each end of `range`, anywhere near it, and a fraction inside it. */
function around(range: IntegerRange): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(range.min - 1, range.min, range.max, range.max + 1, range.min + 0.5),
    fc.integer({ min: range.min - 3, max: Math.min(range.max + 3, range.min + 50) }),
  );
}

/** Anything a YAML file can hold, in small sizes: the wrong type for most fields. */
const odd: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e12, "", " ", "NaN", "∞", "0x10"),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 2 }),
);

const text = (...values: string[]) => fc.constantFrom(...values);
const zone = text("us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f", "us-west-2a", "use1-az1");

/** Every field of a cell file, with values around and beyond its limits. */
const FIELDS: Record<string, fc.Arbitrary<unknown>> = {
  owner: text("payments-team", "", "   ", "x".repeat(300)),
  state: text("active", "draining", "evacuated", "sleeping", "ACTIVE"),
  region: text("us-east-1", "us-west-2", "eu-central-1", "US-EAST-1", "us-east"),
  vpcCidr: text("10.40.0.0/16", "10.40.0.0/20", "10.40.0.0/21", "10.40.0.0/15", "11.0.0.0/16", "10.40.0.1/16"),
  zoneCount: around(ZONE_COUNT),
  zones: fc.array(zone, { minLength: 0, maxLength: 7 }),
  tags: fc.dictionary(text("team", "", "k".repeat(129), "aws:x"), text("v", "", "v".repeat(257)), { maxKeys: 3 }),
  "capacity.instanceTypes": fc.array(text("m7g.large", "m6g.large", "m7i.large", "c7gn.xlarge", "M7g.large", "x"), {
    maxLength: 3,
  }),
  "capacity.min": around(GROUP_SIZE),
  "capacity.desired": around(GROUP_SIZE),
  "capacity.max": around({ min: 1, max: 1000 }).map((value) => (value > 50 ? value + 950 : value)),
  "capacity.targetCpuUtilization": around(TARGET_CPU_PERCENT),
  "capacity.maxTenants": around({ min: 1, max: 400 }),
  "database.engineVersion": text("16.4", "11.0", "10.4", "99.99", "16", "16.4.1", "", "16.x"),
  "database.instanceClass": text("db.r7g.large", "db.t4g.medium", "r7g.large", "db.R7G.large"),
  "database.readReplicas": around(READ_REPLICAS),
  "database.backupRetentionDays": around(BACKUP_RETENTION_DAYS),
  "cache.engine": text("valkey", "redis", "memcached"),
  "cache.engineVersion": text("7.2", "7.1", "7.0", "8.0", "6.2", "8", "8.0.1", "v8"),
  "cache.nodeType": text("cache.r7g.large", "cache.t4g.micro", "r7g.large"),
  "cache.replicas": around(CACHE_REPLICAS),
  queues: fc.array(
    fc.record(
      {
        name: fc.oneof(
          text("orders", "bad name", "", "ü"),
          fc.integer({ min: 1, max: 75 }).map((n) => "q".repeat(n)),
        ),
        visibilityTimeoutSeconds: around(VISIBILITY_TIMEOUT_SECONDS),
        retentionSeconds: around(MESSAGE_RETENTION_SECONDS),
        maxReceiveCount: around(MAX_RECEIVE_COUNT),
        fifo: fc.oneof(fc.boolean(), text("yes")),
      },
      { requiredKeys: ["name"] },
    ),
    { maxLength: 3 },
  ),
  "network.natGateways": text("perZone", "single", "none", "PerZone"),
  "network.flowLogRetentionDays": fc.oneof(fc.constantFrom(...LOG_RETENTION_DAYS), fc.constantFrom(0, 364, 3654)),
  "app.port": around(APP_PORT).chain((port) => fc.constantFrom(port, 65_535, 65_536)),
  "app.healthCheckPath": text("/health/deep", "/", "/a b", "health", `/${"a".repeat(1023)}`, `/${"a".repeat(1024)}`),
  "alarms.notificationEmails": fc.array(text("on-call@example.com", "on.call@example.com", "x@y", "not-an-email"), {
    maxLength: 3,
  }),
  "compute.kind": text("asg", "eks", "ecs", "EKS"),
  "compute.eks": fc.record(
    {
      kubernetesVersion: text("1.35", "1.34", "1.20", "1.36", "v1.35"),
      nodes: fc.record({
        instanceTypes: fc.array(text("m7g.large", "m7i.large", "x"), { maxLength: 2 }),
        min: around(NODE_GROUP_SIZE),
        desired: around(NODE_GROUP_SIZE),
        max: around(NODE_GROUP_SIZE),
      }),
      replicas: around(POD_REPLICAS),
      maxReplicas: around(POD_REPLICAS),
      targetCpuUtilization: around(HPA_CPU_PERCENT),
      resources: fc.record({
        requests: fc.record({
          cpu: text("250m", "1", "0.5", "2", "1.2345", "-1"),
          memory: text("512Mi", "1GB", "2Gi"),
        }),
        limits: fc.record({ cpu: text("1", "500m", "4"), memory: text("1Gi", "256Mi", "1G") }),
      }),
      containerPort: around(APP_PORT),
      nodePort: around(NODE_PORT),
      endpointPublicAccessCidrs: fc.array(text("203.0.113.0/24", "0.0.0.0/0", "10.0.0.0/4", "::/0"), { maxLength: 2 }),
      adminRoleName: text("platform-admin", "teams/platform-admin", "", "arn:aws:iam::1:role/x"),
    },
    { requiredKeys: [] },
  ),
};
const FIELD_NAMES = Object.keys(FIELDS);

/** A cell file: the required identity, then `fields` set (dotted paths), plus unknown keys when given. */
function cellDocument(fields: [string, unknown][], unknownKeys: Record<string, unknown> = {}): Record<string, unknown> {
  const document: Record<string, unknown> = {
    id: CELL_ID,
    region: "us-east-1",
    vpcCidr: "10.40.0.0/16",
    state: "active",
  };
  for (const [field, value] of fields) {
    const [head, tail] = field.split(".");
    if (tail === undefined) {
      document[head] = value;
    } else {
      document[head] = { ...(document[head] as object | undefined), [tail]: value };
    }
  }
  return { ...document, ...unknownKeys };
}

/** `range`'s two ends: the values a component is most likely to refuse by mistake. */
const ends = (range: IntegerRange) => fc.constantFrom(range.min, range.max);
const graviton = ["m7g.large", "m6g.large", "c7gn.xlarge", "t4g.nano", "r8g.48xlarge"];

/** Every field at the extremes of what is allowed, together: a valid cell that stretches every limit at once. */
const extremeFields: fc.Arbitrary<[string, unknown][]> = fc
  .record({
    owner: text("payments-team", "x".repeat(300)),
    region: text("us-east-1", "us-west-2"),
    vpcCidr: text("10.40.0.0/16", "10.40.0.0/20", "192.168.0.0/16", "172.31.240.0/20"),
    zoneCount: fc.constantFrom(2, 4),
    tags: fc.dictionary(text("k", "k".repeat(128), "team"), text("", "v".repeat(256)), { maxKeys: 2 }),
    "capacity.instanceTypes": fc.shuffledSubarray(graviton, { minLength: 1 }),
    sizes: fc.uniqueArray(fc.constantFrom(1, 2, 999, 1000), { minLength: 1, maxLength: 3 }),
    "capacity.targetCpuUtilization": ends(TARGET_CPU_PERCENT),
    "capacity.maxTenants": fc.constantFrom(1, 100_000),
    "database.engineVersion": text("11.0", "16.4", "99.99"),
    "database.readReplicas": ends(READ_REPLICAS),
    "database.backupRetentionDays": ends(BACKUP_RETENTION_DAYS),
    cache: fc.constantFrom(["valkey", "7.2"], ["valkey", "8.0.1"], ["redis", "7.0"], ["redis", "7.1"]),
    "cache.replicas": ends(CACHE_REPLICAS),
    queues: fc.uniqueArray(
      fc.record({
        name: fc.integer({ min: 1, max: 66 }).map((length) => "q".repeat(length)),
        visibilityTimeoutSeconds: ends(VISIBILITY_TIMEOUT_SECONDS),
        retentionSeconds: ends(MESSAGE_RETENTION_SECONDS),
        maxReceiveCount: ends(MAX_RECEIVE_COUNT),
        fifo: fc.boolean(),
      }),
      { maxLength: 3, selector: (queue) => queue.name },
    ),
    "network.natGateways": text("perZone", "single"),
    "network.flowLogRetentionDays": fc.constantFrom(365, 3653),
    "app.port": ends(APP_PORT),
    "app.healthCheckPath": text("/", `/${"a".repeat(1023)}`, "/health/deep"),
    "alarms.notificationEmails": fc.shuffledSubarray(["on-call@example.com", "a@b.co", "ops+cells@example.org"]),
    "compute.kind": text("asg", "eks"),
    "compute.eks": fc.record({
      kubernetesVersion: text("1.34", "1.35"),
      nodes: fc.constantFrom(
        { instanceTypes: ["m7g.large"], min: 1, desired: 1, max: 1 },
        { instanceTypes: ["r8g.48xlarge", "t4g.nano"], min: 1, desired: 450, max: 450 },
      ),
      replicas: fc.constantFrom(POD_REPLICAS.min, POD_REPLICAS.max),
      maxReplicas: fc.constant(POD_REPLICAS.max),
      targetCpuUtilization: ends(HPA_CPU_PERCENT),
      resources: fc.constantFrom(
        { requests: { cpu: "1m", memory: "1Ki" }, limits: { cpu: "999.999", memory: "9999999Gi" } },
        { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1000m", memory: "1024Mi" } },
      ),
      containerPort: ends(APP_PORT),
      nodePort: ends(NODE_PORT),
      endpointPublicAccessCidrs: fc.constantFrom([], ["203.0.113.0/24", "10.0.0.0/8"]),
      adminRoleName: text("platform-admin", "teams/platform-admin"),
    }),
  })
  .map(({ sizes, cache, ...fields }) => {
    const [min, desired, max] = [sizes[0], sizes[Math.floor(sizes.length / 2)], sizes[sizes.length - 1]].sort(
      (a, b) => a - b,
    );
    const entries: [string, unknown][] = Object.entries(fields);
    entries.push(["capacity.min", min], ["capacity.desired", desired], ["capacity.max", max]);
    entries.push(["cache.engine", cache[0]], ["cache.engineVersion", cache[1]]);
    return entries;
  });

/** A cell at the extremes of every limit, and often one field moved just past or around its limit. */
const nearlyValidCell = fc
  .tuple(
    extremeFields,
    fc.option(
      fc.constantFrom(...FIELD_NAMES).chain((name) => FIELDS[name].map((value): [string, unknown] => [name, value])),
      { freq: 3 },
    ),
  )
  .map(([fields, moved]) => cellDocument(moved ? [...fields, moved] : fields));

/** Many fields with limit values or values of any type, and unknown keys at the top and in sections. */
const oddCell = fc
  .tuple(
    fc
      .subarray(FIELD_NAMES)
      .chain((names) =>
        fc.tuple(...names.map((name) => fc.oneof(FIELDS[name], odd).map((value): [string, unknown] => [name, value]))),
      ),
    fc.dictionary(fc.constantFrom("databse", "capacty", "x", "network.extra", "__proto__x"), odd, { maxKeys: 2 }),
  )
  .map(([fields, unknown]) => cellDocument(fields, unknown));

// ---- properties ------------------------------------------------------------------------------------------------

type Loaded = { fleet: Fleet } | { problems: string[] };

/** Writes the cell file and loads the fleet; any error but a list of problems fails the property. */
function load(document: Record<string, unknown>): Loaded {
  writeFileSync(path.join(dir, CELL_FILE), stringify(document));
  try {
    return { fleet: loadFleet(dir) };
  } catch (error) {
    if (!(error instanceof FleetValidationError)) {
      throw new Error(`the loader threw ${String(error)} instead of reporting problems`, { cause: error });
    }
    expect(error.problems.length).toBeGreaterThan(0);
    for (const problem of error.problems) {
      expect([CELL_FILE, "fleet.yaml", path.basename(dir)]).toContain(path.basename(problem.file));
      expect(problem.message.length).toBeGreaterThan(0);
    }
    return { problems: error.problems.map(formatProblem) };
  }
}

/** Synthesizes the cell's stack as `cells plan` does; a component refusing its arguments rejects. */
async function synthesizeCell(fleet: Fleet): Promise<void> {
  const cell = fleet.cells.find((candidate) => candidate.id === CELL_ID)!;
  await synthesizeStack({
    project: "cellplane",
    stack: `cell-${CELL_ID}`,
    config: {
      "cellplane:cell": CELL_ID,
      "cellplane:certificateArn": `arn:aws:acm:${cell.region}:${ACCOUNT}:certificate/${CERTIFICATE_ID}`,
    },
    program: () => runStack(`cell-${CELL_ID}`, fleet),
  });
}

describe("fuzzed cell files", () => {
  // As `cells plan` does: Pulumi's per-promise stack capture costs more than the synthesis itself.
  disableStackCaptureForSpeed();

  it("load or report problems naming the file and field, never throw anything else", () => {
    fc.assert(
      fc.property(oddCell, (document) => {
        load(document);
      }),
      { numRuns: Math.max(300, RUNS * 10), seed: SEED },
    );
  });

  it("synthesize whenever they load: no component refuses a value the loader accepted", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(nearlyValidCell, async (document) => {
        const loaded = load(document);
        if ("fleet" in loaded) {
          accepted++;
          await synthesizeCell(loaded.fleet);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(accepted).toBeGreaterThan(RUNS / 5);
  });
});
