/**
 * Checks a live PostgreSQL source against what DMS change data capture needs (the same requirements
 * prereqs/<stack>.sql checks and sets up), each as pass / fail with the fix. The database is reached only
 * through an injected query function, so the checks are tested without a server and the CLI owns the
 * connection.
 */
import type { ResolvedPipeline } from '../../../config/resolved';
import type { Finding, FindingStatus, Query } from '../findings';
import { sqlString } from '../../text';
import { addPrimaryKeyStatement, patternCondition, pgIdentifier } from './prereqs';
import type { PostgresSource } from '../requirements';
import {
  DECODING_PLUGIN,
  WAL_SENDER_TIMEOUT_MIN_MS,
  WAL_SENDER_TIMEOUT_RECOMMENDED_MAX_MS,
  pglogicalReplicationSets,
} from '../requirements';
import { type TableName, cdcSelection, tableKey } from '../selection';

/** What the target makes of a source table's primary key: `DynamoDB A, B` is keyed from it, or nothing. */
export type KeyedFrom = (table: string) => string | undefined;

const SETTINGS = [
  'wal_level',
  'max_replication_slots',
  'max_wal_senders',
  'wal_sender_timeout',
  'shared_preload_libraries',
  'rds.logical_replication',
];

export async function postgresPreflight(
  pipeline: ResolvedPipeline,
  source: PostgresSource,
  query: Query,
  keyedFrom: KeyedFrom,
): Promise<Finding[]> {
  const selection = cdcSelection(pipeline);
  const findings: Finding[] = [];
  if (selection.cdcTasks.length === 0) {
    return [
      {
        check: 'change data capture',
        status: 'n/a',
        detail: 'no task of this stack captures changes (all are full-load): nothing to check',
      },
    ];
  }
  const add = (check: string, status: FindingStatus, detail: string, fix?: string) =>
    findings.push({ check, status, detail, ...(fix ? { fix } : {}) });

  const [{ database }] = await query('SELECT current_database() AS database');
  const rightDatabase = database === source.databaseName;
  if (rightDatabase) add('database', 'pass', `connected to ${source.databaseName}`);
  else
    add(
      'database',
      'fail',
      `connected to ${String(database)}, but the source is database ${source.databaseName}`,
      `connect to database ${source.databaseName} (the connection string's path)`,
    );

  const settings = new Map(
    (await query('SELECT name, setting FROM pg_settings WHERE name = ANY ($1)', [SETTINGS])).map((row) => [
      String(row.name),
      String(row.setting),
    ]),
  );
  const setting = (name: string) => settings.get(name) ?? '';
  const rds = settings.has('rds.logical_replication');
  // RDS and Aurora take parameters from their parameter group only; these are read at server start.
  const setAtStart = (name: string, value: string) =>
    rds ? `set ${name} = ${value} in the parameter group, then reboot` : `ALTER SYSTEM SET ${name} = ${value}; then restart PostgreSQL`;

  if (!rds) {
    add(
      'rds.logical_replication',
      'n/a',
      'not applicable: this server has no rds.logical_replication setting (not RDS or Aurora), so wal_level is the check',
    );
  } else if (setting('rds.logical_replication') === 'on') {
    add('rds.logical_replication', 'pass', 'on');
  } else {
    add(
      'rds.logical_replication',
      'fail',
      `${setting('rds.logical_replication')}, must be 1 (on)`,
      'set rds.logical_replication = 1 in the DB cluster (Aurora) or DB (RDS) parameter group, then reboot',
    );
  }

  const logical = setting('wal_level') === 'logical';
  if (logical) add('wal_level', 'pass', 'logical');
  else
    add(
      'wal_level',
      'fail',
      `${setting('wal_level')}, must be logical`,
      rds ? 'follows rds.logical_replication = 1 after the reboot' : "ALTER SYSTEM SET wal_level = 'logical'; then restart PostgreSQL",
    );

  // One slot and one WAL sender per CDC task; the named slot, once created, is this stack's own.
  const needed = Math.max(selection.cdcTasks.length, 1);
  const [{ count: otherSlots }] = await query(
    'SELECT count(*)::int AS count FROM pg_replication_slots WHERE slot_name IS DISTINCT FROM $1',
    [source.cdc.slotName ?? null],
  );
  const maxSlots = Number(setting('max_replication_slots'));
  const slotsDetail = `${maxSlots}, ${Number(otherSlots)} used by other slots, this stack needs ${needed}`;
  if (maxSlots - Number(otherSlots) >= needed) add('max_replication_slots', 'pass', slotsDetail);
  else add('max_replication_slots', 'fail', slotsDetail, setAtStart('max_replication_slots', String(Number(otherSlots) + needed)));

  const [{ count: sendersInUse }] = await query('SELECT count(*)::int AS count FROM pg_stat_replication');
  const maxSenders = Number(setting('max_wal_senders'));
  const sendersDetail = `${maxSenders}, ${Number(sendersInUse)} in use, this stack needs ${needed}`;
  if (maxSenders - Number(sendersInUse) >= needed) add('max_wal_senders', 'pass', sendersDetail);
  else add('max_wal_senders', 'fail', sendersDetail, setAtStart('max_wal_senders', String(Number(sendersInUse) + needed)));

  const timeout = Number(setting('wal_sender_timeout'));
  if (timeout === 0) add('wal_sender_timeout', 'pass', '0 (no timeout), which DMS accepts');
  else if (timeout < WAL_SENDER_TIMEOUT_MIN_MS)
    add(
      'wal_sender_timeout',
      'fail',
      `${timeout} ms: DMS fails below ${WAL_SENDER_TIMEOUT_MIN_MS} ms`,
      rds
        ? 'set wal_sender_timeout = 60000 in the parameter group'
        : "ALTER SYSTEM SET wal_sender_timeout = '60s'; SELECT pg_reload_conf();",
    );
  else if (timeout > WAL_SENDER_TIMEOUT_RECOMMENDED_MAX_MS)
    add(
      'wal_sender_timeout',
      'pass',
      `${timeout} ms; above the recommended ${WAL_SENDER_TIMEOUT_RECOMMENDED_MAX_MS} ms a Multi-AZ failover of the replication instance waits that long`,
    );
  else add('wal_sender_timeout', 'pass', `${timeout} ms`);

  let pglogicalInstalled = false;
  if (source.cdc.plugin === 'pglogical') {
    const preloaded = setting('shared_preload_libraries')
      .split(',')
      .map((library) => library.trim())
      .includes('pglogical');
    if (preloaded) add('shared_preload_libraries', 'pass', 'includes pglogical');
    else
      add(
        'shared_preload_libraries',
        'fail',
        `${setting('shared_preload_libraries') || '(empty)'}, must include pglogical (source.cdc.plugin)`,
        setAtStart(
          'shared_preload_libraries',
          sqlString(
            [
              ...setting('shared_preload_libraries')
                .split(',')
                .map((l) => l.trim())
                .filter(Boolean),
              'pglogical',
            ].join(','),
          ),
        ),
      );
    pglogicalInstalled = (await query("SELECT 1 FROM pg_extension WHERE extname = 'pglogical'")).length > 0;
    if (pglogicalInstalled) add('pglogical extension', 'pass', 'installed');
    else add('pglogical extension', 'fail', 'not installed', `CREATE EXTENSION pglogical; (prereqs/${pipeline.name}.sql does this)`);
  }

  if (source.cdc.slotName) await checkSlot(pipeline, source, source.cdc.slotName, { logical, pglogicalInstalled }, query, add);

  if (!rightDatabase) {
    add('schemas and tables', 'skipped', `not checked: connected to ${String(database)}, not ${source.databaseName}`);
    return findings;
  }
  if (source.cdc.heartbeat.enabled) {
    const schema = source.cdc.heartbeat.schema;
    const exists = (await query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).length > 0;
    if (exists) add(`heartbeat schema ${schema}`, 'pass', 'exists');
    else
      add(
        `heartbeat schema ${schema}`,
        'fail',
        'does not exist; DMS writes its heartbeat table (awsdms_heartbeat) there',
        `CREATE SCHEMA ${pgIdentifier(schema)}; or change source.cdc.heartbeat.schema`,
      );
  }

  for (const table of selection.tables) {
    const [found] = await query(`${TABLE_QUERY} AND n.nspname = $1 AND c.relname = $2`, [table.schema, table.name]);
    if (!found)
      add(
        `table ${table.schema}.${table.name}`,
        'fail',
        'does not exist, but the selection rules include it',
        'create it, or correct the table mappings or source.tables',
      );
    else checkPrimaryKey(source, table, found.primary_key as string[] | null, keyedFrom, add);
  }
  for (const pattern of selection.patterns) {
    const matched = await query(`${TABLE_QUERY} AND ${patternCondition(pattern)} ORDER BY n.nspname, c.relname`);
    if (matched.length === 0)
      add(
        `tables ${pattern.schema}.${pattern.table}`,
        'fail',
        `no table matches (${pattern.origin})`,
        'create the tables, or correct the table mappings',
      );
    for (const row of matched)
      checkPrimaryKey(
        source,
        { schema: String(row.schema_name), name: String(row.table_name) },
        row.primary_key as string[] | null,
        keyedFrom,
        add,
      );
  }
  return findings;
}

