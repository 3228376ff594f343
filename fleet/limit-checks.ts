/**
 * The limits of limits.ts that span more than one field, so zod's per-field shapes cannot express them: a cache
 * engine's minimum version, a queue's physical name length (it includes the cell id), email subscriptions that
 * would share a name, the zones fleet.yaml lists per region, and a fleet with no cell to route to. The components
 * enforce the same definitions on their arguments.
 */
import { isPlainObject } from "./plain-object";
import type { FleetProblem } from "./problems";
import {
  cacheVersionShape,
  CACHE_ENGINES,
  emailSlug,
  isTlsCapableCacheVersion,
  isZoneOf,
  MAX_QUEUE_NAME_LENGTH,
  physicalQueueNames,
  type CacheEngine,
} from "./limits";
import type { FleetFile } from "./schema";

/** The fields of a cell these rules read; any may be missing or mistyped when the schema check failed too. */
export interface CellLimitFields {
  file: string;
  id?: unknown;
  cache?: unknown;
  queues?: unknown;
  alarms?: unknown;
}

export function cellLimitProblems(cell: CellLimitFields): FleetProblem[] {
  return [
    ...cacheVersionProblems(cell.file, cell.cache),
    ...queueNameLengthProblems(cell.file, cell.id, cell.queues),
    ...emailProblems(cell.file, cell.alarms),
  ];
}

function cacheVersionProblems(file: string, cache: unknown): FleetProblem[] {
  if (!isPlainObject(cache) || typeof cache.engineVersion !== "string") {
    return []; // the schema reports a missing or mistyped version
  }
  const engine = cache.engine;
  if (typeof engine !== "string" || !(CACHE_ENGINES as string[]).includes(engine)) {
    return []; // the schema reports the engine
  }
  return isTlsCapableCacheVersion(engine as CacheEngine, cache.engineVersion)
    ? []
    : [
        {
          file,
          path: "cache.engineVersion",
          value: cache.engineVersion,
          message: `must be ${cacheVersionShape(engine as CacheEngine)}`,
        },
      ];
}

function queueNameLengthProblems(file: string, id: unknown, queues: unknown): FleetProblem[] {
  if (typeof id !== "string" || !Array.isArray(queues)) {
    return [];
  }
  return queues.flatMap((queue: unknown, index) => {
    if (!isPlainObject(queue) || typeof queue.name !== "string") {
      return [];
    }
    const longest = physicalQueueNames(id, queue.name, queue.fifo === true).deadLetterQueue;
    return longest.length <= MAX_QUEUE_NAME_LENGTH
      ? []
      : [
          {
            file,
            path: `queues[${index}].name`,
            value: queue.name,
            message:
              `makes the dead-letter queue name ${longest} ${longest.length} characters long; ` +
              `SQS allows ${MAX_QUEUE_NAME_LENGTH}: shorten it by ${longest.length - MAX_QUEUE_NAME_LENGTH}`,
          },
        ];
  });
}

function emailProblems(file: string, alarms: unknown): FleetProblem[] {
  const emails = isPlainObject(alarms) && Array.isArray(alarms.notificationEmails) ? alarms.notificationEmails : [];
  const slugs = emails.map((email: unknown) => (typeof email === "string" ? emailSlug(email) : undefined));
  return slugs.flatMap((slug, index) =>
    slug !== undefined && slugs.indexOf(slug) !== index
      ? [
          {
            file,
            path: `alarms.notificationEmails[${index}]`,
            value: emails[index] as unknown,
            message: `is the same subscription as ${String(emails[slugs.indexOf(slug)])}: list each address once`,
          },
        ]
      : [],
  );
}

/** fleet.yaml's zones: each a zone name of its region (not a zone id), each listed once. */
export function regionZoneProblems(fleet: FleetFile, fleetPath: string): FleetProblem[] {
  return Object.entries(fleet.regions).flatMap(([region, zones]) =>
    zones.flatMap((zone, index): FleetProblem[] => {
      const path = `regions.${region}[${index}]`;
      if (!isZoneOf(zone, region)) {
        return [
          { file: fleetPath, path, value: zone, message: `must be a zone name of ${region}, such as ${region}a` },
        ];
      }
      return zones.indexOf(zone) === index
        ? []
        : [{ file: fleetPath, path, value: zone, message: "is listed twice: list each zone once" }];
    }),
  );
}

/** The routing layer needs one active cell to send the fleet's traffic to. */
export function activeCellProblems(cells: readonly { file: string; state?: unknown }[], dir: string): FleetProblem[] {
  const stated = cells.filter((cell) => typeof cell.state === "string");
  if (stated.length === 0 || stated.length < cells.length || stated.some((cell) => cell.state === "active")) {
    return [];
  }
  return [
    {
      file: dir,
      path: "state",
      message:
        "no cell is active: the global routing layer needs at least one active cell to send traffic to; " +
        "set state: active in one cell file",
    },
  ];
}
