/**
 * SQL that prepares a PostgreSQL (RDS, Aurora or self-managed) source for DMS change data capture through
 * logical decoding (AWS DMS user guide, "Using a PostgreSQL database as an AWS DMS source"). Plain SQL without
 * psql meta-commands; each statement is its own transaction under psql's autocommit, which slot creation needs.
 * Safe to re-run: the checks only read, and each change skips what exists.
 */
import type { SourceTableSpec } from '../../../config/schema';
import { wildcardRegexSource } from '../../../mappings/wildcards';
import type { PostgresSource } from '../requirements';
import {
  DECODING_PLUGIN,
  WAL_SENDER_TIMEOUT_MIN_MS,
  WAL_SENDER_TIMEOUT_RECOMMENDED_MAX_MS,
  pglogicalReplicationSets,
} from '../requirements';
import type { CdcSelection, NamePattern, ServerSidePattern, TableName } from '../selection';
import { tableKey } from '../selection';
import { sqlString } from '../../text';

/** An identifier as PostgreSQL prints it: bare when it is lowercase and plain, quoted otherwise. */
export const pgIdentifier = (value: string): string => (/^[a-z_][a-z0-9_$]*$/.test(value) ? value : `"${value.replace(/"/g, '""')}"`);
const pgQualified = (table: TableName): string => `${pgIdentifier(table.schema)}.${pgIdentifier(table.name)}`;

/** A PL/pgSQL statement appending one line to the checks' `problems`. */
const addProblem = (textExpression: string): string => `problems := problems || E'\\n- ' || ${textExpression};`;

const locatorMatch = (pattern: NamePattern): string =>
  `n.nspname ~ ${sqlString(wildcardRegexSource(pattern.schema))} AND c.relname ~ ${sqlString(wildcardRegexSource(pattern.table))}`;

/** `(n.nspname ~ ... AND c.relname ~ ... AND NOT (...))`, one pattern with its task's excludes. */
export function patternCondition(pattern: ServerSidePattern): string {
  const excludes = pattern.excludes.map((exclude) => ` AND NOT (${locatorMatch(exclude)})`).join('');
  return `(${locatorMatch(pattern)}${excludes})`;
}

/** `ALTER TABLE ... ADD PRIMARY KEY (...)` with the config's key, or a placeholder to fill in. */
export function addPrimaryKeyStatement(table: TableName, declared: SourceTableSpec | undefined): string {
  const columns = declared?.primaryKey ? declared.primaryKey.map(pgIdentifier).join(', ') : '<key columns>';
  return `ALTER TABLE ${pgQualified(table)} ADD PRIMARY KEY (${columns});`;
}

/** What the servers of an engine can be: Aurora is always managed; `postgres` may be RDS or self-managed. */
export interface PostgresServers {
  selfManaged: boolean;
}

export function postgresPrereqs(source: PostgresSource, selection: CdcSelection, servers: PostgresServers): string {
  const sections = [checks(source, selection, servers)];
  // Steps are numbered as they appear; the optional ones shift the rest.
  const step = () => `${sections.length + 1}.`;
  if (source.cdc.plugin === 'pglogical') {
    sections.push(
      `-- ${step()} The pglogical extension (source.cdc.plugin), once the library is preloaded (checked above).\nCREATE EXTENSION IF NOT EXISTS pglogical;`,
    );
  }
  if (source.cdc.slotName) sections.push(replicationSlot(step(), source, source.cdc.slotName));
  if (source.cdc.slotName && source.cdc.plugin === 'pglogical')
    sections.push(pglogicalReplicationSetsSql(step(), source, source.cdc.slotName, selection));
  sections.push(
    [
      '-- To verify:',
      "--   SELECT name, setting FROM pg_settings WHERE name IN ('wal_level', 'max_replication_slots', 'max_wal_senders', 'wal_sender_timeout');",
      '--   SELECT slot_name, plugin, database, active FROM pg_replication_slots;',
    ].join('\n'),
  );
  return `${sections.join('\n\n')}\n`;
}

