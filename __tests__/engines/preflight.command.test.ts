/**
 * The PostgreSQL preflight checks against a scripted server (the injected query function), one condition at a
 * time, and `npm run preflight`'s argument handling. preflight.integration.test.ts runs them on a real server.
 */
import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { ValidationFailed } from '../../core/errors';
import { parseConfig } from '../../config/load';
import { projectRoot } from '../../core/paths';
import type { PipelineConfigInput } from '../../config/schema';
import { resolvePipelines } from '../../app/resolve';
import type { ResolvedPipeline } from '../../config/resolved';
import { type Finding, type Query, formatFindings, postgresPreflight } from '../../engines/preflight';
import { FIXTURE_MAPPINGS, dynamodbConfig, fixtureEnv, redshiftConfig } from '../support/helpers';

const root = projectRoot();
const preflight = (...args: string[]) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'preflight.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...fixtureEnv() },
  });

const pipelineOf = (input: PipelineConfigInput): ResolvedPipeline => resolvePipelines(parseConfig(input), FIXTURE_MAPPINGS)[0];

/** What the scripted server holds; every field defaults to a source ready for the default DynamoDB pipeline. */
interface ServerState {
  database: string;
  settings: Record<string, string>;
  slots: { slot_name: string; slot_type: string; plugin: string; database: string }[];
  walSenders: number;
  extensions: string[];
  schemas: string[];
  tables: { schema: string; name: string; primaryKey: string[] | null }[];
  replicationSets: string[];
}

function readyServer(): ServerState {
  return {
    database: 'LoanApplication',
    settings: {
      wal_level: 'logical',
      max_replication_slots: '10',
      max_wal_senders: '10',
      wal_sender_timeout: '60000',
      shared_preload_libraries: '',
    },
    slots: [{ slot_name: 'dms_loanapp_dynamodb_dev', slot_type: 'logical', plugin: 'test_decoding', database: 'LoanApplication' }],
    walSenders: 0,
    extensions: [],
    schemas: ['public', 'dbo'],
    tables: [
      { schema: 'dbo', name: 'IntegrationLogs', primaryKey: ['LogId'] },
      { schema: 'dbo', name: 'Payments', primaryKey: ['PaymentId'] },
    ],
    replicationSets: [],
  };
}

/** Answers exactly the statements the checks send; anything else fails the test. */
function scripted(state: ServerState): Query {
  return async (text, values = []) => {
    if (text === 'SELECT current_database() AS database') return [{ database: state.database }];
    if (text.startsWith('SELECT name, setting FROM pg_settings')) {
      return Object.entries(state.settings)
        .filter(([name]) => (values[0] as string[]).includes(name))
        .map(([name, setting]) => ({ name, setting }));
    }
    if (text.includes('FROM pg_replication_slots WHERE slot_name IS DISTINCT FROM $1'))
      return [{ count: state.slots.filter((s) => s.slot_name !== values[0]).length }];
    if (text.includes('FROM pg_stat_replication')) return [{ count: state.walSenders }];
    if (text.includes("FROM pg_extension WHERE extname = 'pglogical'"))
      return state.extensions.includes('pglogical') ? [{ '?column?': 1 }] : [];
    if (text.startsWith('SELECT slot_type, plugin, database FROM pg_replication_slots'))
      return state.slots.filter((s) => s.slot_name === values[0]);
    if (text.startsWith('SELECT set_name FROM pglogical.replication_set'))
      return state.replicationSets.filter((set) => (values[0] as string[]).includes(set)).map((set_name) => ({ set_name }));
    if (text === 'SELECT 1 FROM pg_namespace WHERE nspname = $1')
      return state.schemas.includes(values[0] as string) ? [{ '?column?': 1 }] : [];
    if (text.includes('AND n.nspname = $1 AND c.relname = $2')) {
      return state.tables
        .filter((t) => t.schema === values[0] && t.name === values[1])
        .map((t) => ({ schema_name: t.schema, table_name: t.name, primary_key: t.primaryKey }));
    }
    throw new Error(`unexpected statement: ${text}`);
  };
}

const failures = (findings: Finding[]) => findings.filter((f) => f.status === 'fail');
const findingOf = (findings: Finding[], check: string) => findings.find((f) => f.check === check);

