/**
 * `npm run preflight` and the generated prereqs SQL against a real PostgreSQL: one throwaway cluster, first
 * configured wrongly for the fixture DynamoDB pipeline (wal_level replica, dbo.Payments without a primary key),
 * then fixed with the fixes preflight prints. The cluster is stopped and removed in afterAll, also on failure.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { parseConfig } from '../../config/load';
import { projectRoot } from '../../core/paths';
import { resolvePipelines } from '../../app/resolve';
import { generatePrereqs } from '../../engines/prereqs';
import { postgresPreflight } from '../../engines/preflight';
import { FIXTURE_MAPPINGS, defaultInput, fixtureEnv, redshiftConfig } from '../support/helpers';
import { type ThrowawayPostgres, describeWithPostgres, startThrowawayPostgres } from '../support/postgres';
import { must } from '../support/must';

const root = projectRoot();
const STACK = 'loanapp-dynamodb-dev';
const SLOT = 'dms_loanapp_dynamodb_dev';
// The fixture pipeline's prerequisites, as `npm run prereqs` writes them (not the team's committed prereqs/).
const prereqsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-preflight-prereqs-'));
const prereqsFile = path.join(prereqsDir, `${STACK}.sql`);
const fixturePipeline = resolvePipelines(parseConfig(defaultInput()), FIXTURE_MAPPINGS).find((p) => p.name === STACK);
if (!fixturePipeline) throw new Error(`the fixture config has no ${STACK}`);
fs.writeFileSync(prereqsFile, generatePrereqs(fixturePipeline).sql);
afterAll(() => fs.rmSync(prereqsDir, { recursive: true, force: true }));

describeWithPostgres('preflight and prereqs on a throwaway PostgreSQL', () => {
  let server: ThrowawayPostgres;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-preflight-'));

  const preflight = () =>
    spawnSync('node', [path.join(root, 'dist', 'cli', 'preflight.js'), STACK, '--pg', server.url('LoanApplication')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...fixtureEnv() },
    });
  const slots = async () =>
    await server.query('LoanApplication', 'SELECT slot_name, plugin, database FROM pg_replication_slots ORDER BY slot_name');

  beforeAll(async () => {
    server = await startThrowawayPostgres({ wal_level: 'replica' });
    await server.query('postgres', 'CREATE DATABASE "LoanApplication"');
    // The guide's tables; Payments was created without its key.
    await server.query(
      'LoanApplication',
      `CREATE SCHEMA dbo;
       CREATE TABLE dbo."IntegrationLogs" ("LogId" int PRIMARY KEY, "LogTimestamp" timestamp, "ApplicationId" int, "CorrelationId" text, "ErrorStatus" text, "LogType" text, "ServiceName" text);
       CREATE TABLE dbo."Payments" ("PaymentId" int NOT NULL, "CustomerId" int, "PaymentDate" timestamp, "PaymentAmount" numeric(12, 2));`,
    );
  }, 120_000);

  afterAll(() => {
    server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  describe('GIVEN wal_level replica and dbo.Payments without a primary key', () => {
    test('WHEN preflight runs THEN it exits 1 with exactly those two failures and their fixes', () => {
      const result = preflight();
      expect(result.stderr).toBe('');
      expect(result.status).toBe(1);
      expect(result.stdout).toBe(
        [
          `Preflight of ${STACK}'s source (aurora-postgresql, database LoanApplication) at 127.0.0.1:${server.port}/LoanApplication`,
          '',
          'PASS  database: connected to LoanApplication',
          'N/A   rds.logical_replication: not applicable: this server has no rds.logical_replication setting (not RDS or Aurora), so wal_level is the check',
          'FAIL  wal_level: replica, must be logical',
          "      fix: ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL",
          'PASS  max_replication_slots: 10, 0 used by other slots, this stack needs 1',
          'PASS  max_wal_senders: 10, 0 in use, this stack needs 1',
          'PASS  wal_sender_timeout: 60000 ms',
          `SKIP  replication slot ${SLOT}: not checked: logical replication slots need wal_level = logical first`,
          'PASS  heartbeat schema dbo: exists',
          'PASS  table dbo.IntegrationLogs: primary key (LogId)',
          'FAIL  table dbo.Payments: has no primary key: DMS needs one to capture updates and deletes, and DynamoDB LoanApp-Payments-dev is keyed from it',
          '      fix: ALTER TABLE dbo."Payments" ADD PRIMARY KEY ("PaymentId");',
          '',
          '2 failed, 6 passed, 1 not applicable, 1 skipped.',
          '',
        ].join('\n'),
      );
    });

    test('WHEN the generated prereqs SQL runs THEN its checks stop it on the same two problems and no slot is created', async () => {
      const result = server.psqlFile('LoanApplication', prereqsFile);
      expect(result.status).toBe(3); // psql: a statement failed under ON_ERROR_STOP
      expect(result.stderr).toContain(
        'ERROR:  CDC prerequisites not met:\n- wal_level is replica, must be logical\n- dbo."Payments" has no primary key: ALTER TABLE dbo."Payments" ADD PRIMARY KEY ("PaymentId");\nCONTEXT:',
      );
      expect(await slots()).toEqual([]);
    });
  });

  describe('GIVEN the fixes preflight printed, applied', () => {
    beforeAll(async () => {
      await server.query('LoanApplication', "ALTER SYSTEM SET wal_level = 'logical'");
      server.restart();
      // The fix line as printed, run as is.
      const fix = must(/fix: (ALTER TABLE dbo\."Payments" .*)$/m.exec(preflight().stdout))[1];
      await server.query('LoanApplication', fix);
    }, 120_000);

    test('WHEN the prereqs SQL runs twice THEN the first run creates the test_decoding slot and the second finds it', async () => {
      const first = server.psqlFile('LoanApplication', prereqsFile);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(await slots()).toEqual([{ slot_name: SLOT, plugin: 'test_decoding', database: 'LoanApplication' }]);
      const second = server.psqlFile('LoanApplication', prereqsFile);
      expect(second.status).toBe(0);
      expect(second.stderr).toMatch(new RegExp(`^psql:${prereqsFile}:\\d+: NOTICE:  replication slot ${SLOT} already exists\n$`));
      expect(await slots()).toHaveLength(1);
    });

    test('WHEN preflight runs THEN every check passes and it exits 0', () => {
      const result = preflight();
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(
        [
          `Preflight of ${STACK}'s source (aurora-postgresql, database LoanApplication) at 127.0.0.1:${server.port}/LoanApplication`,
          '',
          'PASS  database: connected to LoanApplication',
          'N/A   rds.logical_replication: not applicable: this server has no rds.logical_replication setting (not RDS or Aurora), so wal_level is the check',
          'PASS  wal_level: logical',
          'PASS  max_replication_slots: 10, 0 used by other slots, this stack needs 1',
          'PASS  max_wal_senders: 10, 0 in use, this stack needs 1',
          'PASS  wal_sender_timeout: 60000 ms',
          `PASS  replication slot ${SLOT}: exists, logical, test_decoding, database LoanApplication`,
          'PASS  heartbeat schema dbo: exists',
          'PASS  table dbo.IntegrationLogs: primary key (LogId)',
          'PASS  table dbo.Payments: primary key (PaymentId)',
          '',
          '0 failed, 9 passed, 1 not applicable.',
          '',
        ].join('\n'),
      );
    });

    test('WHEN preflight runs with --json THEN the same findings come as JSON', () => {
      const result = spawnSync(
        'node',
        [path.join(root, 'dist', 'cli', 'preflight.js'), STACK, '--json', '--pg', server.url('LoanApplication')],
        { cwd: root, encoding: 'utf8', env: { ...process.env, ...fixtureEnv() } },
      );
      expect(result.status).toBe(0);
      const { stack, findings } = JSON.parse(result.stdout);
      expect(stack).toBe(STACK);
      expect(findings.map((f: { check: string; status: string }) => `${f.status} ${f.check}`)).toEqual([
        'pass database',
        'n/a rds.logical_replication',
        'pass wal_level',
        'pass max_replication_slots',
        'pass max_wal_senders',
        'pass wal_sender_timeout',
        `pass replication slot ${SLOT}`,
        'pass heartbeat schema dbo',
        'pass table dbo.IntegrationLogs',
        'pass table dbo.Payments',
      ]);
    });

    test('WHEN a pipeline selects tables by wildcard with no table list THEN the SQL and preflight match them on the server, less the excluded ones', async () => {
      await server.query(
        'LoanApplication',
        `CREATE SCHEMA sales;
         CREATE TABLE sales."Orders2024" (id int PRIMARY KEY);
         CREATE TABLE sales."Orders2023" (id int);
         CREATE TABLE sales."OrdersArchive" (id int);
         CREATE TABLE sales.orders_lower (id int);`,
      );
      const mappings = path.join(work, 'mappings');
      fs.mkdirSync(mappings, { recursive: true });
      const selection = (id: string, action: string, table: string) => ({
        'rule-type': 'selection',
        'rule-id': id,
        'rule-name': `${action}-${id}`,
        'object-locator': { 'schema-name': 'sales', 'table-name': table },
        'rule-action': action,
      });
      fs.writeFileSync(
        path.join(mappings, 'orders.json'),
        JSON.stringify({ rules: [selection('1', 'include', 'Orders%'), selection('2', 'exclude', 'Orders[A-Z]%')] }),
      );
      const input = redshiftConfig((p) => {
        const sqlServer = p.source;
        (p as { source: unknown }).source = {
          engine: 'postgres',
          endpointId: sqlServer.endpointId,
          serverName: '127.0.0.1',
          databaseName: 'LoanApplication',
          secretArn: sqlServer.secretArn,
          cdc: { plugin: 'test-decoding', heartbeat: { enabled: false } },
        };
        p.tasks[0].tableMappings = 'orders.json';
      });
      const [pipeline] = resolvePipelines(parseConfig(input), mappings);
      const sqlFile = path.join(work, 'orders.sql');
      fs.writeFileSync(sqlFile, generatePrereqs(pipeline).sql);

      // Matching is case-sensitive (orders_lower is out) and the exclude wins (OrdersArchive is out).
      const result = server.psqlFile('LoanApplication', sqlFile);
      expect(result.status).toBe(3);
      expect(result.stderr).toContain('ERROR:  CDC prerequisites not met:\n- sales."Orders2023" has no primary key\nCONTEXT:');

      const client = new Client({ connectionString: server.url('LoanApplication') });
      await client.connect();
      try {
        const findings = await postgresPreflight(pipeline, async (text, values) => (await client.query(text, values)).rows);
        expect(findings.filter((f) => f.check.startsWith('table '))).toEqual([
          {
            check: 'table sales.Orders2023',
            status: 'fail',
            detail: 'has no primary key: DMS needs one to capture updates and deletes',
            fix: 'ALTER TABLE sales."Orders2023" ADD PRIMARY KEY (<key columns>);',
          },
          { check: 'table sales.Orders2024', status: 'pass', detail: 'primary key (id)' },
        ]);
      } finally {
        await client.end();
      }
    });
  });
});