/** Which server: RDS and Aurora set logical replication through a parameter group, others through ALTER SYSTEM. */
function parameterFixes(servers: PostgresServers, slotsNeeded: number): string[] {
  const rds = [
    '--    Aurora / RDS: in the DB cluster (Aurora) or DB (RDS) parameter group set rds.logical_replication = 1 and',
    '--    reboot; it sets wal_level = logical and sizes max_replication_slots and max_wal_senders.',
  ];
  const selfManaged = [
    "--    Self-managed: ALTER SYSTEM SET wal_level = 'logical'; and, if short, max_replication_slots and",
    '--    max_wal_senders; then restart PostgreSQL (all three are read at server start only).',
  ];
  const plural = slotsNeeded === 1 ? '' : 's';
  return [
    ...(servers.selfManaged ? [...rds, ...selfManaged] : rds),
    `--    This stack needs ${slotsNeeded} free replication slot${plural} and ${slotsNeeded} WAL sender${plural} (one per CDC task); wal_sender_timeout`,
    `--    must be 0 or at least ${WAL_SENDER_TIMEOUT_MIN_MS} ms (DMS fails below that), and at most ${WAL_SENDER_TIMEOUT_RECOMMENDED_MAX_MS} ms is recommended`,
    '--    (longer delays a Multi-AZ failover of the replication instance).',
  ];
}

function checks(source: PostgresSource, selection: CdcSelection, servers: PostgresServers): string {
  const slotsNeeded = Math.max(selection.cdcTasks.length, 1);
  const slot = source.cdc.slotName;
  const lines = [
    '-- 1. Checks: server parameters, the decoding plugin, and a primary key on every mapped table (DMS applies',
    '--    updates and deletes by key, and without one the WAL has no old key; DynamoDB items are keyed from it too).',
    '--    They only read, and stop the script with every problem listed. Parameters cannot be set from SQL on RDS or',
    '--    Aurora:',
    ...parameterFixes(servers, slotsNeeded),
    'DO $prereqs$',
    'DECLARE',
    "  problems text := '';",
    `  slots_needed constant int := ${slotsNeeded};`,
    `  slots_used_by_others constant int := (SELECT count(*) FROM pg_replication_slots${slot ? ` WHERE slot_name <> ${sqlString(slot)}` : ''});`,
    '  senders_in_use constant int := (SELECT count(*) FROM pg_stat_replication);',
    "  sender_timeout constant int := (SELECT setting::int FROM pg_settings WHERE name = 'wal_sender_timeout');",
    'BEGIN',
    "  IF current_setting('rds.logical_replication', true) IS NOT NULL AND current_setting('rds.logical_replication', true) <> 'on' THEN",
    "    problems := problems || E'\\n- rds.logical_replication is off: set it to 1 in the parameter group and reboot';",
    '  END IF;',
    "  IF current_setting('wal_level') <> 'logical' THEN",
    "    problems := problems || E'\\n- wal_level is ' || current_setting('wal_level') || ', must be logical';",
    '  END IF;',
    "  IF current_setting('max_replication_slots')::int - slots_used_by_others < slots_needed THEN",
    "    problems := problems || E'\\n- max_replication_slots is ' || current_setting('max_replication_slots') || ' with '",
    "      || slots_used_by_others || ' in use by others; this stack needs ' || slots_needed || ' more';",
    '  END IF;',
    "  IF current_setting('max_wal_senders')::int - senders_in_use < slots_needed THEN",
    "    problems := problems || E'\\n- max_wal_senders is ' || current_setting('max_wal_senders') || ' with '",
    "      || senders_in_use || ' in use; this stack needs ' || slots_needed || ' more';",
    '  END IF;',
    `  IF sender_timeout BETWEEN 1 AND ${WAL_SENDER_TIMEOUT_MIN_MS - 1} THEN`,
    `    problems := problems || E'\\n- wal_sender_timeout is ' || sender_timeout || ' ms, must be 0 or at least ${WAL_SENDER_TIMEOUT_MIN_MS} ms';`,
    '  END IF;',
  ];
  if (source.cdc.plugin === 'pglogical') {
    lines.push(
      "  IF NOT 'pglogical' = ANY (string_to_array(replace(current_setting('shared_preload_libraries'), ' ', ''), ',')) THEN",
      "    problems := problems || E'\\n- shared_preload_libraries lacks pglogical: add it (parameter group, or ALTER SYSTEM) and restart';",
      '  END IF;',
    );
  }
  if (source.cdc.heartbeat.enabled) {
    const schema = source.cdc.heartbeat.schema;
    lines.push(
      `  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${sqlString(schema)}) THEN`,
      `    ${addProblem(sqlString(`schema ${pgIdentifier(schema)} does not exist; DMS writes its heartbeat table (awsdms_heartbeat) there (source.cdc.heartbeat.schema)`))}`,
      '  END IF;',
    );
  }
  lines.push(...primaryKeyChecks(source, selection));
  lines.push("  IF problems <> '' THEN", "    RAISE EXCEPTION 'CDC prerequisites not met:%', problems;", '  END IF;', 'END', '$prereqs$;');
  return lines.join('\n');
}

