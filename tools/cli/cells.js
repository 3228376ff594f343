#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx cells` works without a build step.
const path = require("node:path");
const { spawnSync } = require("node:child_process");

const tsx = require.resolve("tsx/cli");
const main = path.join(__dirname, "main.ts");
const result = spawnSync(process.execPath, [tsx, main, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(result.status === null ? 3 : result.status);
