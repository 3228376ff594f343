// A stand-in for the `pulumi` CLI that speaks the command lines @pulumi/pulumi's Automation API (3.248.0) runs:
// `version`, `stack select --stack`, `stack init`, `preview`/`up` with `--event-log <file>` (engine events as JSON
// lines: prelude, resource pre/outputs/failed, policy, summary, cancel), `stack output --json`, `stack history
// --json`, `cancel --yes`. It reports version 3.205.0 so the SDK tails an event-log file (newer CLIs get a gRPC
// address instead). Every call is recorded in $FAKE_PULUMI_DIR/calls.jsonl; $FAKE_PULUMI_DIR/config.json chooses
// failures: { failUp, failPreview, violations, replaceStateful, crashAfterUp, upDelayMs, resources,
// uninitialized }.
const fs = require("node:fs");
const path = require("node:path");

const VERSION = process.env.FAKE_PULUMI_VERSION ?? "v3.205.0";
const dir = process.env.FAKE_PULUMI_DIR;
const argv = process.argv.slice(2).filter((arg) => arg !== "--non-interactive");

function option(name) {
  const index = argv.indexOf(name);
  return index >= 0 ? argv[index + 1] : undefined;
}
function options(name) {
  return argv.flatMap((arg, index) => (arg === name ? [argv[index + 1]] : []));
}
function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return fallback;
  }
}
function fail(message, code = 255) {
  process.stderr.write(`error: ${message}\n`);
  record({ exit: code });
  process.exit(code);
}
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const config = readJson(path.join(dir ?? ".", "config.json"), {});
const stackName = option("--stack");
const started = Date.now();
let recorded = false;
function record(extra = {}) {
  if (!dir || recorded) return;
  recorded = true;
  const line = { argv: process.argv.slice(2), stack: stackName, start: started, end: Date.now(), ...extra };
  fs.appendFileSync(path.join(dir, "calls.jsonl"), `${JSON.stringify(line)}\n`);
}

const stateFile = (stack) => path.join(dir, "stacks", `${stack}.json`);
function loadStack(stack) {
  return readJson(stateFile(stack), { history: [], outputs: {}, locked: false });
}
function saveStack(stack, state) {
  fs.mkdirSync(path.join(dir, "stacks"), { recursive: true });
  fs.writeFileSync(stateFile(stack), JSON.stringify(state, null, 2));
}
// A stack exists once initialised, or when the project has its stack file (unless listed as `uninitialized`).
function stackExists(stack) {
  if (fs.existsSync(stateFile(stack))) return true;
  return !listed("uninitialized", stack) && fs.existsSync(path.join(process.cwd(), "stacks", `Pulumi.${stack}.yaml`));
}
function listed(key, stack) {
  return Array.isArray(config[key]) && config[key].includes(stack);
}

let sequence = 0;
function emit(file, event) {
  if (!file) return;
  const line = { sequence: sequence++, timestamp: Math.floor(Date.now() / 1000), ...event };
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
}
function resourcesOf(stack) {
  const count = config.resources ?? 3;
  const project = "cellplane";
  const list = [
    { urn: `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`, type: "pulumi:pulumi:Stack" },
  ];
  for (let i = 1; i < count; i++) {
    list.push({
      urn: `urn:pulumi:${stack}::${project}::aws:sns/topic:Topic::${stack}-topic-${i}`,
      type: "aws:sns/topic:Topic",
    });
  }
  if (listed("replaceStateful", stack)) {
    list.push({
      urn: `urn:pulumi:${stack}::${project}::aws:rds/cluster:Cluster::${stack}-db`,
      type: "aws:rds/cluster:Cluster",
      op: "replace",
    });
  }
  return list;
}
function metadata(resource, op) {
  return {
    op,
    urn: resource.urn,
    type: resource.type,
    provider: "",
    ...(op === "replace" ? { keys: ["engine"] } : {}),
  };
}

