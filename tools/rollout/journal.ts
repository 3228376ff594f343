/**
 * The rollout journal: append-only JSON lines in `.cellplane/rollouts/<id>.jsonl`, each record fsync'd before the
 * next step starts, and one lock file for the folder so two orchestrators never run at once. A halt request is a
 * separate file (`<id>.halt`) the running orchestrator polls, so `halt` never writes into a journal it does not own.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import * as path from "node:path";
import type { JournalEvent, JournalRecord } from "./state";

export const DEFAULT_ROLLOUT_DIR = path.join(".cellplane", "rollouts");
const LOCK_FILE = "lock";

export class RolloutLockedError extends Error {}

export interface LockInfo {
  pid: number;
  host: string;
  id: string;
  at: string;
}

export class Journal {
  private constructor(
    readonly dir: string,
    readonly id: string,
    private readonly now: () => number,
  ) {}

  static create(dir: string, id: string, now: () => number): Journal {
    mkdirSync(dir, { recursive: true });
    if (existsSync(journalPath(dir, id))) {
      throw new Error(`rollout ${id} already has a journal in ${dir}`);
    }
    return new Journal(dir, id, now);
  }

  static open(dir: string, id: string, now: () => number): Journal {
    if (!existsSync(journalPath(dir, id))) {
      throw new Error(`no journal ${journalPath(dir, id)}`);
    }
    return new Journal(dir, id, now);
  }

  get file(): string {
    return journalPath(this.dir, this.id);
  }

  /** Appends one record and fsyncs it (and, for a new file, its folder). */
  append(event: JournalEvent): JournalRecord {
    const record: JournalRecord = { ...event, at: new Date(this.now()).toISOString() };
    const isNew = !existsSync(this.file);
    const fd = openSync(this.file, "a");
    try {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (isNew) {
      syncFolder(this.dir);
    }
    return record;
  }

  records(): JournalRecord[] {
    return readJournal(this.file);
  }

  haltRequest(): { now: boolean } | undefined {
    const file = path.join(this.dir, `${this.id}.halt`);
    if (!existsSync(file)) {
      return undefined;
    }
    return { now: readFileSync(file, "utf8").includes('"now":true') };
  }

  clearHaltRequest(): void {
    rmSync(path.join(this.dir, `${this.id}.halt`), { force: true });
  }
}

export function journalPath(dir: string, id: string): string {
  return path.join(dir, `${id}.jsonl`);
}

/** Reads a journal; a torn last line (a crash mid-write) is ignored, any other bad line is an error. */
export function readJournal(file: string): JournalRecord[] {
  const lines = readFileSync(file, "utf8").split("\n");
  const records: JournalRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") {
      return;
    }
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch (error) {
      if (index < lines.length - 2) {
        throw new Error(`${file}:${index + 1}: not a JSON record (${String(error)})`, { cause: error });
      }
    }
  });
  return records;
}

/** The newest rollout id in `dir` (ids sort by time), if any. */
export function latestRolloutId(dir: string): string | undefined {
  if (!existsSync(dir)) {
    return undefined;
  }
  return readdirSync(dir)
    .filter((entry) => entry.endsWith(".jsonl"))
    .map((entry) => entry.slice(0, -".jsonl".length))
    .sort()
    .pop();
}

export function requestHalt(dir: string, id: string, now: boolean): void {
  const file = path.join(dir, `${id}.halt`);
  const fd = openSync(file, "w");
  try {
    writeSync(fd, JSON.stringify({ now }));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function readLock(dir: string): LockInfo | undefined {
  const file = path.join(dir, LOCK_FILE);
  if (!existsSync(file)) {
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return { pid: 0, host: "", id: "", at: "" };
  }
}

/** True when the lock's process is gone (same host only; another host's lock is never presumed dead). */
export function lockIsStale(lock: LockInfo): boolean {
  if (lock.host !== hostname()) {
    return false;
  }
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/**
 * Takes the folder's lock for rollout `id`. A stale lock (its process died) is taken over and returned so the
 * caller can journal it; a live one raises {@link RolloutLockedError}.
 */
export function acquireLock(dir: string, id: string, now: () => number): { recovered?: LockInfo } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), id, at: new Date(now()).toISOString() };
  let recovered: LockInfo | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, JSON.stringify(info));
      fsyncSync(fd);
      closeSync(fd);
      return recovered === undefined ? {} : { recovered };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw error;
      }
      const held = readLock(dir);
      if (held === undefined) {
        continue;
      }
      if (!lockIsStale(held)) {
        throw new RolloutLockedError(
          `${file} is held by rollout ${held.id} (pid ${held.pid} on ${held.host}, since ${held.at}): wait for it, ` +
            `or halt it with \`cells rollout halt --id ${held.id}\`; delete the file only if that process is gone`,
        );
      }
      recovered = held;
      rmSync(file, { force: true });
    }
  }
  throw new RolloutLockedError(`${file}: could not take the lock; another orchestrator is starting`);
}

export function releaseLock(dir: string): void {
  const held = readLock(dir);
  if (held?.pid === process.pid && held.host === hostname()) {
    rmSync(path.join(dir, LOCK_FILE), { force: true });
  }
}

function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some platforms cannot fsync a folder; the record itself is synced.
  }
}
