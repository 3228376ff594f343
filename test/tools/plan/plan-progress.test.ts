import { describe, expect, it } from "vitest";
import type { ProgressStream } from "../../../tools/lib/progress";
import { startPlanProgress } from "../../../tools/plan/plan-progress";

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const sink = {
    text: "",
    isTTY,
    columns: 200,
    write(chunk: string): boolean {
      sink.text += chunk;
      return true;
    },
  };
  return sink;
}

/** A clock that advances by `step` milliseconds at each reading. */
function clock(step: number): () => number {
  let now = 0;
  return () => (now += step);
}

describe("plan progress on stderr", () => {
  it("names what is planned after the verb when one command plans several things (cells diff: base, head)", () => {
    const out = stream(false);
    const progress = startPlanProgress({ verb: "cells diff", scope: "base", total: 1, checking: false, stream: out });
    progress.planned.tick("cell-a");
    progress.finish(10);
    expect(out.text.split("\n")[0]).toBe("cells diff: base 1/1 stacks planned (cell-a)");
    expect(out.text.split("\n")[1]).toMatch(/^cells diff: base 1 stacks, 10 resources planned in /);
  });

  it("writes plain lines for both phases off a terminal, then the time and resources per second", () => {
    const out = stream(false);
    const progress = startPlanProgress({ verb: "cells plan", total: 2, checking: true, stream: out, now: clock(2000) });
    progress.planned.tick("cell-a");
    progress.checked.tick("cell-a");
    progress.planned.tick("cell-b");
    progress.checked.tick("cell-b");
    progress.finish(500);
    expect(out.text).toBe(
      "cells plan: 1/2 stacks planned (cell-a)\n" +
        "cells plan: 1/2 stacks checked against the pack (cell-a)\n" +
        "cells plan: 2/2 stacks planned (cell-b)\n" +
        "cells plan: 2/2 stacks checked against the pack (cell-b)\n" +
        "cells plan: 2 stacks, 500 resources planned and checked in 2.0 s (250 resources/s)\n",
    );
  });

  it("grows its total round by round, as an incremental plan learns which dependents it must plan", () => {
    const out = stream(false);
    const progress = startPlanProgress({
      verb: "cells plan",
      total: 0,
      checking: false,
      stream: out,
      now: clock(1000),
    });
    progress.grow(1);
    progress.planned.tick("cell-a");
    progress.grow(1);
    progress.planned.tick("global");
    progress.finish(40);
    expect(out.text).toBe(
      "cells plan: 1/1 stacks planned (cell-a)\n" +
        "cells plan: 2/2 stacks planned (global)\n" +
        "cells plan: 2 stacks, 40 resources planned in 1.0 s (40 resources/s)\n",
    );
  });

  it("writes about twenty lines per phase however many stacks there are", () => {
    const out = stream(false);
    const progress = startPlanProgress({ verb: "cells plan", total: 1000, checking: false, stream: out });
    for (let index = 0; index < 1000; index++) {
      progress.planned.tick(`cell-${index}`);
    }
    progress.finish(1);
    const lines = out.text.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(21);
    expect(lines.at(-2)).toBe("cells plan: 1000/1000 stacks planned (cell-999)");
    expect(lines.at(-1)).toMatch(/^cells plan: 1000 stacks, 1 resources planned in [\d.]+ s \(\d+ resources\/s\)$/);
  });

  it("redraws one bar on a terminal, counting both phases, and ends it before the final line", () => {
    const out = stream(true);
    const progress = startPlanProgress({ verb: "cells plan", total: 2, checking: true, stream: out, now: clock(1000) });
    progress.planned.tick("cell-a");
    expect(out.text).toBe("\r\u001b[2K[######------------------] cells plan: 1/2 stacks planned, 0/2 checked (cell-a)");
    progress.planned.tick("cell-b");
    progress.checked.tick("cell-a");
    progress.checked.tick("cell-b");
    expect(out.text.split("\r").at(-1)).toBe(
      "\u001b[2K[########################] cells plan: 2/2 stacks planned, 2/2 checked (cell-b)",
    );
    progress.finish(10);
    expect(
      out.text.endsWith("\ncells plan: 2 stacks, 10 resources planned and checked in 1.0 s (10 resources/s)\n"),
    ).toBe(true);
  });
});