function primaryKeyChecks(source: PostgresSource, selection: CdcSelection): string[] {
  const declared = new Map(source.tables.map((table) => [tableKey(table), table]));
  const hasPrimaryKey = "EXISTS (SELECT 1 FROM pg_constraint AS k WHERE k.conrelid = c.oid AND k.contype = 'p')";
  const lines: string[] = [];
  if (selection.tables.length > 0) {
    const rows = selection.tables.map(
      (table) =>
        `(${sqlString(table.schema)}, ${sqlString(table.name)}, ${sqlString(addPrimaryKeyStatement(table, declared.get(tableKey(table))))})`,
    );
    lines.push(
      `  -- The mapped tables: ${selection.tables.map((table) => `${table.schema}.${table.name}`).join(', ')}.`,
      "  problems := problems || coalesce((SELECT string_agg(E'\\n- ' || format('%I.%I', m.schema_name, m.table_name)",
      "      || CASE WHEN c.oid IS NULL THEN ' does not exist, but the selection rules include it' ELSE ' has no primary key: ' || m.fix END, '' ORDER BY m.schema_name, m.table_name)",
      `    FROM (VALUES ${rows.join(',\n                 ')}) AS m(schema_name, table_name, fix)`,
      '    LEFT JOIN pg_namespace AS n ON n.nspname = m.schema_name',
      "    LEFT JOIN pg_class AS c ON c.relnamespace = n.oid AND c.relname = m.table_name AND c.relkind IN ('r', 'p')",
      `    WHERE c.oid IS NULL OR NOT ${hasPrimaryKey}), '');`,
    );
  }
  for (const pattern of selection.patterns) {
    lines.push(
      `  -- ${pattern.schema}.${pattern.table} from ${pattern.origin}, matched here as source.tables lists no tables.`,
      `  IF NOT EXISTS (SELECT 1 FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND ${patternCondition(pattern)}) THEN`,
      `    ${addProblem(sqlString(`no table matches ${pattern.schema}.${pattern.table} (${pattern.origin})`))}`,
      '  END IF;',
      "  problems := problems || coalesce((SELECT string_agg(E'\\n- ' || format('%I.%I', n.nspname, c.relname) || ' has no primary key', '' ORDER BY n.nspname, c.relname)",
      '    FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace',
      `    WHERE c.relkind IN ('r', 'p') AND ${patternCondition(pattern)} AND NOT ${hasPrimaryKey}), '');`,
    );
  }
  return lines;
}

