/**
 * Every limit a component enforces on a value from a fleet file is checked when the fleet loads, from the same
 * definitions (fleet/limits.ts): each case here is a value the components used to refuse only at synthesis.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadFleet } from "../../fleet/load";
import { FLOW_LOG_RETENTION_DAYS, LOG_RETENTION_DAYS } from "../../fleet/limits";
import type { FleetProblem } from "../../fleet/problems";
import { copyReferenceFleet, type TempFleet, fleetProblems } from "../support/fleet-dir";

let fleet: TempFleet | undefined;
afterEach(() => fleet?.cleanup());

type Doc = Record<string, unknown>;

function problemsAfter(file: string, edit: (document: Doc) => void): FleetProblem[] {
  fleet = copyReferenceFleet();
  fleet.edit(file, edit);
  const cellsDir = fleet.cellsDir;
  return fleetProblems(() => loadFleet(cellsDir)) ?? [];
}

function section(document: Doc, key: string): Doc {
  document[key] = { ...(document[key] as Doc | undefined) };
  return document[key] as Doc;
}

describe("limits the components enforce, checked at load", () => {
  it("flow logs: a CloudWatch Logs retention of at least a year (30 days is a valid retention, but too short)", () => {
    expect(LOG_RETENTION_DAYS).toContain(30);
    expect(FLOW_LOG_RETENTION_DAYS).not.toContain(30);
    const [problem, ...rest] = problemsAfter(
      "use1-c.yaml",
      (cell) => (section(cell, "network").flowLogRetentionDays = 30),
    );
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: "use1-c.yaml", path: "network.flowLogRetentionDays", value: 30 });
    expect(problem.message).toBe(`must be one of ${FLOW_LOG_RETENTION_DAYS.join(", ")}`);
  });

  it.each([
    [
      "a Graviton instance type (cells run the arm64 image)",
      "capacity",
      "instanceTypes",
      ["m7i.large"],
      "capacity.instanceTypes[0]",
    ],
    ["each instance type once", "capacity", "instanceTypes", ["m7g.large", "m7g.large"], "capacity.instanceTypes"],
    ["a group of at most 1000 instances", "capacity", "max", 1001, "capacity.max"],
    ["an Aurora PostgreSQL version from 11 up", "database", "engineVersion", "10.4", "database.engineVersion"],
    ["a TLS-capable cache version", "cache", "engineVersion", "7.1", "cache.engineVersion"],
    ["a health check path of URL characters", "app", "healthCheckPath", "/health check", "app.healthCheckPath"],
    ["an owner that is not blank", undefined, "owner", "   ", "owner"],
  ])("requires %s", (_label, key, field, value, expectedPath) => {
    const problems = problemsAfter("use1-c.yaml", (cell) => ((key ? section(cell, key) : cell)[field] = value));
    expect(problems.map((problem) => [problem.file, problem.path])).toEqual([["use1-c.yaml", expectedPath]]);
    expect(problems[0].message).toMatch(/^must /);
  });

  it("refuses a queue whose dead-letter queue name would pass SQS's 80 characters", () => {
    const name = "q".repeat(70);
    const problems = problemsAfter("use1-c.yaml", (cell) => (cell.queues = [{ name, fifo: true }]));
    expect(problems).toEqual([
      {
        file: "use1-c.yaml",
        path: "queues[0].name",
        value: name,
        message: expect.stringMatching(
          /use1-c-q{70}-dlq\.fifo 86 characters long; SQS allows 80: shorten it by 6$/,
        ) as string,
      },
    ]);
  });

  it("refuses two notification addresses that would name the same subscription", () => {
    const problems = problemsAfter("use1-c.yaml", (cell) => {
      cell.alarms = { notificationEmails: ["on.call@example.com", "on-call@example.com"] };
    });
    expect(problems).toMatchObject([{ file: "use1-c.yaml", path: "alarms.notificationEmails[1]" }]);
  });

  it("refuses zone ids and repeated zones in fleet.yaml's regions", () => {
    const problems = problemsAfter("fleet.yaml", (document) => {
      section(document, "regions")["eu-west-1"] = ["euw1-az1", "eu-west-1a", "eu-west-1a"];
    });
    expect(problems.map((problem) => [problem.path, problem.value])).toEqual(
      expect.arrayContaining([
        ["regions.eu-west-1[0]", "euw1-az1"],
        ["regions.eu-west-1[2]", "eu-west-1a"],
      ]),
    );
  });

  it("refuses health-check regions Route 53 does not check from", () => {
    const problems = problemsAfter("fleet.yaml", (document) => {
      section(section(document, "routing"), "healthCheck").regions = ["us-east-1", "us-west-2", "eu-central-1"];
    });
    expect(problems.map((problem) => problem.path)).toEqual(["routing.healthCheck.regions[2]"]);
  });

  it("refuses a fleet with no active cell: the routing layer needs one", () => {
    fleet = copyReferenceFleet();
    const ids = ["apse2-a", "euw1-a", "euw1-b", "use1-a", "use1-b", "use1-c", "usw2-a"];
    for (const id of ids) {
      fleet.edit(`${id}.yaml`, (cell) => (cell.state = "draining"));
    }
    expect(() => loadFleet(fleet!.cellsDir)).toThrow(/state: no cell is active/);
  });
});
