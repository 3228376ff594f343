import { nist, NIST_800_53, cellplaneControl, CELLPLANE_CONTROLS } from "../lib/controls";
import { notYetCheckable, violation, type Finding } from "../lib/findings";
import { referencedBy } from "../lib/links";
import type { CheckedResource, CheckedStack, StackPolicyDefinition } from "../lib/policy";
import { cellOwnership } from "../lib/tags";
import { at, isPlainArray, isUnknown, listOf, shown, type Plain } from "../lib/values";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/instance:Instance";
const CLUSTER_GROUP = "aws:rds/clusterParameterGroup:ClusterParameterGroup";
const INSTANCE_GROUP = "aws:rds/parameterGroup:ParameterGroup";

/** Where each database names its parameter group, and which type that group is. */
const GROUP_OF: Readonly<Record<string, { field: string; type: string }>> = {
  [CLUSTER]: { field: "dbClusterParameterGroupName", type: CLUSTER_GROUP },
  [INSTANCE]: { field: "parameterGroupName", type: INSTANCE_GROUP },
};

/**
 * The parameter that makes an engine refuse plaintext connections: RDS user guide,
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html (rds.force_ssl) and
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html.
 */
function tlsParameter(engine: Plain | undefined): string | undefined {
  if (typeof engine !== "string") {
    return undefined;
  }
  if (engine === "postgres" || engine === "aurora-postgresql" || engine.startsWith("sqlserver")) {
    return "rds.force_ssl";
  }
  return ["mysql", "mariadb", "aurora-mysql", "aurora"].includes(engine) ? "require_secure_transport" : undefined;
}

const ON = new Set(["1", "on", "true"]);

function isOn(value: Plain | undefined): boolean {
  return value === 1 || value === true || (typeof value === "string" && ON.has(value.toLowerCase()));
}

/** RDS for PostgreSQL 15 and later default rds.force_ssl to 1; every other engine defaults to plaintext allowed. */
function defaultForcesTls(database: CheckedResource): boolean {
  const version = at(database.props, "engineVersion");
  const major = typeof version === "string" ? Number.parseInt(version, 10) : Number.NaN;
  return at(database.props, "engine") === "postgres" && major >= 15;
}

/** The parameter's value in a group: undefined when the group does not set it. */
function parameterValue(group: CheckedResource, parameter: string): Plain | undefined {
  const entries = listOf(at(group.props, "parameters"));
  if (isUnknown(entries)) {
    return entries;
  }
  const entry = entries.find((candidate) => at(candidate, "name") === parameter);
  return entry === undefined ? undefined : (at(entry, "value") ?? null);
}

const NOUN: Readonly<Record<string, string>> = { [CLUSTER]: "database cluster", [INSTANCE]: "database instance" };

function databaseFindings(database: CheckedResource, groups: readonly CheckedResource[]): Finding[] {
  const parameter = tlsParameter(at(database.props, "engine"));
  if (parameter === undefined || at(database.props, "replicateSourceDb") !== undefined) {
    return [];
  }
  const { field, type } = GROUP_OF[database.type];
  const named = at(database.props, field);
  const linked = referencedBy(
    database,
    field,
    groups.filter((group) => group.type === type),
    ["name", "id"],
  );
  if (isUnknown(named) && linked.found.length === 0) {
    return [notYetCheckable(field, database.urn)];
  }
  const group = linked.found[0];
  const value = group ? parameterValue(group, parameter) : undefined;
  if (isUnknown(value)) {
    return [notYetCheckable(`${group?.name ?? field} parameters`, database.urn)];
  }
  const noun = `${NOUN[database.type]} ${database.name}`;
  if (value !== undefined) {
    return isOn(value)
      ? []
      : [
          violation(
            `${noun} accepts plaintext connections: its parameter group ${group?.name} sets ${parameter} to ` +
              `${JSON.stringify(value)}; set it to 1`,
            database.urn,
          ),
        ];
  }
  // The engine default applies. Only a cell's databases are held to the cell's standard there: a parameter group
  // named outside the stack, or the engine default, is not this pack's to judge elsewhere.
  const owner = cellOwnership(database);
  if (isUnknown(owner)) {
    return [notYetCheckable("tags (whether the database belongs to a cell)", database.urn)];
  }
  if (
    owner !== "cell" ||
    defaultForcesTls(database) ||
    (group === undefined && typeof named === "string" && !named.startsWith("default."))
  ) {
    return [];
  }
  const where = group ? `its parameter group ${group.name}` : "the engine's default parameter group";
  return [
    violation(
      `${noun} accepts plaintext connections: ${where} leaves ${parameter} at its default (off); set ` +
        `${parameter} = 1 in a parameter group of its own`,
      database.urn,
    ),
  ];
}

/** A parameter group no database of the stack uses, which switches TLS enforcement off explicitly. */
function groupFindings(group: CheckedResource, databases: readonly CheckedResource[]): Finding[] {
  const used = databases.some(
    (database) => referencedBy(database, GROUP_OF[database.type].field, [group], ["name", "id"]).found.length > 0,
  );
  const entries = listOf(at(group.props, "parameters"));
  if (used || isUnknown(entries) || !isPlainArray(entries)) {
    return [];
  }
  return entries.flatMap((entry) => {
    const name = at(entry, "name");
    const value = at(entry, "value");
    const known = name === "rds.force_ssl" || name === "require_secure_transport";
    return known && !isUnknown(value) && !isOn(value)
      ? [
          violation(
            `parameter group ${group.name} sets ${shown(name)} to ${JSON.stringify(value)}, which lets clients ` +
              "connect without TLS: set it to 1",
            group.urn,
          ),
        ]
      : [];
  });
}

function check(stack: CheckedStack): Finding[] {
  const databases = stack.resources.filter((resource) => resource.type in GROUP_OF);
  const groups = stack.resources.filter(
    (resource) => resource.type === CLUSTER_GROUP || resource.type === INSTANCE_GROUP,
  );
  return [
    ...databases.flatMap((database) => databaseFindings(database, groups)),
    ...groups.flatMap((group) => groupFindings(group, databases)),
  ];
}

export const rdsTlsEnforced: StackPolicyDefinition = {
  scope: "stack",
  name: "rds-tls-enforced",
  description:
    "Aurora/RDS databases refuse plaintext connections through their parameter group (rds.force_ssl = 1 for " +
    "PostgreSQL and SQL Server, require_secure_transport = 1 for MySQL and MariaDB), correlated at stack level; " +
    "a cell's database on the engine default fails, as does any group that switches it off.",
  group: "encryption",
  severity: "high",
  enforcementLevel: "mandatory",
  // Security Hub has no control for RDS in-transit encryption (its Redshift.2 and DocumentDB checks have no RDS
  // counterpart), hence NIST and cellplane's own.
  controls: [
    nist("SC-8", "Transmission confidentiality and integrity"),
    cellplaneControl("CELL-5", "A cell's data stores accept only encrypted connections"),
  ],
  references: [NIST_800_53, CELLPLANE_CONTROLS],
  remediation:
    "Give the database a parameter group of its own (`dbClusterParameterGroupName` on clusters, " +
    "`parameterGroupName` on instances) with `rds.force_ssl = 1` (PostgreSQL, SQL Server) or " +
    "`require_secure_transport = 1` (MySQL, MariaDB); CellDatabase always sets it.",
  resourceTypes: [CLUSTER, INSTANCE, CLUSTER_GROUP, INSTANCE_GROUP],
  check,
};