function preview() {
  const log = option("--event-log");
  const packs = options("--policy-pack");
  emit(log, { preludeEvent: { config: {} } });
  const resources = resourcesOf(stackName);
  for (const resource of resources) {
    emit(log, { resourcePreEvent: { metadata: metadata(resource, resource.op ?? "update"), planning: true } });
  }
  const violation = listed("violations", stackName) && packs.length > 0;
  if (violation) {
    emit(log, {
      policyEvent: {
        resourceUrn: resources[0].urn,
        message: "storage must be encrypted",
        color: "never",
        policyName: "cell-storage-encrypted",
        policyPackName: "cellplane",
        policyPackVersion: "0.1.0",
        policyPackVersionTag: "0.1.0",
        enforcementLevel: "mandatory",
      },
    });
  }
  const replaces = resources.filter((resource) => resource.op === "replace").length;
  emit(log, {
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: 1,
      resourceChanges: { update: resources.length - replaces, ...(replaces ? { replace: replaces } : {}) },
      policyPacks: {},
    },
  });
  emit(log, { cancelEvent: {} });
  if (violation) fail("preview failed: 1 mandatory policy violation");
  if (listed("failPreview", stackName)) fail(`preview of ${stackName} failed (stand-in)`);
  process.stdout.write(`Previewing update (${stackName})\n`);
  record();
}

function up() {
  const log = option("--event-log");
  const message = option("--message") ?? "";
  const state = loadStack(stackName);
  if (state.locked) {
    fail(
      "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end " +
        "or delete the lock file with `pulumi cancel`.",
    );
  }
  saveStack(stackName, { ...state, locked: true });
  sleep(config.upDelayMs ?? 0);
  emit(log, { preludeEvent: { config: {} } });
  const resources = resourcesOf(stackName);
  const failing = listed("failUp", stackName);
  const entry = { kind: "update", startTime: new Date(started).toISOString(), message, environment: {}, config: {} };
  resources.forEach((resource, index) => {
    emit(log, { resourcePreEvent: { metadata: metadata(resource, resource.op ?? "update") } });
    if (failing && index === resources.length - 1) {
      emit(log, { resOpFailedEvent: { metadata: metadata(resource, "update"), status: 1, steps: 1 } });
    } else {
      emit(log, { resOutputsEvent: { metadata: metadata(resource, resource.op ?? "update") } });
    }
  });
  emit(log, {
    summaryEvent: {
      maybeCorrupt: false,
      durationSeconds: 1,
      resourceChanges: { update: resources.length },
      policyPacks: {},
    },
  });
  emit(log, { cancelEvent: {} });
  const version = state.history.length + 1;
  const endTime = new Date().toISOString();
  if (failing) {
    saveStack(stackName, {
      ...state,
      locked: false,
      history: [{ ...entry, result: "failed", endTime, version }, ...state.history],
    });
    fail(`update of ${stackName} failed: the stand-in was told to fail it`);
  }
  const cellId = stackName.startsWith("cell-") ? stackName.slice("cell-".length) : undefined;
  const outputs = cellId ? { cellId, alarmNames: [`${cellId}-5xx`, `${cellId}-latency`] } : { stack: stackName };
  saveStack(stackName, {
    ...state,
    locked: false,
    outputs,
    history: [
      { ...entry, result: "succeeded", endTime, version, resourceChanges: { update: resources.length } },
      ...state.history,
    ],
  });
  process.stdout.write(`Updating (${stackName})\n`);
  record();
  if (config.crashAfterUp === stackName) {
    // The orchestrator "crashes" right after this update succeeded, before it could journal it.
    process.kill(process.ppid, "SIGKILL");
  }
}

function main() {
  const [command, sub] = argv;
  if (command === "version") {
    process.stdout.write(`${VERSION}\n`);
    return record();
  }
  if (command === "stack" && sub === "select") {
    if (!stackExists(stackName)) fail(`no stack named '${stackName}' found`);
    return record();
  }
  if (command === "stack" && sub === "init") {
    const name = argv[2];
    if (stackExists(name)) fail(`stack '${name}' already exists`);
    saveStack(name, loadStack(name));
    return record();
  }
  if (command === "stack" && sub === "output") {
    process.stdout.write(`${JSON.stringify(loadStack(stackName).outputs)}\n`);
    return record();
  }
  if (command === "stack" && sub === "history") {
    const size = Number(option("--page-size") ?? 0);
    const history = loadStack(stackName).history;
    process.stdout.write(`${JSON.stringify(size > 0 ? history.slice(0, size) : history)}\n`);
    return record();
  }
  if (command === "preview") return preview();
  if (command === "up") return up();
  if (command === "cancel") {
    const state = loadStack(stackName);
    if (!state.locked) fail(`no update in progress for ${stackName}`);
    saveStack(stackName, { ...state, locked: false });
    return record();
  }
  fail(`the stand-in does not know \`pulumi ${argv.join(" ")}\``, 2);
}

main();
