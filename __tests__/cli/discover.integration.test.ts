/**
 * `npm run discover` against a throwaway PostgreSQL 15 cluster with tables of its own (several schemas, a
 * mixed-case schema and names, a table without a primary key, nullable columns, a type without a DMS
 * counterpart, a table a wildcard exclude drops), then the mappings checked against what it found; and the SQL
 * Server path on catalogue files shaped like the documented views' result (JSON from FOR JSON PATH, CSV).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { formatIssue, ValidationFailed } from '../../core/errors';
import { activePipelines } from '../../app/pipelines';
import { OPS_CONFIG, OPS_FIXTURE, OPS_MAPPINGS, runCommand } from '../support/ops-fixture';
import { type ThrowawayPostgres, describeWithPostgres, startThrowawayPostgres } from '../support/postgres';

const DISCOVER_CONFIG = path.join(OPS_FIXTURE, 'discover-config.json');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-discover-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    activePipelines({ ...process.env, ...env });
    return [];
  } catch (error) {
    if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
    throw error;
  }
};

/** A mappings directory: the fixture's, with catalog.json edited by `edit`. */
function mappingsWith(name: string, edit: (rules: Record<string, unknown>[]) => void): string {
  const dir = path.join(work, name);
  fs.cpSync(OPS_MAPPINGS, dir, { recursive: true });
  const document = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8'));
  edit(document.rules);
  fs.writeFileSync(path.join(dir, 'catalog.json'), JSON.stringify(document));
  return dir;
}