function replicationSlot(step: string, source: PostgresSource, slot: string): string {
  const plugin = DECODING_PLUGIN[source.cdc.plugin];
  return [
    `-- ${step} The replication slot the source endpoint names (source.cdc.slotName). DMS uses an existing slot and fails the`,
    '--    task if it is missing (DMS guide, PostgreSQL source, "Using native CDC start points"). From now on the slot',
    '--    keeps WAL until DMS reads it: watch free storage, and drop the slot if the task is retired:',
    `--    SELECT pg_drop_replication_slot(${sqlString(slot)});`,
    'DO $prereqs$',
    'DECLARE',
    '  existing pg_replication_slots%ROWTYPE;',
    'BEGIN',
    `  SELECT * INTO existing FROM pg_replication_slots WHERE slot_name = ${sqlString(slot)};`,
    '  IF NOT FOUND THEN',
    `    PERFORM pg_create_logical_replication_slot(${sqlString(slot)}, ${sqlString(plugin)});`,
    `  ELSIF existing.plugin IS DISTINCT FROM ${sqlString(plugin)} OR existing.database IS DISTINCT FROM current_database() THEN`,
    `    RAISE EXCEPTION 'replication slot ${slot} exists for plugin % in database %, not ${plugin} in %: drop it and run this again',`,
    '      existing.plugin, existing.database, current_database();',
    '  ELSE',
    `    RAISE NOTICE 'replication slot ${slot} already exists';`,
    '  END IF;',
    'END',
    '$prereqs$;',
  ].join('\n');
}

/** pglogical with a named slot: a node and the two replication sets, with the mapped tables (DMS guide). */
function pglogicalReplicationSetsSql(step: string, source: PostgresSource, slot: string, selection: CdcSelection): string {
  const [changes, inserts] = pglogicalReplicationSets(slot);
  const mapped = [
    ...(selection.tables.length > 0
      ? [
          `SELECT format('%I.%I', m.schema_name, m.table_name)::regclass FROM (VALUES ${selection.tables.map((t) => `(${sqlString(t.schema)}, ${sqlString(t.name)})`).join(', ')}) AS m(schema_name, table_name)`,
        ]
      : []),
    ...selection.patterns.map(
      (pattern) =>
        `SELECT c.oid::regclass FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND ${patternCondition(pattern)}`,
    ),
  ];
  const dsn = `host=${source.serverName} port=${source.port} dbname=${source.databaseName}`;
  return [
    `-- ${step} pglogical with a named slot: a node, and the replication sets ${changes} (updates, deletes) and ${inserts} (inserts,`,
    '--    truncates) holding the mapped tables (DMS guide, PostgreSQL source, "Using native CDC start points").',
    'DO $prereqs$',
    'BEGIN',
    '  IF NOT EXISTS (SELECT 1 FROM pglogical.local_node) THEN',
    `    PERFORM pglogical.create_node(node_name := ${sqlString(slot)}, dsn := ${sqlString(dsn)});`,
    '  END IF;',
    `  IF NOT EXISTS (SELECT 1 FROM pglogical.replication_set WHERE set_name = ${sqlString(changes)}) THEN`,
    `    PERFORM pglogical.create_replication_set(${sqlString(changes)}, false, true, true, false);`,
    '  END IF;',
    `  IF NOT EXISTS (SELECT 1 FROM pglogical.replication_set WHERE set_name = ${sqlString(inserts)}) THEN`,
    `    PERFORM pglogical.create_replication_set(${sqlString(inserts)}, true, false, false, true);`,
    '  END IF;',
    ...(mapped.length === 0
      ? []
      : [
          '  PERFORM pglogical.replication_set_add_table(s.set_name, t.relation, true)',
          `  FROM (VALUES (${sqlString(changes)}), (${sqlString(inserts)})) AS s(set_name)`,
          `  CROSS JOIN (${mapped.join('\n              UNION ')}) AS t(relation)`,
          '  WHERE NOT EXISTS (SELECT 1 FROM pglogical.replication_set_table AS r JOIN pglogical.replication_set AS rs ON rs.set_id = r.set_id',
          '                    WHERE rs.set_name = s.set_name AND r.set_reloid = t.relation);',
        ]),
    'END',
    '$prereqs$;',
  ].join('\n');
}
