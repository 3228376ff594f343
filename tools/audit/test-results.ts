/**
 * Evidence that ran: a vitest JSON report (`vitest run --reporter=json --outputFile=<file>`) read per policy. A
 * test is evidence for a policy when its full name (describe blocks and title) names the policy; the policy tests
 * name theirs (`resource policy <name>`, `stack policy <name>`).
 */
import { z } from "zod";

export interface TestRun {
  /** The results file read. */
  file: string;
  /** When the run started (ISO 8601), as vitest recorded it. */
  startedAt?: string;
  /** The commit checked out when the audit read the run, and whether the tree differed from it. */
  commit?: string;
  uncommitted: boolean;
  passed: number;
  failed: number;
  skipped: number;
}

export interface PolicyRunEvidence {
  /** Full names of the passing tests that name the policy. */
  passed: string[];
  /** Full names of the failing tests that name it. */
  failed: string[];
}

export interface TestCase {
  fullName: string;
  status: "passed" | "failed" | "skipped";
}

const vitestJson = z.looseObject({
  startTime: z.number().optional(),
  testResults: z.array(
    z.looseObject({
      name: z.string(),
      assertionResults: z.array(
        z.looseObject({
          title: z.string(),
          ancestorTitles: z.array(z.string()).default([]),
          fullName: z.string().optional(),
          status: z.string(),
        }),
      ),
    }),
  ),
});

/** Parses a vitest JSON report; throws a message naming what is missing when it is not one. */
export function parseVitestJson(document: unknown): { startedAt?: string; cases: TestCase[] } {
  const result = vitestJson.safeParse(document);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "document" : issue.path.map(String).join(".");
    throw new Error(`${where}: ${issue?.message ?? "invalid"}`);
  }
  const cases = result.data.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({
      fullName: test.fullName ?? [...test.ancestorTitles, test.title].join(" "),
      status:
        test.status === "passed"
          ? ("passed" as const)
          : test.status === "failed"
            ? ("failed" as const)
            : ("skipped" as const),
    })),
  );
  const start = result.data.startTime;
  return { ...(start === undefined ? {} : { startedAt: new Date(start).toISOString() }), cases };
}

/** True when `text` names `policy` as a whole token (not as part of a longer policy name). */
export function namesPolicy(text: string, policy: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(policy, from);
    if (at === -1) {
      return false;
    }
    const before = at === 0 ? "" : text[at - 1];
    const after = text[at + policy.length] ?? "";
    if (!/[A-Za-z0-9-]/.test(before) && !/[A-Za-z0-9-]/.test(after)) {
      return true;
    }
    from = at + 1;
  }
}

export function runEvidence(policies: readonly string[], cases: readonly TestCase[]): Map<string, PolicyRunEvidence> {
  return new Map(
    policies.map((policy) => {
      const naming = cases.filter((test) => namesPolicy(test.fullName, policy));
      return [
        policy,
        {
          passed: naming.filter((test) => test.status === "passed").map((test) => test.fullName),
          failed: naming.filter((test) => test.status === "failed").map((test) => test.fullName),
        },
      ];
    }),
  );
}