describeWithPostgres('discover on a throwaway PostgreSQL', () => {
  let server: ThrowawayPostgres;
  const discovered = path.join(work, 'discovered');
  const env = () => ({ DMS_CONFIG: DISCOVER_CONFIG, DMS_MAPPINGS_DIR: OPS_MAPPINGS, DMS_DISCOVERED_DIR: discovered });
  const discover = (extra: Record<string, string> = {}, ...args: string[]) =>
    runCommand('discover', args.length > 0 ? args : ['--stack', 'catalog-ddb-dev', '--pg', server.url('catalog')], { ...env(), ...extra });
  const file = () => JSON.parse(fs.readFileSync(path.join(discovered, 'catalog-ddb-dev.json'), 'utf8'));

  beforeAll(async () => {
    server = await startThrowawayPostgres();
    await server.query('postgres', 'CREATE DATABASE catalog');
    await server.query(
      'catalog',
      `
      CREATE SCHEMA app; CREATE SCHEMA "Billing"; CREATE SCHEMA audit;
      CREATE TABLE app."Orders" ("OrderId" int PRIMARY KEY, "CustomerId" int NOT NULL, "Status" text, "PlacedAt" timestamptz NOT NULL, tags text[]);
      CREATE TABLE app."OrderLines" ("LineId" bigint, "OrderId" int, "Qty" smallint);
      CREATE TABLE app.tmp_scratch (x int);
      CREATE TABLE "Billing"."Invoices" ("InvoiceId" uuid, "Amount" numeric(12, 2) NOT NULL, "Note" varchar(200), PRIMARY KEY ("InvoiceId"));
      CREATE TABLE "Billing"."Payments" (id int PRIMARY KEY);
      CREATE TABLE audit.log (id int);
      INSERT INTO app."Orders" SELECT g, g % 10, CASE WHEN g % 3 = 0 THEN NULL ELSE 'NEW' END, now(), NULL FROM generate_series(1, 500) g;
      ANALYZE;`,
    );
  }, 120_000);
  afterAll(() => server?.stop());

  test('GIVEN wildcard selections WHEN discover runs THEN it writes exactly the selected tables with columns, types, nullability, keys and row estimates', () => {
    const result = discover();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /catalog-ddb-dev\.json: written \(3 tables, 11 columns from postgresql:\/\/127\.0\.0\.1:\d+\/catalog, read in \d+\.\d\d s\)/,
    );
    expect(result.stdout).toContain('  app.OrderLines: 3 columns, primary key NONE, ~0 rows');
    expect(result.stdout).toContain('  type recorded as string: app.Orders.tags (text[])');
    expect(result.stdout).toContain('Mappings checked against the discovered tables: no problems.');
    const doc = file();
    expect(doc.source).toEqual({
      engine: 'postgres',
      database: 'catalog',
      from: expect.stringMatching(/^postgresql:\/\/127\.0\.0\.1:\d+\/catalog$/),
    });
    expect(doc.tables.map((t: { schema: string; name: string }) => `${t.schema}.${t.name}`)).toEqual([
      'Billing.Invoices',
      'app.OrderLines',
      'app.Orders',
    ]);
    const orders = doc.tables[2];
    expect(orders).toEqual({
      schema: 'app',
      name: 'Orders',
      columns: [
        { name: 'OrderId', type: 'int', sourceType: 'integer', nullable: false },
        { name: 'CustomerId', type: 'int', sourceType: 'integer', nullable: false },
        { name: 'Status', type: 'string', sourceType: 'text', nullable: true },
        { name: 'PlacedAt', type: 'timestamp', sourceType: 'timestamp with time zone', nullable: false },
        { name: 'tags', type: 'string', sourceType: 'text[]', nullable: true },
      ],
      primaryKey: ['OrderId'],
      rowEstimate: 500,
    });
    expect(doc.tables[0].columns.map((c: { type: string }) => c.type)).toEqual(['uuid', 'decimal', 'string']);
    expect(doc.tables[1].primaryKey).toBeNull();
  });

  test('GIVEN an unchanged catalogue WHEN discover runs again THEN the file is up to date (byte-identical)', () => {
    const before = fs.readFileSync(path.join(discovered, 'catalog-ddb-dev.json'), 'utf8');
    expect(discover().stdout).toContain('catalog-ddb-dev.json: up to date');
    expect(fs.readFileSync(path.join(discovered, 'catalog-ddb-dev.json'), 'utf8')).toBe(before);
  });

  test('GIVEN the discovered file WHEN the config loads THEN source.tables carry the real columns and key', () => {
    const pipeline = activePipelines({ ...process.env, ...env() })[0];
    expect(pipeline.source.tables.map((t) => [`${t.schema}.${t.name}`, Object.keys(t.columns).length, t.primaryKey])).toEqual([
      ['Billing.Invoices', 3, ['InvoiceId']],
      ['app.OrderLines', 3, undefined],
      ['app.Orders', 5, ['OrderId']],
    ]);
  });

  test('GIVEN a typo in a selected table name WHEN the config loads or discover runs THEN the selection is rejected', () => {
    const mappings = mappingsWith('typo', (rules) =>
      rules.splice(2, 0, {
        'rule-type': 'selection',
        'rule-id': '9',
        'rule-name': 'include-typo',
        'object-locator': { 'schema-name': 'app', 'table-name': 'Ordres' },
        'rule-action': 'include',
      }),
    );
    const message = expect.stringMatching(
      /^mappings\/catalog\.json: rules\[2\] \(include-typo\): selects app\.Ordres, which matches no table in catalog \(.*catalog-ddb-dev\.json\)$/,
    );
    expect(problemsOf({ ...env(), DMS_MAPPINGS_DIR: mappings })).toEqual([message]);
    const result = discover({ DMS_MAPPINGS_DIR: mappings });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('selects app.Ordres, which matches no table in catalog');
    expect(result.stderr).toContain('1 problem(s) with the mappings against the discovered tables.');
  });

  test('GIVEN a wrong case, a transformation on no selected table and a rename of a missing column WHEN checked THEN each is an error', () => {
    const mappings = mappingsWith('rules', (rules) => {
      rules.push({
        'rule-type': 'selection',
        'rule-id': '10',
        'rule-name': 'include-billing-lowercase',
        'object-locator': { 'schema-name': 'billing', 'table-name': '%' },
        'rule-action': 'include',
      });
      rules.push({
        'rule-type': 'transformation',
        'rule-id': '11',
        'rule-name': 'rename-audit',
        'rule-target': 'table',
        'object-locator': { 'schema-name': 'audit', 'table-name': 'log' },
        'rule-action': 'rename',
        value: 'audit_log',
      });
      rules.push({
        'rule-type': 'transformation',
        'rule-id': '12',
        'rule-name': 'rename-missing-column',
        'rule-target': 'column',
        'object-locator': { 'schema-name': 'app', 'table-name': 'Orders', 'column-name': 'status' },
        'rule-action': 'rename',
        value: 'state',
      });
    });
    expect(problemsOf({ ...env(), DMS_MAPPINGS_DIR: mappings }).map((p) => p.replace(/ \([^()]*catalog-ddb-dev\.json\)/, ''))).toEqual([
      'mappings/catalog.json: rules[4] (include-billing-lowercase): selects billing.%, which matches no table in catalog',
      'mappings/catalog.json: rules[5] (rename-audit): transforms audit.log, which matches no selected table of catalog',
      'mappings/catalog.json: rules[6] (rename-missing-column): names column status, which app.Orders does not have in catalog',
    ]);
  });

  test('GIVEN a DynamoDB key written from a nullable column WHEN checked THEN it is an error naming the key and the column', () => {
    const config = path.join(work, 'nullable-key.json');
    const input = JSON.parse(fs.readFileSync(DISCOVER_CONFIG, 'utf8'));
    input.pipelines[0].target.tables[0].attributes = { PK: 'ORDER#${OrderId}#${Status}' };
    fs.writeFileSync(config, JSON.stringify(input));
    const mappings = mappingsWith('nullable', (rules) => {
      (rules[3] as { 'mapping-parameters': { 'attribute-mappings': { value: string }[] } })['mapping-parameters'][
        'attribute-mappings'
      ][0].value = 'ORDER#${OrderId}#${Status}';
    });
    expect(
      problemsOf({ ...env(), DMS_CONFIG: config, DMS_MAPPINGS_DIR: mappings }).map((p) =>
        p.replace(/ \([^()]*catalog-ddb-dev\.json\)/, ''),
      ),
    ).toEqual([
      'pipelines[0].target.tables[0].partitionKey: PK of Catalog-Orders-dev is written from app.Orders.Status, which is nullable in catalog: DynamoDB rejects an item without its key (make the column NOT NULL, or key the table on another column; mappings/catalog.json: rules[3])',
    ]);
  });

  test('GIVEN a discovered file edited by hand into an invalid shape WHEN the config loads THEN every problem is named by path', () => {
    const dir = path.join(work, 'bad-discovered');
    fs.mkdirSync(dir, { recursive: true });
    const doc = file();
    doc.tables[0].columns[0].type = 'varchar';
    doc.tables[1].rowEstimate = -3;
    doc.extra = true;
    fs.writeFileSync(path.join(dir, 'catalog-ddb-dev.json'), JSON.stringify(doc));
    const problems = problemsOf({ ...env(), DMS_DISCOVERED_DIR: dir }).map((p) => p.replace(/^.*catalog-ddb-dev\.json: /, ''));
    expect(problems).toEqual(
      expect.arrayContaining([
        'extra: is not a known field',
        expect.stringMatching(/^tables\[0\]\.columns\[0\]\.type: /),
        expect.stringMatching(/^tables\[1\]\.rowEstimate: /),
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  test('GIVEN bad arguments WHEN discover runs THEN it exits 1 naming each', () => {
    const none = runCommand('discover', [], env());
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('--stack: is required');
    expect(none.stderr).toContain('give exactly one of --pg, --from-file, --sqlserver-query');
    const wrongEngine = runCommand('discover', ['--stack', 'catalog-ddb-dev', '--sqlserver-query'], env());
    expect(wrongEngine.stderr).toContain("--sqlserver-query: catalog-ddb-dev's source is postgres; use --pg");
    const unreachable = runCommand(
      'discover',
      ['--stack', 'catalog-ddb-dev', '--pg', 'postgres://nobody:secret@127.0.0.1:1/catalog'],
      env(),
    );
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('--pg: cannot read the catalogue of postgresql://127.0.0.1:1/catalog');
    expect(unreachable.stderr).not.toContain('secret');
  });
});

describe('discover for SQL Server (query for a DBA, result imported from a file)', () => {
  const discovered = path.join(work, 'sqlserver');
  const env = { DMS_CONFIG: OPS_CONFIG, DMS_MAPPINGS_DIR: OPS_MAPPINGS, DMS_DISCOVERED_DIR: discovered };
  // Rows as the catalogue query returns them: sys.tables/sys.columns/sys.types names, sys.index_columns.key_ordinal, sys.partitions.rows.
  const row = (
    schema: string,
    table: string,
    column: string,
    type: string,
    nullable: boolean,
    ordinal: number,
    pk: number | null,
    rows: number | null,
  ) => ({
    table_schema: schema,
    table_name: table,
    column_name: column,
    data_type: type,
    is_nullable: nullable,
    ordinal_position: ordinal,
    primary_key_position: pk,
    row_estimate: rows,
  });
  const rows = [
    row('dbo', 'DimStore', 'StoreKey', 'int', false, 1, 1, 120),
    row('dbo', 'DimStore', 'StoreName', 'nvarchar', true, 2, null, 120),
    row('dbo', 'DimStore', 'tmp_Load', 'datetime2', true, 3, null, 120),
    row('dbo', 'FactOrders', 'OrderKey', 'bigint', false, 1, 1, 98000),
    row('dbo', 'FactOrders', 'StoreKey', 'int', false, 2, null, 98000),
    row('dbo', 'FactOrders', 'Amount', 'money', false, 3, null, 98000),
    row('dbo', 'FactOrders', 'Shape', 'geography', true, 4, null, 98000),
    row('dbo', 'FactOrders_Archive', 'OrderKey', 'bigint', false, 1, null, 5),
    row('dbo', 'Other', 'id', 'int', false, 1, 1, 1),
  ];

  test('WHEN --sqlserver-query runs THEN it prints a read-only catalogue query limited by the selection patterns', () => {
    const result = runCommand('discover', ['--stack', 'warehouse-prod', '--sqlserver-query'], env);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('USE [Sales];');
    expect(result.stdout).toContain(
      "(s.name COLLATE Latin1_General_100_BIN2 LIKE N'dbo' AND t.name COLLATE Latin1_General_100_BIN2 LIKE N'Dim%')",
    );
    expect(result.stdout).toContain('FOR JSON PATH, INCLUDE_NULL_VALUES\n) AS catalogue_json;');
    expect(result.stdout).toMatch(/FROM sys\.tables t\nJOIN sys\.schemas s/);
  });

  test('GIVEN the JSON result WHEN imported THEN the selected tables are written, the exclude and unselected tables left out', () => {
    const json = path.join(work, 'catalogue.json');
    fs.writeFileSync(json, JSON.stringify(rows));
    const result = runCommand('discover', ['--stack', 'warehouse-prod', '--from-file', json], env);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('(2 tables, 7 columns from catalogue.json');
    expect(result.stdout).toContain('type recorded as string: dbo.FactOrders.Shape (geography)');
    const doc = JSON.parse(fs.readFileSync(path.join(discovered, 'warehouse-prod.json'), 'utf8'));
    expect(
      doc.tables.map((t: { name: string; primaryKey: string[]; rowEstimate: number }) => [t.name, t.primaryKey, t.rowEstimate]),
    ).toEqual([
      ['DimStore', ['StoreKey'], 120],
      ['FactOrders', ['OrderKey'], 98000],
    ]);
    expect(doc.tables[1].columns.map((c: { type: string }) => c.type)).toEqual(['bigint', 'int', 'decimal', 'string']);
  });

  test('GIVEN the same result as CSV (sqlcmd/SSMS: 0/1 bits, NULL, quoted fields) WHEN imported THEN the file is identical but for its origin', () => {
    const csv = path.join(work, 'catalogue.csv');
    const header = Object.keys(rows[0]).join(',');
    const line = (r: ReturnType<typeof row>) =>
      [
        r.table_schema,
        r.table_name,
        `"${r.column_name}"`,
        r.data_type,
        r.is_nullable ? 1 : 0,
        r.ordinal_position,
        r.primary_key_position ?? 'NULL',
        r.row_estimate ?? 'NULL',
      ].join(',');
    fs.writeFileSync(csv, `\uFEFF${header}\r\n${rows.map(line).join('\r\n')}\r\n`);
    const before = JSON.parse(fs.readFileSync(path.join(discovered, 'warehouse-prod.json'), 'utf8'));
    expect(runCommand('discover', ['--stack', 'warehouse-prod', '--from-file', csv], env).status).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(discovered, 'warehouse-prod.json'), 'utf8'));
    expect({ ...after, source: { ...after.source, from: 'x' } }).toEqual({ ...before, source: { ...before.source, from: 'x' } });
    expect(after.source.from).toBe('catalogue.csv');
  });

  test('GIVEN a malformed result WHEN imported THEN every bad row and field is named and nothing is written', () => {
    const bad = path.join(work, 'bad.json');
    fs.writeFileSync(
      bad,
      JSON.stringify([{ ...rows[0], is_nullable: 'maybe' }, { ...rows[1], ordinal_position: 'x' }, { table_schema: 'dbo' }]),
    );
    const target = path.join(work, 'sqlserver-bad');
    const result = runCommand('discover', ['--stack', 'warehouse-prod', '--from-file', bad], { ...env, DMS_DISCOVERED_DIR: target });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${bad}: [0].is_nullable: must be 0/1 or true/false, not "maybe"`);
    expect(result.stderr).toContain(`${bad}: [1].ordinal_position: must be a whole number, not "x"`);
    expect(result.stderr).toContain(
      `${bad}: [2]: missing table_name, column_name, data_type, is_nullable, ordinal_position, primary_key_position, row_estimate`,
    );
    expect(fs.existsSync(target)).toBe(false);
  });
});
