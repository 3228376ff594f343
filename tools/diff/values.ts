/**
 * Turning property values into short, safe display strings. Everything that could carry a secret goes through
 * here: the plan's `"[secret]"` marker, the engine's secret wire objects (which hold the plaintext when
 * `--show-secrets` was used), asset text, and properties that are secret by nature whatever their marking.
 */
import { isPlainObject } from "../../fleet/plain-object";

export const SECRET_DISPLAY = "[secret]";
export const UNKNOWN_DISPLAY = "[unknown]";

/**
 * Pulumi wire-protocol signatures (sdk/go/common/resource/sig): an object whose `SIG_KEY` holds one of these is a
 * secret, asset, archive or resource reference rather than a plain map. They are protocol constants.
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** What the engine writes for a value it learns only during the update. */
const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const MAX_DISPLAY_LENGTH = 160;

/** Property names that hold secrets by nature; matched on the last path segment, for string values. */
const SECRET_NAME_PATTERN = new RegExp(
  [
    "(password|passwd|passphrase|secretstring|secretbinary|secretvalue|authtoken|apitoken|accesstoken",
    "|privatekey|apikey|accesskeysecret|secretaccesskey|^secret$|^token$)",
  ].join(""),
  "i",
);

/** Type-specific properties that are secret although their name does not say so. */
const SECRET_PROPERTIES_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  "random:index/randomPassword:RandomPassword": ["result", "bcryptHash"],
  "aws:ssm/parameter:Parameter": ["value", "valueWo"],
  "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
  "tls:index/privateKey:PrivateKey": ["privateKeyPem", "privateKeyOpenssh", "privateKeyPemPkcs8"],
};

function signatureOf(value: unknown): string | undefined {
  if (!isPlainObject(value)) {
    return undefined;
  }
  const signature = value[SIG_KEY];
  return typeof signature === "string" ? signature : undefined;
}

/** True for `"[secret]"` and for the engine's secret wire object, whatever it holds. */
export function isSecretValue(value: unknown): boolean {
  return value === SECRET_DISPLAY || signatureOf(value) === SECRET_SIG;
}

/** True for values a differ must compare as a whole: secrets, assets, archives and resource references. */
export function isOpaqueValue(value: unknown): boolean {
  return signatureOf(value) !== undefined || value === SECRET_DISPLAY;
}

/** True when `path` (a property path such as `environment.variables.DB_PASSWORD`) names a secret by nature. */
export function isSecretPath(type: string, path: string): boolean {
  const topLevel = path.split(/[.[]/)[0] ?? path;
  if ((SECRET_PROPERTIES_BY_TYPE[type] ?? []).includes(topLevel)) {
    return true;
  }
  const lastSegment =
    path
      .split(/[.[\]"]+/)
      .filter((segment) => segment.length > 0)
      .pop() ?? path;
  return SECRET_NAME_PATTERN.test(lastSegment);
}

/** True when the value holds a secret anywhere inside it. */
export function containsSecret(value: unknown): boolean {
  if (isSecretValue(value)) {
    return true;
  }
  if (signatureOf(value) !== undefined) {
    return false;
  }
  if (Array.isArray(value)) {
    return value.some(containsSecret);
  }
  if (isPlainObject(value)) {
    return Object.values(value).some(containsSecret);
  }
  return false;
}

/**
 * A copy of `value` safe to show: secrets become `[secret]`, assets and archives a short description (their
 * text can hold anything), resource references their URN, engine bookkeeping keys (`__defaults`, …) dropped.
 */
export function toSafeValue(value: unknown, type = "", path = ""): unknown {
  if (isSecretValue(value)) {
    return SECRET_DISPLAY;
  }
  if (typeof value === "string" && path !== "" && isSecretPath(type, path)) {
    return SECRET_DISPLAY;
  }
  if (value === ENGINE_UNKNOWN) {
    return UNKNOWN_DISPLAY;
  }
  const signature = signatureOf(value);
  if (signature !== undefined && isPlainObject(value)) {
    return describeSpecialObject(signature, value);
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => toSafeValue(item, type, `${path}[${index}]`));
  }
  if (isPlainObject(value)) {
    const safe: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (!key.startsWith("__")) {
        safe[key] = toSafeValue(value[key], type, path === "" ? key : `${path}.${key}`);
      }
    }
    return safe;
  }
  return value;
}

function describeSpecialObject(signature: string, value: Record<string, unknown>): string {
  const location =
    typeof value.path === "string" ? ` ${value.path}` : typeof value.uri === "string" ? ` ${value.uri}` : "";
  switch (signature) {
    case ASSET_SIG:
      return `[asset${location}${hashSuffix(value)}]`;
    case ARCHIVE_SIG:
      return `[archive${location}${hashSuffix(value)}${archiveContents(value)}]`;
    case RESOURCE_REF_SIG:
      return typeof value.urn === "string" ? value.urn : UNKNOWN_DISPLAY;
    default:
      return SECRET_DISPLAY;
  }
}

function hashSuffix(value: Record<string, unknown>): string {
  return typeof value.hash === "string" ? ` sha256:${value.hash.slice(0, 12)}` : "";
}

/** Names and content hashes of an archive's members (never their text, which can hold anything). */
function archiveContents(value: Record<string, unknown>): string {
  const assets = value.assets;
  if (!isPlainObject(assets)) {
    return "";
  }
  const members = Object.keys(assets)
    .sort()
    .map((name) => {
      const member = assets[name];
      return `${name}${isPlainObject(member) ? hashSuffix(member) : ""}`;
    });
  return members.length === 0 ? "" : `: ${members.join(", ")}`;
}

/** One-line display string of a value, masked and cut to a readable length. */
export function displayValue(value: unknown, type = "", path = ""): string {
  return truncate(fullDisplayValue(value, type, path), MAX_DISPLAY_LENGTH);
}

/** Like {@link displayValue} without the length cut (callers cut after aligning two sides). */
export function fullDisplayValue(value: unknown, type = "", path = ""): string {
  const safe = toSafeValue(value, type, path);
  if (safe === SECRET_DISPLAY || safe === UNKNOWN_DISPLAY) {
    return safe;
  }
  const text = safe === undefined ? "undefined" : JSON.stringify(safe);
  return text ?? String(safe);
}

/**
 * Display strings for both sides of a change. When both are long and share a prefix (a JSON policy, a script),
 * the common start is cut so the part that differs stays visible.
 */
export function displayPair(before: string, after: string): [string, string] {
  if (before.length <= MAX_DISPLAY_LENGTH && after.length <= MAX_DISPLAY_LENGTH) {
    return [before, after];
  }
  let common = 0;
  while (common < before.length && common < after.length && before[common] === after[common]) {
    common += 1;
  }
  const start = Math.max(0, common - 20);
  const cut = (text: string): string => truncate(start > 0 ? `…${text.slice(start)}` : text, MAX_DISPLAY_LENGTH);
  return [cut(before), cut(after)];
}

export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
