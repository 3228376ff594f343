/**
 * Typed access to the few `@pulumi/pulumi` runtime internals the offline planner needs. They are the same hooks
 * Pulumi's automation API and mock runtime use; their `.d.ts` files mark them internal, so we declare the narrow
 * shapes we rely on here, in one place, and a test breaks loudly if an upgrade moves them.
 */
import * as pulumi from "@pulumi/pulumi";

// Module functions, not methods: they use no `this`, so they are declared as function-typed properties and can be
// re-exported on their own.
interface PulumiStateModule {
  /** Runs `callback` with a fresh runtime store (settings, config, stack resource) bound to its async context. */
  readonly withLocalStorage: <T>(callback: () => T) => T;
  readonly getStore: () => {
    supportsSecrets: boolean;
    supportsResourceReferences: boolean;
    supportsOutputValues: boolean;
    supportsDeletedWith: boolean;
    supportsAliasSpecs: boolean;
  };
}

interface PulumiSettingsModule {
  readonly setMockOptions: (
    monitor: object,
    project?: string,
    stack?: string,
    preview?: boolean,
    organization?: string,
  ) => void;
  /** Resolves once every outstanding resource registration of the current store has been answered. */
  readonly waitForRPCs: () => Promise<void>;
}

interface PulumiRpcModule {
  readonly specialSigKey: string;
  readonly specialSecretSig: string;
  readonly specialResourceSig: string;
  readonly specialAssetSig: string;
  readonly specialArchiveSig: string;
  readonly unknownValue: string;
}

interface PulumiDebuggableModule {
  /** Tags a promise with a debug id, context and stack, and tracks it until it settles (leak report at exit). */
  debuggablePromise: <T>(promise: Promise<T>, context: unknown) => Promise<T>;
}

// `require`, not `import`: members such as `withLocalStorage` and `waitForRPCs` are missing from the published
// `.d.ts` files (internal), so each module is typed by the narrow interface above instead.
/* eslint-disable @typescript-eslint/no-require-imports */
const state = require("@pulumi/pulumi/runtime/state") as PulumiStateModule;
const settings = require("@pulumi/pulumi/runtime/settings") as PulumiSettingsModule;
const rpc = require("@pulumi/pulumi/runtime/rpc") as PulumiRpcModule;
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as PulumiDebuggableModule;
/* eslint-enable @typescript-eslint/no-require-imports */

export const withLocalStorage = state.withLocalStorage;
export const setMockOptions = settings.setMockOptions;
export const waitForRPCs = settings.waitForRPCs;
export const signatures = {
  key: rpc.specialSigKey,
  secret: rpc.specialSecretSig,
  resource: rpc.specialResourceSig,
  asset: rpc.specialAssetSig,
  archive: rpc.specialArchiveSig,
  unknown: rpc.unknownValue,
} as const;

/** Enables the monitor features a real engine advertises, as `pulumi.runtime.setMocks` does. */
export function enableEngineFeatures(): void {
  const store = state.getStore();
  store.supportsSecrets = true;
  store.supportsResourceReferences = true;
  store.supportsOutputValues = false;
  store.supportsDeletedWith = true;
  store.supportsAliasSpecs = true;
}

export const runInPulumiStack = pulumi.runtime.runInPulumiStack;
export const setAllConfig = pulumi.runtime.setAllConfig;

/**
 * Stops the SDK's promise leak tracking in this thread: `debuggablePromise` (runtime/debuggable.js) gives each
 * runtime promise three properties, a stack trace and two more chained promises, and keeps it in a set, so the
 * Pulumi CLI's language host can list leaked promises when the process exits. An offline plan never reports
 * leaks, and its callers read the promise's value only. Every runtime module calls it through the module object
 * (`debuggable_1.debuggablePromise(...)`), so replacing the export reaches them all; kept with
 * `PULUMI_DEBUG_PROMISE_LEAKS` set, the SDK's documented switch for debugging leaks.
 */
export function skipPromiseLeakTracking(): void {
  if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
    debuggable.debuggablePromise = <T>(promise: Promise<T>): Promise<T> => promise;
  }
}
