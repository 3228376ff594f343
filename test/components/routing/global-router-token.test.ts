/**
 * The router's type token moved from `cellplane:cell:GlobalRouter` to `cellplane:routing:GlobalRouter`. Stacks
 * deployed before the move must see the same resources, not replacements: the router tells the engine its former
 * type through an alias, and its children inherit it. Checked on the registration requests the engine receives.
 */
import { describe, expect, it } from "vitest";
import {
  GLOBAL_ROUTER_TYPE,
  GlobalRouter,
  LEGACY_GLOBAL_ROUTER_TYPE,
  type GlobalRouterArgs,
} from "../../../components/routing/global-router";
import { expectRegisteredOutputs, synthesizeRecorded, type RecordedStack } from "../helpers";

const NAME = "global";
const ARGS: GlobalRouterArgs = {
  domain: "storefront.example.com",
  defaultRegion: "us-east-1",
  owner: "platform-team",
  cells: ["use1-a", "use1-b"].map((id) => ({
    cell: { id, region: "us-east-1", owner: "platform-team" },
    state: "active",
    loadBalancer: { dnsName: `${id}-alb-0123456789.us-east-1.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" },
  })),
  tenantCells: { acme: "use1-a" },
  edgeCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/5f0c1a3e-9b7d-4c2e-8a61-3d4f7b2e9c10",
  protectZone: false,
};

function build(stackOptions: { aliasSpecs?: boolean } = {}): Promise<RecordedStack> {
  return synthesizeRecorded((provider) => {
    new GlobalRouter(NAME, ARGS, { providers: { aws: provider } });
  }, stackOptions);
}

/** The resources below the router: its children and theirs. */
function descendants(stack: RecordedStack): string[] {
  const router = stack.named(NAME).urn;
  return stack.plan.resources
    .filter((resource) => resource.urn !== router && resource.urn.includes(`::${GLOBAL_ROUTER_TYPE}$`))
    .map((resource) => resource.name);
}

describe("GlobalRouter's type token", () => {
  it("is cellplane:routing:GlobalRouter, with an alias to its former cellplane:cell:GlobalRouter", async () => {
    const stack = await build();
    expect(GLOBAL_ROUTER_TYPE).toBe("cellplane:routing:GlobalRouter");
    expect(LEGACY_GLOBAL_ROUTER_TYPE).toBe("cellplane:cell:GlobalRouter");
    const router = stack.registration(NAME);
    expect(router.type).toBe("cellplane:routing:GlobalRouter");
    // Only the type changed: the alias keeps the name and the parent (the stack).
    expect(router.aliases).toEqual([{ type: "cellplane:cell:GlobalRouter", parentUrn: router.parent }]);
  });

  it("sends the alias in structured form; the engine derives every child's former URN from its parent's", async () => {
    const stack = await build();
    const children = descendants(stack);
    expect(children.length).toBeGreaterThan(10);
    for (const name of children) {
      expect(stack.registration(name).aliases, name).toEqual([]);
    }
  });

  it("gives every child the former URN under the old type, when the engine asks the SDK to compute it", async () => {
    const stack = await build({ aliasSpecs: false });
    const children = descendants(stack);
    expect(children.length).toBeGreaterThan(10);
    for (const name of children) {
      const { urn, aliases } = stack.registration(name);
      const former = urn.replace(`::${GLOBAL_ROUTER_TYPE}$`, `::${LEGACY_GLOBAL_ROUTER_TYPE}$`);
      expect(former, name).not.toBe(urn);
      expect(
        aliases.map((alias) => alias.urn),
        name,
      ).toContain(former);
    }
  });
});

describe("GlobalRouter outputs", () => {
  it("registers exactly its typed outputs object", async () => {
    const stack = await synthesizeRecorded((provider) => {
      return new GlobalRouter(NAME, ARGS, { providers: { aws: provider } }).outputs;
    });
    const registered = expectRegisteredOutputs(stack, NAME);
    expect(registered.endpoint).toBe("app.storefront.example.com");
  });
});
