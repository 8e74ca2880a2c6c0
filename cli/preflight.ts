/**
 * `npm run preflight -- <stack> --pg <connection string> [--json]`
 *
 * Connects to the stack's PostgreSQL source (node-postgres; `postgres://user@host:5432/db?sslmode=require`,
 * the password from the URL or PGPASSWORD) and reports every CDC prerequisite (engines/sources/preflight.ts)
 * as pass or fail with its fix. Exit 1 when any check fails. It only reads: the fixes are for a person, and
 * prereqs/<stack>.sql applies the ones SQL can.
 */
import { Client } from 'pg';
import { ValidationFailed, type ValidationIssue } from '../core/errors';
import { activePipelines } from '../app/pipelines';
import { formatFindings, postgresPreflight, postgresSourceOf } from '../engines/sources/preflight';
import { runCommand } from '../app/run-command';

const USAGE = 'usage: npm run preflight -- <stack> --pg <connection string> [--json]';

interface Options {
  stack: string;
  connectionString: string;
  json: boolean;
}

function parseArguments(args: string[]): Options {
  const stacks: string[] = [];
  let connectionString: string | undefined;
  let json = false;
  const problems: ValidationIssue[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--pg') {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) problems.push({ path: '--pg', message: 'needs a connection string, e.g. postgres://dms_user@host:5432/LoanApplication' });
      else connectionString = value;
    } else if (arg === '--json') json = true;
    else if (arg.startsWith('--')) problems.push({ path: arg, message: `is not an option. ${USAGE}` });
    else stacks.push(arg);
  }
  if (stacks.length !== 1) problems.push({ path: '', message: `name one stack. ${USAGE}` });
  if (connectionString === undefined && !problems.some((p) => p.path === '--pg')) problems.push({ path: '--pg', message: `is required. ${USAGE}` });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return { stack: stacks[0], connectionString: connectionString!, json };
}

runCommand(async () => {
  const options = parseArguments(process.argv.slice(2));
  const pipelines = activePipelines();
  const pipeline = pipelines.find((p) => p.name === options.stack);
  if (!pipeline) {
    throw new ValidationFailed([{ path: options.stack, message: `is not a stack of the active config (known: ${pipelines.map((p) => p.name).join(', ')})` }]);
  }
  const source = postgresSourceOf(pipeline);

  const client = new Client({ connectionString: options.connectionString, connectionTimeoutMillis: 15_000, statement_timeout: 30_000, application_name: 'dms-cdktf preflight' });
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
      process.stdout.write(`Preflight of ${pipeline.name}'s source (${source.engine}, database ${source.databaseName}) at ${client.host}:${client.port}/${client.database}\n\n`);
      process.stdout.write(formatFindings(findings));
    }
    if (findings.some((finding) => finding.status === 'fail')) process.exitCode = 1;
  } finally {
    await client.end();
  }
});
