/**
 * The Pulumi program behind every stack of the project. `index.ts` loads the fleet and calls {@link runStack};
 * `cells plan` calls the same function under the mock runtime with a fleet it loaded once for all stacks. The
 * account, region and global programs get only their view of the fleet (stack-views.ts), which the input
 * fingerprint hashes.
 */
import type { Fleet } from "../fleet/schema";
import { loadTenants, type TenantList } from "../fleet/tenants";
import { buildAccountStack } from "./account-stack";
import { buildCellStack } from "./cell-stack";
import { buildGlobalStack } from "./global-stack";
import { buildRegionStack } from "./region-stack";
import { bootstrapView, globalView } from "./stack-views";
import { regionsInUse, regionStackName, stackTarget } from "./stacks";

/**
 * Builds the resources of `stack`. The global stack also needs the tenants (read from the fleet folder if not given).
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async, so a refusal rejects the program's promise
export async function runStack(stack: string, fleet: Fleet, tenants?: TenantList): Promise<Record<string, unknown>> {
  const target = stackTarget(stack);
  switch (target?.kind) {
    case "account":
      return { ...buildAccountStack(bootstrapView(fleet)) };
    case "region":
      return { ...buildRegionStack(bootstrapView(fleet), target.region) };
    case "cell":
      return { ...buildCellStack(fleet, target.cellId) };
    case "global":
      return { ...buildGlobalStack(globalView(fleet), tenants ?? loadTenants(fleet)) };
    default: {
      const stacks = ["account", ...regionsInUse(fleet).map(regionStackName)];
      stacks.push(...fleet.cells.map((cell) => `cell-${cell.id}`), "global");
      throw new Error(
        `stack "${stack}" is neither "global", "account", "region-<region>" nor "cell-<id>": ` +
          `select one of ${stacks.join(", ")}`,
      );
    }
  }
}
