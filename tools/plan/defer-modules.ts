/**
 * `@pulumi/pulumi` loads its automation API (which drives the Pulumi CLI) and, for closure serialization, npm's
 * `@npmcli/arborist` with pacote and sigstore as soon as it is imported: about 800 of the 1,100 modules a plan
 * worker loads, and most of its start-up, for code an offline plan never calls. Before Pulumi loads, a plan thread
 * puts a stand-in for each in the module cache that loads the real module on first use, so nothing changes
 * for code that does use them. A module that is not installed where expected is left alone.
 */
import { Module } from "node:module";
import * as path from "node:path";

/** [a module that requires it, the request it makes]: resolved from there, as that module would. */
const DEFERRED: readonly [string, string][] = [
  ["@pulumi/pulumi/index.js", "./automation"],
  ["@pulumi/pulumi/runtime/closure/codePaths.js", "@npmcli/arborist"],
];

export function deferUnusedModules(): void {
  for (const [from, request] of DEFERRED) {
    let resolved: string;
    try {
      resolved = require.resolve(request, { paths: [path.dirname(require.resolve(from))] });
    } catch {
      continue;
    }
    deferModule(resolved);
  }
}

/** Puts a stand-in for the module at `filename` (a resolved path) in the cache, unless it is loaded already. */
export function deferModule(filename: string): void {
  if (!(filename in require.cache)) {
    require.cache[filename] = standIn(filename);
  }
}

/**
 * A cached module whose exports load the real module on first use. It says `__esModule` without loading, so
 * TypeScript's import helpers pass it through untouched instead of copying (and so loading) every export.
 */
function standIn(filename: string): NodeJS.Module {
  let real: object | undefined;
  const load = (): object => {
    if (real === undefined) {
      delete require.cache[filename];
      // A module of any path, known only now: `require` is the way to load it (as Node's loader would).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(filename) as object;
    }
    return real;
  };
  const exports = new Proxy(
    {},
    {
      get: (_target, key): unknown => (key === "__esModule" ? true : Reflect.get(load(), key)),
      has: (_target, key) => Reflect.has(load(), key),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  const module = new Module(filename);
  module.filename = filename;
  module.loaded = true;
  module.exports = exports;
  return module;
}