/** Tables and partitioned tables with their primary key columns, in key order (null without a key). */
const TABLE_QUERY = `SELECT n.nspname AS schema_name, c.relname AS table_name,
  (SELECT array_agg(a.attname::text ORDER BY array_position(k.conkey, a.attnum))
     FROM pg_constraint AS k JOIN pg_attribute AS a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
    WHERE k.conrelid = c.oid AND k.contype = 'p') AS primary_key
FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p')`;

function checkPrimaryKey(
  source: PostgresSource,
  table: TableName,
  primaryKey: string[] | null,
  keyedFrom: KeyedFrom,
  add: (check: string, status: FindingStatus, detail: string, fix?: string) => void,
) {
  const check = `table ${table.schema}.${table.name}`;
  const declaredIndex = source.tables.findIndex((t) => tableKey(t) === tableKey(table));
  const declared = declaredIndex >= 0 ? source.tables[declaredIndex] : undefined;
  const keyed = keyedFrom(tableKey(table));
  const dynamo = keyed ? `, and ${keyed} is keyed from it` : '';
  if (!primaryKey || primaryKey.length === 0) {
    add(
      check,
      'fail',
      `has no primary key: DMS needs one to capture updates and deletes${dynamo}`,
      addPrimaryKeyStatement(table, declared),
    );
  } else if (declared?.primaryKey && declared.primaryKey.join(',') !== primaryKey.join(',')) {
    add(
      check,
      'fail',
      `primary key is (${primaryKey.join(', ')}), but source.tables[${declaredIndex}].primaryKey says (${declared.primaryKey.join(', ')})`,
      `correct source.tables[${declaredIndex}].primaryKey or the table's key`,
    );
  } else {
    add(check, 'pass', `primary key (${primaryKey.join(', ')})`);
  }
}

