// The function a cell runs once to create its app's IAM-authenticated database user (components/cell/database-user.ts).
// It runs on AWS Lambda's nodejs24.x runtime, which includes the AWS SDK for JavaScript v3 (Lambda developer guide,
// "Building Lambda functions with Node.js"), so it needs no packaging. It speaks to the cluster through the RDS Data
// API with the master user's secret, which only this function's role may read: the app never sees it.
//
// The SQL is AWS's for IAM database authentication on PostgreSQL ("CREATE USER ...; GRANT rds_iam TO ...",
// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/UsingWithRDS.IAMDBAuth.DBAccounts.html), made
// idempotent so a re-run (a changed input) is harmless. Identifiers are checked, then double-quoted.

/** A plain PostgreSQL identifier: a letter, then letters, digits or underscores, at most 63 characters. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;

/** The statements that make `user` an IAM-authenticated login that may use `database`, in order. */
export function statements(user, database) {
  if (!IDENTIFIER.test(user) || !IDENTIFIER.test(database) || user.toLowerCase().startsWith("rds")) {
    throw new Error(`user "${user}" and database "${database}" must be plain identifiers (not starting with rds)`);
  }
  return [
    `DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') ` +
      `THEN CREATE ROLE "${user}" LOGIN; END IF; END $$`,
    `GRANT rds_iam TO "${user}"`,
    `GRANT CONNECT, TEMPORARY ON DATABASE "${database}" TO "${user}"`,
    `GRANT USAGE, CREATE ON SCHEMA public TO "${user}"`,
  ];
}

/** The handler, given a function that runs one Data API `ExecuteStatement` request. */
export function makeHandler(execute) {
  return async (event) => {
    const { user, database, clusterArn, secretArn } = event ?? {};
    if (typeof clusterArn !== "string" || typeof secretArn !== "string") {
      throw new Error("the event must name clusterArn and secretArn");
    }
    const sql = statements(user, database);
    for (const statement of sql) {
      await execute({ resourceArn: clusterArn, secretArn, database, sql: statement });
    }
    return { user, database, statements: sql.length };
  };
}

export const handler = async (event) => {
  // Resolved by the Lambda runtime (which ships the SDK), not by this project: hence a name, not a literal import.
  const sdk = "@aws-sdk/client-rds-data";
  const { RDSDataClient, ExecuteStatementCommand } = await import(sdk);
  const client = new RDSDataClient({});
  return makeHandler((input) => client.send(new ExecuteStatementCommand(input)))(event);
};
