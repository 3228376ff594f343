/**
 * IAM policy documents, normalized. A document arrives as a JSON string or as an object, a Statement as one
 * object or a list, and Action/Resource/Principal values as one string or a list; any part may be unknown during
 * a preview. Policies read the normalized form and never the raw input.
 */
import {
  at,
  isPlainArray,
  isPlainObject,
  isUnknown,
  objectOrJson,
  UNKNOWN,
  type Plain,
  type PlainObject,
  type Unknown,
} from "./values";

/** Values of Action, Resource and the like: each may be unknown, or the whole list may be. */
export type ValueList = readonly (string | Unknown)[] | Unknown;

export interface PrincipalValue {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for the bare wildcard principal. */
  kind: string;
  value: string | Unknown;
}

export interface Statement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny" | Unknown;
  action?: ValueList;
  notAction?: ValueList;
  resource?: ValueList;
  notResource?: ValueList;
  principal?: readonly PrincipalValue[] | Unknown;
  notPrincipal?: readonly PrincipalValue[] | Unknown;
  /** The Condition block as written (`{ operator: { key: value or values } }`), when there is one. */
  condition?: Plain;
}

export type DocumentRead =
  { state: "ok"; statements: readonly Statement[] } | { state: "unknown" } | { state: "malformed"; problem: string };

class MalformedDocument extends Error {}

export function readPolicyDocument(input: Plain | undefined): DocumentRead {
  if (isUnknown(input)) {
    return { state: "unknown" };
  }
  const parsed = objectOrJson(input);
  if ("error" in parsed) {
    return { state: "malformed", problem: `is not valid JSON (${parsed.error})` };
  }
  if (!isPlainObject(parsed.value)) {
    return { state: "malformed", problem: "is not a JSON object" };
  }
  const statements = at(parsed.value, "Statement");
  if (isUnknown(statements)) {
    return { state: "unknown" };
  }
  if (statements === undefined || statements === null) {
    return { state: "malformed", problem: "has no Statement" };
  }
  try {
    const list = isPlainArray(statements) ? statements : [statements];
    return { state: "ok", statements: list.map(readStatement) };
  } catch (error) {
    if (error instanceof MalformedDocument) {
      return { state: "malformed", problem: error.message };
    }
    throw error;
  }
}

function readStatement(raw: Plain, index: number): Statement {
  if (!isPlainObject(raw)) {
    throw new MalformedDocument(`has a Statement[${index}] that is not an object`);
  }
  const effect = raw.Effect;
  if (!isUnknown(effect) && effect !== "Allow" && effect !== "Deny") {
    throw new MalformedDocument(
      `has Statement[${index}].Effect ${JSON.stringify(effect ?? null)}, expected "Allow" or "Deny"`,
    );
  }
  if (raw.Action === undefined && raw.NotAction === undefined) {
    throw new MalformedDocument(`has a Statement[${index}] with neither Action nor NotAction`);
  }
  return {
    index,
    sid: typeof raw.Sid === "string" ? raw.Sid : undefined,
    effect,
    action: valueList(raw, "Action", index),
    notAction: valueList(raw, "NotAction", index),
    resource: valueList(raw, "Resource", index),
    notResource: valueList(raw, "NotResource", index),
    principal: principals(raw, "Principal", index),
    notPrincipal: principals(raw, "NotPrincipal", index),
    condition: raw.Condition,
  };
}

function valueList(statement: PlainObject, key: string, index: number): ValueList | undefined {
  const value = statement[key];
  if (value === undefined || isUnknown(value)) {
    return value;
  }
  const list = isPlainArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === "string" || isUnknown(item)) {
      return item;
    }
    throw new MalformedDocument(`has a non-string value in Statement[${index}].${key}`);
  });
}

function principals(
  statement: PlainObject,
  key: string,
  index: number,
): readonly PrincipalValue[] | Unknown | undefined {
  const value = statement[key];
  if (value === undefined || isUnknown(value)) {
    return value;
  }
  if (value === "*") {
    return [{ kind: "*", value: "*" }];
  }
  if (!isPlainObject(value)) {
    throw new MalformedDocument(`has Statement[${index}].${key} that is neither "*" nor a map of principal types`);
  }
  return Object.entries(value).flatMap(([kind, entries]) => {
    const list = valueList({ [kind]: entries }, kind, index);
    return isUnknown(list) || list === undefined
      ? [{ kind, value: UNKNOWN }]
      : list.map((item) => ({ kind, value: item }));
  });
}

/** The statements that grant something. */
export function allowStatements(statements: readonly Statement[]): Statement[] {
  return statements.filter((statement) => statement.effect === "Allow");
}

/**
 * The condition keys a statement tests, lower-cased (`aws:sourcearn`, `token.actions.githubusercontent.com:sub`),
 * each with the values it accepts; {@link UNKNOWN} while the block is.
 */
export function conditionKeys(statement: Statement): Map<string, (string | Unknown)[]> | Unknown {
  const keys = new Map<string, (string | Unknown)[]>();
  if (isUnknown(statement.condition)) {
    return UNKNOWN;
  }
  if (!isPlainObject(statement.condition)) {
    return keys;
  }
  for (const tests of Object.values(statement.condition)) {
    if (isUnknown(tests)) {
      return UNKNOWN;
    }
    if (!isPlainObject(tests)) {
      continue;
    }
    for (const [key, value] of Object.entries(tests)) {
      const values = isPlainArray(value) ? value : [value];
      const known = values.map((entry) => (isUnknown(entry) ? UNKNOWN : String(entry as string | number | boolean)));
      keys.set(key.toLowerCase(), [...(keys.get(key.toLowerCase()) ?? []), ...known]);
    }
  }
  return keys;
}

export function statementLabel(statement: Statement): string {
  return statement.sid ? `statement "${statement.sid}"` : `Statement[${statement.index}]`;
}