async function checkSlot(
  pipeline: ResolvedPipeline,
  source: PostgresSource,
  slot: string,
  state: { logical: boolean; pglogicalInstalled: boolean },
  query: Query,
  add: (check: string, status: FindingStatus, detail: string, fix?: string) => void,
) {
  const check = `replication slot ${slot}`;
  const plugin = DECODING_PLUGIN[source.cdc.plugin];
  const create = `SELECT pg_create_logical_replication_slot(${sqlString(slot)}, ${sqlString(plugin)}); (prereqs/${pipeline.name}.sql does this)`;
  // A logical slot cannot exist, or be created, until wal_level is logical: that failure is reported above.
  if (!state.logical) {
    add(check, 'skipped', 'not checked: logical replication slots need wal_level = logical first');
    return;
  }
  const [existing] = await query('SELECT slot_type, plugin, database FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  if (!existing) {
    add(check, 'fail', 'does not exist; the source endpoint names it (source.cdc.slotName) and DMS fails the task without it', create);
  } else if (existing.slot_type !== 'logical' || existing.plugin !== plugin || existing.database !== source.databaseName) {
    add(
      check,
      'fail',
      `is a ${String(existing.slot_type)} slot for plugin ${String(existing.plugin)} in database ${String(existing.database)}, not logical for ${plugin} in ${source.databaseName}`,
      `SELECT pg_drop_replication_slot(${sqlString(slot)}); then ${create}`,
    );
  } else {
    add(check, 'pass', `exists, logical, ${plugin}, database ${source.databaseName}`);
  }
  if (source.cdc.plugin === 'pglogical' && state.pglogicalInstalled) {
    const sets = pglogicalReplicationSets(slot);
    const present = new Set(
      (await query('SELECT set_name FROM pglogical.replication_set WHERE set_name = ANY ($1)', [sets])).map((row) => String(row.set_name)),
    );
    const missing = sets.filter((set) => !present.has(set));
    if (missing.length === 0) add('pglogical replication sets', 'pass', `${sets.join(', ')} exist`);
    else
      add(
        'pglogical replication sets',
        'fail',
        `missing: ${missing.join(', ')}`,
        `run prereqs/${pipeline.name}.sql (it creates the node, the sets and their tables)`,
      );
  }
}