describe('checks', () => {
  test('GIVEN a ready self-managed server WHEN checked THEN every check passes and rds.logical_replication is not applicable', async () => {
    const findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(readyServer()));
    expect(findings).toEqual([
      { check: 'database', status: 'pass', detail: 'connected to LoanApplication' },
      {
        check: 'rds.logical_replication',
        status: 'n/a',
        detail: 'not applicable: this server has no rds.logical_replication setting (not RDS or Aurora), so wal_level is the check',
      },
      { check: 'wal_level', status: 'pass', detail: 'logical' },
      { check: 'max_replication_slots', status: 'pass', detail: '10, 0 used by other slots, this stack needs 1' },
      { check: 'max_wal_senders', status: 'pass', detail: '10, 0 in use, this stack needs 1' },
      { check: 'wal_sender_timeout', status: 'pass', detail: '60000 ms' },
      {
        check: 'replication slot dms_loanapp_dynamodb_dev',
        status: 'pass',
        detail: 'exists, logical, test_decoding, database LoanApplication',
      },
      { check: 'heartbeat schema dbo', status: 'pass', detail: 'exists' },
      { check: 'table dbo.IntegrationLogs', status: 'pass', detail: 'primary key (LogId)' },
      { check: 'table dbo.Payments', status: 'pass', detail: 'primary key (PaymentId)' },
    ]);
  });

  test('GIVEN Aurora with rds.logical_replication off WHEN checked THEN it and wal_level fail with the parameter-group fix', async () => {
    const state = readyServer();
    state.settings = { ...state.settings, 'rds.logical_replication': 'off', wal_level: 'replica', max_replication_slots: '1' };
    state.slots = [{ slot_name: 'other', slot_type: 'physical', plugin: '', database: '' }];
    const findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state));
    expect(failures(findings)).toEqual([
      {
        check: 'rds.logical_replication',
        status: 'fail',
        detail: 'off, must be 1 (on)',
        fix: 'set rds.logical_replication = 1 in the DB cluster (Aurora) or DB (RDS) parameter group, then reboot',
      },
      {
        check: 'wal_level',
        status: 'fail',
        detail: 'replica, must be logical',
        fix: 'follows rds.logical_replication = 1 after the reboot',
      },
      {
        check: 'max_replication_slots',
        status: 'fail',
        detail: '1, 1 used by other slots, this stack needs 1',
        fix: 'set max_replication_slots = 2 in the parameter group, then reboot',
      },
    ]);
    // A logical slot cannot exist before wal_level is logical: reported as not checked, not as a third failure.
    expect(findingOf(findings, 'replication slot dms_loanapp_dynamodb_dev')).toEqual({
      check: 'replication slot dms_loanapp_dynamodb_dev',
      status: 'skipped',
      detail: 'not checked: logical replication slots need wal_level = logical first',
    });
  });

  test('GIVEN Aurora with rds.logical_replication on WHEN checked THEN it passes', async () => {
    const state = readyServer();
    state.settings['rds.logical_replication'] = 'on';
    const findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state));
    expect(findingOf(findings, 'rds.logical_replication')).toEqual({ check: 'rds.logical_replication', status: 'pass', detail: 'on' });
    expect(failures(findings)).toEqual([]);
  });

  test('GIVEN slots and WAL senders used by others WHEN too few are left THEN both fail with the size to set', async () => {
    const state = readyServer();
    state.settings = { ...state.settings, max_replication_slots: '2', max_wal_senders: '3' };
    state.slots.push(...['a', 'b'].map((name) => ({ slot_name: name, slot_type: 'logical', plugin: 'pgoutput', database: 'other' })));
    state.walSenders = 3;
    const findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state));
    expect(failures(findings)).toEqual([
      {
        check: 'max_replication_slots',
        status: 'fail',
        detail: '2, 2 used by other slots, this stack needs 1',
        fix: 'ALTER SYSTEM SET max_replication_slots = 3; then restart PostgreSQL',
      },
      {
        check: 'max_wal_senders',
        status: 'fail',
        detail: '3, 3 in use, this stack needs 1',
        fix: 'ALTER SYSTEM SET max_wal_senders = 4; then restart PostgreSQL',
      },
    ]);
  });

  test.each([
    ['0', 'pass', '0 (no timeout), which DMS accepts'],
    ['10000', 'pass', '10000 ms'],
    ['9999', 'fail', '9999 ms: DMS fails below 10000 ms'],
    ['600000', 'pass', '600000 ms; above the recommended 300000 ms a Multi-AZ failover of the replication instance waits that long'],
  ])('GIVEN wal_sender_timeout %s WHEN checked THEN it is %s', async (timeout, status, detail) => {
    const state = readyServer();
    state.settings.wal_sender_timeout = timeout;
    const finding = findingOf(await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state)), 'wal_sender_timeout');
    expect(finding).toMatchObject({ status, detail });
    if (status === 'fail') expect(finding?.fix).toBe("ALTER SYSTEM SET wal_sender_timeout = '60s'; SELECT pg_reload_conf();");
  });

  test('GIVEN the named slot is missing, or exists for another plugin WHEN checked THEN it fails with the statement that creates it', async () => {
    const state = readyServer();
    state.slots = [];
    const missing = findingOf(
      await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state)),
      'replication slot dms_loanapp_dynamodb_dev',
    );
    expect(missing).toEqual({
      check: 'replication slot dms_loanapp_dynamodb_dev',
      status: 'fail',
      detail: 'does not exist; the source endpoint names it (source.cdc.slotName) and DMS fails the task without it',
      fix: "SELECT pg_create_logical_replication_slot('dms_loanapp_dynamodb_dev', 'test_decoding'); (prereqs/loanapp-dynamodb-dev.sql does this)",
    });
    state.slots = [{ slot_name: 'dms_loanapp_dynamodb_dev', slot_type: 'logical', plugin: 'pgoutput', database: 'LoanApplication' }];
    const wrong = findingOf(
      await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state)),
      'replication slot dms_loanapp_dynamodb_dev',
    );
    expect(wrong).toMatchObject({
      status: 'fail',
      detail: 'is a logical slot for plugin pgoutput in database LoanApplication, not logical for test_decoding in LoanApplication',
    });
    expect(wrong?.fix).toBe(
      "SELECT pg_drop_replication_slot('dms_loanapp_dynamodb_dev'); then SELECT pg_create_logical_replication_slot('dms_loanapp_dynamodb_dev', 'test_decoding'); (prereqs/loanapp-dynamodb-dev.sql does this)",
    );
  });

  test('GIVEN tables without a key, with another key, or missing WHEN checked THEN each fails on its own with its fix', async () => {
    const state = readyServer();
    state.tables = [{ schema: 'dbo', name: 'IntegrationLogs', primaryKey: ['LogId', 'LogTimestamp'] }];
    let findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state));
    expect(failures(findings)).toEqual([
      {
        check: 'table dbo.IntegrationLogs',
        status: 'fail',
        detail: 'primary key is (LogId, LogTimestamp), but source.tables[0].primaryKey says (LogId)',
        fix: "correct source.tables[0].primaryKey or the table's key",
      },
      {
        check: 'table dbo.Payments',
        status: 'fail',
        detail: 'does not exist, but the selection rules include it',
        fix: 'create it, or correct the table mappings or source.tables',
      },
    ]);
    state.tables = [
      { schema: 'dbo', name: 'IntegrationLogs', primaryKey: null },
      { schema: 'dbo', name: 'Payments', primaryKey: ['PaymentId'] },
    ];
    findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state));
    expect(failures(findings)).toEqual([
      {
        check: 'table dbo.IntegrationLogs',
        status: 'fail',
        detail:
          'has no primary key: DMS needs one to capture updates and deletes, and DynamoDB LoanApp-IntegrationLogs-dev is keyed from it',
        fix: 'ALTER TABLE dbo."IntegrationLogs" ADD PRIMARY KEY ("LogId");',
      },
    ]);
  });

  test('GIVEN the connection reaches another database WHEN checked THEN that fails and schemas and tables are not checked there', async () => {
    const state = readyServer();
    state.database = 'postgres';
    const findings = await postgresPreflight(pipelineOf(dynamodbConfig()), scripted(state));
    expect(findings[0]).toEqual({
      check: 'database',
      status: 'fail',
      detail: 'connected to postgres, but the source is database LoanApplication',
      fix: "connect to database LoanApplication (the connection string's path)",
    });
    expect(findings[findings.length - 1]).toEqual({
      check: 'schemas and tables',
      status: 'skipped',
      detail: 'not checked: connected to postgres, not LoanApplication',
    });
    expect(findings.map((f) => f.check)).not.toContain('table dbo.Payments');
  });

  test('GIVEN pglogical chosen but not preloaded nor installed WHEN checked THEN both fail, and the replication sets are checked once it is installed', async () => {
    const input = dynamodbConfig((p) => {
      p.source.cdc = { ...p.source.cdc, plugin: 'pglogical' };
    });
    const state = readyServer();
    state.slots[0].plugin = 'pglogical';
    let findings = await postgresPreflight(pipelineOf(input), scripted(state));
    expect(failures(findings)).toEqual([
      {
        check: 'shared_preload_libraries',
        status: 'fail',
        detail: '(empty), must include pglogical (source.cdc.plugin)',
        fix: "ALTER SYSTEM SET shared_preload_libraries = 'pglogical'; then restart PostgreSQL",
      },
      {
        check: 'pglogical extension',
        status: 'fail',
        detail: 'not installed',
        fix: 'CREATE EXTENSION pglogical; (prereqs/loanapp-dynamodb-dev.sql does this)',
      },
    ]);
    state.settings.shared_preload_libraries = 'pg_stat_statements, pglogical';
    state.extensions = ['pglogical'];
    state.replicationSets = ['dms_loanapp_dynamodb_dev'];
    findings = await postgresPreflight(pipelineOf(input), scripted(state));
    expect(failures(findings)).toEqual([
      {
        check: 'pglogical replication sets',
        status: 'fail',
        detail: 'missing: idms_loanapp_dynamodb_dev',
        fix: 'run prereqs/loanapp-dynamodb-dev.sql (it creates the node, the sets and their tables)',
      },
    ]);
  });

  test('GIVEN only full-load tasks WHEN checked THEN nothing is asked of the server', async () => {
    const input = dynamodbConfig((p) => {
      p.tasks[0].migrationType = 'full-load';
    });
    const findings = await postgresPreflight(pipelineOf(input), async (text) => {
      throw new Error(`unexpected statement: ${text}`);
    });
    expect(findings).toEqual([
      {
        check: 'change data capture',
        status: 'n/a',
        detail: 'no task of this stack captures changes (all are full-load): nothing to check',
      },
    ]);
  });

  test('GIVEN a SQL Server pipeline WHEN checked THEN it is refused, naming the stack', async () => {
    const run = postgresPreflight(pipelineOf(redshiftConfig()), scripted(readyServer()));
    await expect(run).rejects.toThrow(ValidationFailed);
    await expect(run).rejects.toThrow(
      'redshift-fed-prod: has a sqlserver source; preflight checks PostgreSQL sources (for SQL Server, prereqs/redshift-fed-prod.sql starts with the same checks)',
    );
  });

  test('GIVEN findings WHEN formatted THEN each is one line, a failure has its fix below, and the counts close', () => {
    expect(
      formatFindings([
        {
          check: 'wal_level',
          status: 'fail',
          detail: 'replica, must be logical',
          fix: "ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL",
        },
        { check: 'rds.logical_replication', status: 'n/a', detail: 'not applicable' },
        { check: 'slot', status: 'skipped', detail: 'not checked' },
        { check: 'table dbo.Payments', status: 'pass', detail: 'primary key (PaymentId)' },
      ]),
    ).toBe(
      [
        'FAIL  wal_level: replica, must be logical',
        "      fix: ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL",
        'N/A   rds.logical_replication: not applicable',
        'SKIP  slot: not checked',
        'PASS  table dbo.Payments: primary key (PaymentId)',
        '',
        '1 failed, 1 passed, 1 not applicable, 1 skipped.',
        '',
      ].join('\n'),
    );
  });
});

