/**
 * `dms preflight <stack> --pg <connection string> [--json]`
 *
 * Connects to the stack's PostgreSQL source (node-postgres; `postgres://user@host:5432/db?sslmode=require`,
 * the password from the URL or PGPASSWORD) and reports every CDC prerequisite (engines/preflight.ts)
 * as pass or fail with its fix. Exit 1 when any check fails. It only reads: the fixes are for a person, and
 * prereqs/<stack>.sql applies the ones SQL can.
 */
import { Client } from 'pg';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { activePipelines } from '../app/pipelines';
import { formatFindings, postgresPreflight, postgresSourceOf } from '../engines/preflight';
import { defineCommand } from './command';

const USAGE = '<stack> --pg <connection string> [--json]';

interface Options {
  stack: string;
  connectionString: string;
  json: boolean;
}

export const command = defineCommand({
  name: 'preflight',
  summary: "check a PostgreSQL source's CDC prerequisites live (read only), each as pass or fail with its fix",
  usage: USAGE,
  description: `Connects to the stack's PostgreSQL source (node-postgres; the password from the URL or PGPASSWORD) and
reports every CDC prerequisite as pass or fail with its fix. It only reads: the fixes are for a person, and
prereqs/<stack>.sql applies the ones SQL can.`,
  flags: {
    pg: { type: 'string', placeholder: 'connection string', help: 'e.g. postgres://dms_user@host:5432/LoanApplication?sslmode=require' },
    json: { type: 'boolean', help: 'the findings as JSON on stdout' },
  },
  positionals: '<stack>',
  examples: ['npx dms preflight loanapp-dynamodb-dev --pg postgres://dms_user@host:5432/LoanApplication?sslmode=require'],
  exitCodes: { 0: 'every check passes', 1: 'a check fails, or the source cannot be reached, or a problem with the inputs' },
  run: ({ values, positionals }) => preflight(requiredOptions(values, positionals)),
});

function requiredOptions(values: { pg?: string; json?: boolean }, stacks: string[]): Options {
  const problems: ValidationIssue[] = [];
  if (stacks.length !== 1) problems.push({ path: '', message: `name one stack. usage: dms preflight ${USAGE}` });
  if (values.pg === undefined) problems.push({ path: '--pg', message: `is required. usage: dms preflight ${USAGE}` });
  else if (!isPostgresUrl(values.pg))
    problems.push({ path: '--pg', message: 'is not a connection URL (postgres://user@host:port/database)' });
  if (problems.length > 0 || values.pg === undefined) throw new ValidationFailed(problems);
  return { stack: stacks[0], connectionString: values.pg, json: values.json === true };
}

/** node-postgres reads anything else as a host name, and fails later with a DNS error that names neither. */
function isPostgresUrl(text: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

async function preflight(options: Options): Promise<void> {
  const pipelines = activePipelines();
  const pipeline = pipelines.find((p) => p.name === options.stack);
  if (!pipeline) {
    throw new ValidationFailed([
      { path: options.stack, message: `is not a stack of the active config (known: ${pipelines.map((p) => p.name).join(', ')})` },
    ]);
  }
  const source = postgresSourceOf(pipeline);

  const client = new Client({
    connectionString: options.connectionString,
    connectionTimeoutMillis: 15_000,
    statement_timeout: 30_000,
    application_name: 'dms-cdktf preflight',
  });
  try {
    await client.connect();
  } catch (error) {
    // The message names host and cause, never the connection string (which may hold a password).
    throw new ValidationFailed([{ path: '--pg', message: `cannot connect: ${(error as Error).message}` }]);
  }
  try {
    const findings = await postgresPreflight(pipeline, async (text, values) => (await client.query(text, values)).rows);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ stack: pipeline.name, findings }, null, 2)}\n`);
    } else {
      process.stdout.write(
        `Preflight of ${pipeline.name}'s source (${source.engine}, database ${source.databaseName}) at ${client.host}:${client.port}/${client.database}\n\n`,
      );
      process.stdout.write(formatFindings(findings));
    }
    if (findings.some((finding) => finding.status === 'fail')) process.exitCode = 1;
  } finally {
    await client.end();
  }
}
