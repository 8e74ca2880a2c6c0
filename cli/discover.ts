/**
 * `dms discover --stack <stack> (--pg <url> | --from-file <json|csv> | --sqlserver-query) [--stdout]`
 *
 * Reads the source tables the stack's selection rules select (wildcards resolved against the live catalogue)
 * with their columns, types, nullability, primary keys and row estimates, and writes them to
 * `config/discovered/<stack>.json` (or `DMS_DISCOVERED_DIR`), which every command then merges into the
 * pipeline's `source.tables` and checks the mappings against. Re-run to refresh.
 *
 * - `--pg <url>`: a PostgreSQL source, read live with node-postgres (catalogue reads only).
 * - `--sqlserver-query`: prints the catalogue query for a DBA to run on the SQL Server source;
 *   `--from-file <result.json|result.csv>` imports what it returned.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoveredDir, discoveredFileOf, discoveredSchema } from '../config/discovered';
import { CATALOGUE_OF_SOURCE } from '../config/schema/source';
import { ValidationFailed, type ValidationIssue, formatIssue } from '../core/errors';
import { activePipelines, configuredPipelines } from '../app/pipelines';
import { buildDiscovered, parseCatalogueFile, readPostgresCatalogue, sqlServerCatalogueQuery } from '../app/discover/catalogue';
import { defineCommand } from './command';
import { writeFileAtomically } from '../core/output-file';

interface Options {
  stack: string;
  pg?: string;
  fromFile?: string;
  sqlServerQuery: boolean;
  stdout: boolean;
}

const USAGE = '--stack <stack> (--pg <url> | --from-file <json|csv> | --sqlserver-query) [--stdout]';

export const command = defineCommand({
  name: 'discover',
  summary: 'read the source tables a stack selects (columns, keys, row estimates) into config/discovered/<stack>.json',
  usage: USAGE,
  description: `Reads the source tables the stack's selection rules select (wildcards resolved against the live catalogue)
with their columns, types, nullability, primary keys and row estimates, and writes them to
config/discovered/<stack>.json (or DMS_DISCOVERED_DIR), which every command then merges into the pipeline's
source.tables and checks the mappings against. PostgreSQL sources are read live (--pg, catalogue reads only);
for SQL Server, --sqlserver-query prints the catalogue query for a DBA and --from-file imports its result.`,
  flags: {
    stack: { type: 'string', placeholder: 'stack', help: 'the stack of the active config' },
    pg: { type: 'string', placeholder: 'url', help: 'read a PostgreSQL source live (postgres://user@host:port/database)' },
    'from-file': { type: 'string', placeholder: 'json|csv', help: 'import the result of the SQL Server catalogue query' },
    'sqlserver-query': { type: 'boolean', help: 'print the catalogue query for a DBA to run on the SQL Server source' },
    stdout: { type: 'boolean', help: 'print the discovered tables instead of writing the file' },
  },
  examples: ['npx dms discover --stack redshift-fed-prod --from-file result.json'],
  exitCodes: {
    0: 'discovered (and the mappings match the tables)',
    1: 'a problem with the inputs, or the mappings do not match the discovered tables',
  },
  run: ({ values }) => discover(requiredOptions(values)),
});

function requiredOptions(values: {
  stack?: string;
  pg?: string;
  'from-file'?: string;
  'sqlserver-query'?: boolean;
  stdout?: boolean;
}): Options {
  const problems: ValidationIssue[] = [];
  const sources = [values.pg, values['from-file'], values['sqlserver-query'] ? true : undefined].filter((s) => s !== undefined);
  if (!values.stack) problems.push({ path: '--stack', message: `is required. usage: dms discover ${USAGE}` });
  if (sources.length !== 1)
    problems.push({ path: '', message: `give exactly one of --pg, --from-file, --sqlserver-query. usage: dms discover ${USAGE}` });
  if (problems.length > 0 || !values.stack) throw new ValidationFailed(problems);
  return {
    stack: values.stack,
    pg: values.pg,
    fromFile: values['from-file'],
    sqlServerQuery: values['sqlserver-query'] === true,
    stdout: values.stdout === true,
  };
}

/** `postgres://user:secret@host:5432/db?sslmode=require` → `postgresql://host:5432/db`: never a credential in a committed file. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    return `postgresql://${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    throw new ValidationFailed([{ path: '--pg', message: 'is not a connection URL (postgres://user@host:port/database)' }]);
  }
}

async function discover(options: Options): Promise<void> {
  const pipelines = configuredPipelines();
  const pipeline = pipelines.find((p) => p.name === options.stack);
  if (!pipeline)
    throw new ValidationFailed([
      {
        path: '--stack',
        message: `${options.stack} is not a stack of the active config (known: ${pipelines.map((p) => p.name).join(', ')})`,
      },
    ]);
  const engine = CATALOGUE_OF_SOURCE[pipeline.source.engine];
  if ((options.pg || options.sqlServerQuery) && (options.pg ? 'postgres' : 'sqlserver') !== engine) {
    throw new ValidationFailed([
      {
        path: options.pg ? '--pg' : '--sqlserver-query',
        message: `${pipeline.name}'s source is ${pipeline.source.engine}; use ${engine === 'sqlserver' ? '--sqlserver-query and --from-file' : '--pg'}`,
      },
    ]);
  }
  if (options.sqlServerQuery) {
    process.stdout.write(sqlServerCatalogueQuery(pipeline));
    return;
  }

  const started = process.hrtime.bigint();
  let rows;
  let from: string;
  if (options.pg) {
    from = withoutCredentials(options.pg);
    try {
      rows = await readPostgresCatalogue(options.pg);
    } catch (error) {
      throw new ValidationFailed([{ path: '--pg', message: `cannot read the catalogue of ${from}: ${(error as Error).message}` }]);
    }
  } else {
    const fromFile = options.fromFile ?? '';
    const file = path.resolve(fromFile);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new ValidationFailed([{ path: '--from-file', message: `cannot read ${fromFile}` }]);
    }
    const parsed = parseCatalogueFile(text, fromFile);
    if (parsed.problems.length > 0) throw new ValidationFailed(parsed.problems.map((message) => ({ path: '', message })));
    rows = parsed.rows;
    from = path.basename(file);
  }
  const discovered = discoveredSchema.parse(buildDiscovered(pipeline, rows, from));
  const text = `${JSON.stringify(discovered, null, 2)}\n`;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (options.stdout) {
    process.stdout.write(text);
    return;
  }
  const target = path.join(discoveredDir(), discoveredFileOf(pipeline.name));
  const unchanged = !writeFileAtomically(target, text);
  const columns = discovered.tables.reduce((n, t) => n + t.columns.length, 0);
  const shown = path.relative(process.cwd(), target) || target;
  process.stdout.write(
    `${shown}: ${unchanged ? 'up to date' : 'written'} (${discovered.tables.length} tables, ${columns} columns from ${from}, read in ${seconds.toFixed(2)} s)\n`,
  );
  for (const t of discovered.tables)
    process.stdout.write(
      `  ${t.schema}.${t.name}: ${t.columns.length} columns, primary key ${t.primaryKey ? t.primaryKey.join(', ') : 'NONE'}, ~${t.rowEstimate ?? '?'} rows\n`,
    );
  for (const assumed of discovered.assumedTypes) process.stdout.write(`  type recorded as string: ${assumed}\n`);

  // The mappings against the real tables: a selection matching no table, a key from a nullable column, ...
  try {
    activePipelines();
    process.stdout.write('Mappings checked against the discovered tables: no problems.\n');
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    process.stderr.write(
      `${error.issues.map(formatIssue).join('\n')}\n\n${error.issues.length} problem(s) with the mappings against the discovered tables.\n`,
    );
    process.exitCode = 1;
  }
}
