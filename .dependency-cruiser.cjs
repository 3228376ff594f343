// The direction of imports, checked by `npm run deps:check` (dependency-cruiser) in CI. Layers, top to bottom:
//
//   tools/  →  program/ (and index.ts)  →  components/  →  fleet/
//   policies/   self-contained: the Pulumi CLI loads the pack on its own (tools/ may read it, not the reverse)
//   test/       may import anything; nothing outside test/ imports test/ (one documented exception below)
//
// Paths are relative to the project root. Type-only imports count: a type is a dependency too.

/** A file of this project (resolved, not a package or a Node.js module). */
const PROJECT_FILE = { dependencyTypes: ["local"] };

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle: split the shared part into a module both sides import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that resolves to no file: every other rule would miss it.",
      from: {},
      // `cloudfront` is the module the CloudFront Functions runtime provides to components/routing/edge-function.js.
      to: { couldNotResolve: true, pathNot: "^cloudfront$" },
    },
    {
      name: "fleet-is-the-base",
      severity: "error",
      comment: "fleet/ (the fleet model and its validation) imports no other layer of the project.",
      from: { path: "^fleet/" },
      to: { ...PROJECT_FILE, pathNot: "^fleet/" },
    },
    {
      name: "components-import-components-and-fleet",
      severity: "error",
      comment: "components/ builds on components/ and fleet/ only: never program/, tools/, policies/ or index.ts.",
      from: { path: "^components/" },
      to: { ...PROJECT_FILE, pathNot: "^(components|fleet)/" },
    },
    {
      name: "components-lib-is-shared",
      severity: "error",
      comment: "components/lib/ is shared by cells and routing: it imports neither components/cell nor routing.",
      from: { path: "^components/lib/" },
      to: { path: "^components/(cell|routing)/" },
    },
    {
      name: "program-imports-no-tools",
      severity: "error",
      comment: "program/ and index.ts are deployed: they import no offline tooling (tools/).",
      from: { path: "^(program/|index\\.ts$)" },
      to: { path: "^tools/" },
    },
    {
      name: "policies-self-contained",
      severity: "error",
      comment: "policies/ is loaded by the Pulumi CLI on its own: it imports nothing of the project outside it.",
      from: { path: "^policies/" },
      to: { ...PROJECT_FILE, pathNot: "^policies/" },
    },
    {
      name: "plan-file-format-stands-alone",
      severity: "error",
      comment: "tools/lib/plan-file.ts is the plan-file format every tool reads: it imports nothing of the project.",
      from: { path: "^tools/lib/plan-file\\.ts$" },
      to: PROJECT_FILE,
    },
    {
      name: "no-test-outside-test",
      severity: "error",
      comment: "Only tests import test/ (tools/bench/analyze.ts has the one exception, see the next rule).",
      from: { pathNot: ["^test/", "^tools/bench/analyze\\.ts$"] },
      to: { path: "^test/" },
    },
    {
      name: "bench-reuses-policy-fixtures-only",
      severity: "error",
      comment:
        "The documented exception: the policy benchmark analyzes the resources the policy tests prove compliant " +
        "(test/policies/compliant.ts, harness.ts), so it measures the same mix. Nothing else of test/.",
      from: { path: "^tools/bench/analyze\\.ts$" },
      to: { path: "^test/", pathNot: "^test/policies/(compliant|harness)\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist|\\.cellplane)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Node's resolution, as tsconfig.json declares ("moduleResolution": "node", CommonJS).
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["require", "node", "default", "types"],
      mainFields: ["main", "types"],
      extensions: [".ts", ".js", ".cjs", ".mjs", ".mts", ".d.ts", ".json"],
    },
  },
};
