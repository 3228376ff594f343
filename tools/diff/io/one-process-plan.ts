/**
 * Both revisions of `cells diff --base` planned in this process, when they share their code: the base differs from
 * the working tree in fleet data only (base-data.ts) and this process runs the working tree's code. Each run is
 * the run `cells plan --stacks` makes (tools/plan/plan-run.ts), so the plan files are the same bytes; what is saved
 * is a second process, a second load of Pulumi and a second policy pack. The pack starts first, while the
 * revisions are read, and checks both revisions' stacks; a revision with other cell ids (which the policies read)
 * gets a pack of its own.
 *
 * Runs go one at a time: a stack synthesized in this thread assumes nothing else synthesizes beside it, and the
 * pack is configured per stack.
 */
import * as path from "node:path";
import { listFleetCellIds } from "../../../policies/lib/settings";
import type { PolicyPack } from "../../analyzer";
import type { InputHasher } from "../../lib/fingerprint";
import type { PreparedFleet } from "../../plan/prepare-fleet";

/** A revision as `cells plan` would see it from its project folder (absolute paths). */
export interface RevisionDirs {
  projectDir: string;
  cellsDir: string;
  stacksDir: string;
}

/** A revision's fleet, read once (changed-stacks.ts reads it to compare fingerprints; the runs reuse it). */
export interface OpenedRevision {
  dirs: RevisionDirs;
  prepared: PreparedFleet;
  hasher: InputHasher;
  /** Every stack of the revision, in deployment order. */
  stacks: string[];
}

export interface OneProcessPlannerOptions {
  /** The policy pack folder (the same code in both revisions); none: synthesize only. */
  packDir?: string;
  /** Worker threads for a run with many stacks (as `cells plan --workers`). */
  workers: number;
}

export class OneProcessPlanner {
  private readonly packs = new Map<string, Promise<PolicyPack>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: OneProcessPlannerOptions) {}

  /** Starts the pack for the fleet in `cellsDir` now (it takes seconds to start), if it is not started yet. */
  startPack(cellsDir: string): void {
    void this.packFor(cellsDir);
  }

  /**
   * Plans `stacks` of `revision` (and the dependents whose read outputs change) into `outDir`, keeping the plan
   * files there, as `cells plan --stacks <stacks> --out <outDir>` run in the revision would. `scope` names the
   * revision in progress lines (`cells diff: base 1/1 stacks planned`).
   */
  plan(revision: OpenedRevision, stacks: string[], outDir: string, scope: string): Promise<void> {
    const run = async (): Promise<void> => {
      const { planAndWrite } = await import("../../plan/plan-run");
      const pack = this.options.packDir === undefined ? undefined : this.packFor(revision.dirs.cellsDir);
      await planAndWrite(
        {
          prepared: revision.prepared,
          planOptions: { ...revision.dirs, workers: this.options.workers },
          stacks: revision.stacks,
          hasher: revision.hasher,
          selection: { kind: "some", requested: stacks, reason: "changed between the revisions" },
          outDir,
          progress: { verb: "cells diff", scope },
        },
        pack,
      );
    };
    const done = this.queue.then(run);
    this.queue = done.catch(() => undefined);
    return done;
  }

  /** Stops every pack started. */
  async close(): Promise<void> {
    await this.queue;
    const packs = [...this.packs.values()];
    this.packs.clear();
    await Promise.all(packs.map((pack) => pack.then((started) => started.close()).catch(() => undefined)));
  }

  private packFor(cellsDir: string): Promise<PolicyPack> {
    const packDir = this.options.packDir ?? "policies";
    const key = listFleetCellIds(cellsDir).join("\n");
    let pack = this.packs.get(key);
    if (pack === undefined) {
      pack = import("../../analyzer").then(({ startPolicyPack }) =>
        startPolicyPack({ packDir: path.resolve(packDir), cellsDir: path.resolve(cellsDir) }),
      );
      // A pack that fails to start is reported where a run awaits it; until then it must not go unhandled.
      pack.catch(() => undefined);
      this.packs.set(key, pack);
    }
    return pack;
  }
}
