/**
 * The issue's "done when" on whatever PostgreSQL-source stacks the active config has (today
 * loanapp-dynamodb-dev): a throwaway PostgreSQL 15 gets the tables the stack's mappings select, built from the
 * config's own table definitions; `npm run discover` fills the table definitions from it, and a mapping that
 * then names a table with a typo is rejected where, without discovery, it synthesizes. (Built with the key
 * columns nullable, the same server makes discover reject the design: LoanApp-IntegrationLogs-dev's SK is
 * written from LogTimestamp, so that column must be NOT NULL in the real database.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIssue, ValidationFailed } from '../../core/errors';
import { renderTableMappingsFile } from '../../mappings/table-mappings';
import { activePipelines } from '../../app/pipelines';
import { runCommand } from '../support/ops-fixture';
import { type ThrowawayPostgres, describeWithPostgres, startThrowawayPostgres } from '../support/postgres';
import { must } from '../support/must';

const PG_TYPES: Record<string, string> = {
  smallint: 'smallint',
  int: 'integer',
  bigint: 'bigint',
  decimal: 'numeric(12,2)',
  numeric: 'numeric',
  real: 'real',
  double: 'double precision',
  boolean: 'boolean',
  string: 'text',
  uuid: 'uuid',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  json: 'jsonb',
  binary: 'bytea',
};
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const stacks = activePipelines().filter((p) => p.source.engine !== 'sqlserver' && p.source.tables.length > 0);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-discover-active-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describeWithPostgres("discover on the active config's PostgreSQL stacks", () => {
  let server: ThrowawayPostgres;
  beforeAll(async () => {
    server = await startThrowawayPostgres();
  }, 120_000);
  afterAll(() => server?.stop());

  test.each(stacks.map((p) => p.name))(
    "GIVEN %s's tables on a live server WHEN discovered THEN its definitions come from the server and a typo'd table is rejected",
    async (stack) => {
      const pipeline = must(stacks.find((p) => p.name === stack));
      const database = pipeline.source.databaseName;
      await server.query('postgres', `CREATE DATABASE ${quote(database)}`);
      // Columns a DynamoDB table key is written from must be NOT NULL (discover's checks say so); the rest may be NULL.
      const keyColumns = new Set<string>();
      if (pipeline.target.engine === 'dynamodb') {
        for (const table of pipeline.target.tables) {
          for (const key of [table.partitionKey, table.sortKey].filter((k) => k !== undefined)) {
            const template = table.attributes?.[key.name];
            for (const column of template ? [...template.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]) : [key.name])
              keyColumns.add(`${table.source}.${column}`);
          }
        }
      }
      const ddl = [...new Set(pipeline.source.tables.map((t) => t.schema))].map((s) => `CREATE SCHEMA IF NOT EXISTS ${quote(s)};`);
      for (const t of pipeline.source.tables) {
        const columns = Object.entries(t.columns).map(
          ([c, type]) =>
            `${quote(c)} ${PG_TYPES[type]}${t.primaryKey?.includes(c) || keyColumns.has(`${t.schema}.${t.name}.${c}`) ? ' NOT NULL' : ''}`,
        );
        ddl.push(
          `CREATE TABLE ${quote(t.schema)}.${quote(t.name)} (${columns.join(', ')}${t.primaryKey ? `, PRIMARY KEY (${t.primaryKey.map(quote).join(', ')})` : ''});`,
        );
      }
      await server.query(database, ddl.join('\n'));

      const discovered = path.join(work, stack);
      const env = { DMS_CONFIG: '', DMS_MAPPINGS_DIR: '', DMS_DISCOVERED_DIR: discovered };
      const result = runCommand('discover', ['--stack', stack, '--pg', server.url(database)], env);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const doc = JSON.parse(fs.readFileSync(path.join(discovered, `${stack}.json`), 'utf8'));
      expect(doc.tables.map((t: { schema: string; name: string }) => `${t.schema}.${t.name}`).sort()).toEqual(
        pipeline.source.tables.map((t) => `${t.schema}.${t.name}`).sort(),
      );
      for (const t of pipeline.source.tables) {
        const found = doc.tables.find((d: { schema: string; name: string }) => d.schema === t.schema && d.name === t.name);
        expect(Object.fromEntries(found.columns.map((c: { name: string; type: string }) => [c.name, c.type]))).toEqual(
          Object.fromEntries(Object.entries(t.columns).map(([c, type]) => [c, type === 'numeric' ? 'decimal' : type])),
        );
        expect(found.primaryKey).toEqual(t.primaryKey ?? null);
      }

      // The stack's first task's mappings, as a file, with one more include naming a table that does not exist.
      const mappings = path.join(work, `${stack}-mappings`);
      fs.mkdirSync(mappings, { recursive: true });
      const document = structuredClone(pipeline.tasks[0].tableMappingsDocument);
      const [first] = pipeline.source.tables;
      document.rules.splice(0, 0, {
        'rule-type': 'selection',
        'rule-id': '999',
        'rule-name': 'include-typo',
        'object-locator': { 'schema-name': first.schema, 'table-name': `${first.name}x` },
        'rule-action': 'include',
      });
      fs.writeFileSync(path.join(mappings, 'typo.json'), renderTableMappingsFile(document));
      const config = path.join(work, `${stack}-config.json`);
      const input = structuredClone(JSON.parse(JSON.stringify({ pipelines: [pipeline] })));
      delete input.pipelines[0].index;
      input.pipelines[0].tasks = input.pipelines[0].tasks
        .map((t: Record<string, unknown>) => {
          const { tableMappingsDocument: _d, tableMappingsJson: _j, effectiveSettings: _e, settingsJson: _s, ...task } = t;
          return { ...task, tableMappings: 'typo.json' };
        })
        .slice(0, 1);
      fs.writeFileSync(config, JSON.stringify(input));
      const problems = (dir: string) => {
        try {
          activePipelines({ ...process.env, DMS_CONFIG: config, DMS_MAPPINGS_DIR: mappings, DMS_DISCOVERED_DIR: dir });
          return [];
        } catch (error) {
          if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
          throw error;
        }
      };
      expect(problems(path.join(work, 'none'))).toEqual([]);
      expect(problems(discovered)).toEqual([
        expect.stringMatching(
          new RegExp(
            `^mappings/typo\\.json: rules\\[0\\] \\(include-typo\\): selects ${first.schema}\\.${first.name}x, which matches no table in ${database} \\(`,
          ),
        ),
      ]);
    },
  );
});
