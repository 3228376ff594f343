import { describe, expect, it } from "vitest";
import { startProgress, type ProgressStream } from "../../../tools/lib/progress";

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const sink = {
    text: "",
    isTTY,
    columns: 120,
    write(chunk: string): boolean {
      sink.text += chunk;
      return true;
    },
  };
  return sink;
}

describe("progress on stderr", () => {
  it("writes plain lines when not on a terminal, about twenty however many stacks there are", () => {
    const out = stream(false);
    const progress = startProgress({ verb: "cells plan", what: "stacks planned", total: 3, stream: out });
    ["cell-a", "cell-b", "global"].forEach((stack) => progress.tick(stack));
    progress.done();
    expect(out.text).toBe(
      "cells plan: 1/3 stacks planned (cell-a)\ncells plan: 2/3 stacks planned (cell-b)\n" +
        "cells plan: 3/3 stacks planned (global)\n",
    );
    const many = stream(false);
    const big = startProgress({ verb: "cells plan", what: "stacks planned", total: 1000, stream: many });
    for (let index = 0; index < 1000; index += 1) {
      big.tick();
    }
    const lines = many.text.trim().split("\n");
    expect(lines).toHaveLength(20);
    expect(lines.at(-1)).toBe("cells plan: 1000/1000 stacks planned");
  });

  it("redraws one bar in place on a terminal and ends its line when done", () => {
    const out = stream(true);
    const progress = startProgress({ verb: "cells audit", what: "plans checked", total: 4, stream: out });
    progress.tick("cell-a");
    progress.tick("cell-b");
    expect(out.text.split("\r").at(-1)).toBe(
      "\u001b[2K[############------------] cells audit: 2/4 plans checked (cell-b)",
    );
    expect(out.text).not.toContain("\n");
    progress.done();
    expect(out.text.endsWith("\n")).toBe(true);
  });
});