describe('npm run preflight', () => {
  const usage = 'dms preflight <stack> --pg <connection string> [--json]';

  test('GIVEN bad arguments WHEN run THEN each problem names its option and exit is 1, or 2 for a bad command line', () => {
    expect(preflight('loanapp-dynamodb-dev').stderr).toBe(`--pg: is required. usage: ${usage}\n\n1 problem found.\n`);
    expect(preflight('--pg', 'postgres://x@127.0.0.1/db').stderr).toBe(`name one stack. usage: ${usage}\n\n1 problem found.\n`);
    // A connection string node-postgres would read as a host name (and fail on DNS) is refused before connecting.
    for (const notUrl of ['base', 'host=db dbname=app', 'mysql://x@127.0.0.1/db']) {
      expect(preflight('loanapp-dynamodb-dev', '--pg', notUrl).stderr).toBe(
        '--pg: is not a connection URL (postgres://user@host:port/database)\n\n1 problem found.\n',
      );
    }
    const result = preflight('loanapp-dynamodb-dev', '--verbose', '--pg');
    expect(result.stderr).toBe(
      `--verbose: not a flag of dms preflight (dms preflight --help lists them)\n--pg: needs a value (connection string)\n\nUsage: ${usage}\n(--help for the flags)\n`,
    );
    expect(result.status).toBe(2);
  });

  test('GIVEN an unknown stack, or a SQL Server one WHEN run THEN it says so and exit is 1', () => {
    expect(preflight('loanapp', '--pg', 'postgres://x@127.0.0.1/db').stderr).toBe(
      'loanapp: is not a stack of the active config (known: redshift-fed-prod, loanapp-dynamodb-dev)\n\n1 problem found.\n',
    );
    const sqlServer = preflight('redshift-fed-prod', '--pg', 'postgres://x@127.0.0.1/db');
    expect(sqlServer.stderr).toBe(
      'redshift-fed-prod: has a sqlserver source; preflight checks PostgreSQL sources (for SQL Server, prereqs/redshift-fed-prod.sql starts with the same checks)\n\n1 problem found.\n',
    );
    expect(sqlServer.status).toBe(1);
  });

  test('GIVEN nothing listening WHEN run THEN the connection failure is reported without the connection string and exit is 1', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const result = preflight('loanapp-dynamodb-dev', '--pg', `postgres://dms:s3cret@127.0.0.1:${port}/LoanApplication`);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`--pg: cannot connect: connect ECONNREFUSED 127.0.0.1:${port}\n\n1 problem found.\n`);
    expect(result.stderr).not.toContain('s3cret');
    expect(result.stdout).toBe('');
  });
});
