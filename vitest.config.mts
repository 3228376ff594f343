import { configDefaults, defineConfig } from "vitest/config";

/**
 * The end-to-end files: they spawn the `cells` CLI (or vitest, or headless Chromium), copy the project, start git
 * repositories, run dependency-cruiser, or start policy packs as processes to test the start-up itself (two of
 * them, one that must fail to compile, and packs started with per-stack enforcement settings), or plan the whole
 * reference fleet. They take most of the suite's time. `npm run test:unit` leaves them out
 * (the fast inner loop; the policy tests there still drive a real pack); `npm test` and CI run every project.
 */
const E2E = [
  "test/tools/cli/**/*.test.ts",
  "test/tools/diff/cli.test.ts",
  "test/tools/diff/git-history.test.ts",
  "test/tools/audit/cli.test.ts",
  "test/tools/analyzer/protocol.test.ts",
  "test/project/dependency-rules.test.ts",
  "test/tools/rollout/cli.test.ts",
  "test/tools/rollout/halt.test.ts",
  "test/policies/weakened-cell.test.ts",
  "test/**/*.e2e.test.ts",
  "test/fleet/plan-cli.test.ts",
  "test/tools/audit/freshness.test.ts",
  "test/tools/audit/html.test.ts",
  "test/tools/audit/test-results.test.ts",
  "test/tools/plan/plan-fleet.test.ts",
  "test/policies/escalation.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, ...E2E],
          // Test files share a worker process and its loaded modules (@pulumi/aws alone takes seconds to load):
          // every Pulumi program runs in its own runtime store, so no state leaks from file to file.
          isolate: false,
        },
      },
      { extends: true, test: { name: "e2e", include: E2E } },
    ],
  },
});
