/**
 * Preloaded (`node --require`) into a policy pack that `@pulumi/pulumi/cmd/run-policy-pack` starts, only when the
 * pack's exact sources already passed its type-check (type-check-stamp.ts): the runner then registers ts-node as it
 * always does, but without repeating the type-check, so the pack serves in about a second instead of three or four.
 * Nothing else of the runner changes. When ts-node cannot be found where the runner finds it, this does nothing
 * (the runner type-checks as usual).
 */
const path = require("node:path");

function patchTsNode() {
  let tsNode;
  try {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [process.cwd()] }));
    // The runner's `require("ts-node")` resolves from @pulumi/pulumi (tsutils.js): the same module object.
    tsNode = require(require.resolve("ts-node", { paths: [pulumiDir] }));
  } catch {
    return;
  }
  const register = tsNode.register;
  tsNode.register = (options) => register({ ...options, typeCheck: false, transpileOnly: true });
}

patchTsNode();
