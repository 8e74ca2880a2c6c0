/**
 * T-SQL that prepares a SQL Server source for DMS change data capture (AWS DMS user guide, "Using a Microsoft
 * SQL Server database as a source for AWS DMS": prerequisites for ongoing replication, MS-CDC on a
 * self-managed server, and on Amazon RDS). Runs in SSMS or `sqlcmd -b`; every step skips what is already in
 * place, and the checks stop the script before anything changes.
 */
import type { SqlServerSource } from '../requirements';
import { RDS_CAPTURE_POLLING_INTERVAL_SECONDS } from '../requirements';
import type { CdcSelection, NamePattern, ServerSidePattern, TableName } from '../selection';

/** `N'...'` with quotes doubled. */
export const tsqlString = (value: string): string => `N'${value.replace(/'/g, "''")}'`;
/** `[...]` with closing brackets doubled. */
export const tsqlIdentifier = (value: string): string => `[${value.replace(/]/g, ']]')}]`;
const qualified = (table: TableName): string => `${tsqlIdentifier(table.schema)}.${tsqlIdentifier(table.name)}`;

/**
 * A DMS pattern as a LIKE pattern. The syntax is shared (`%`, `_`, `[_]`, `[ab]`, `[a-d]`) except that LIKE
 * reads `[^...]` as a negated set where DMS reads `^` as a member: move it off the front of the set.
 */
export function likePattern(dmsPattern: string): string {
  return dmsPattern.replace(/\[\^([^\]]*)\]/g, (_, rest: string) => (rest === '' ? '^' : `[${rest}^]`));
}

/** DMS matches names case-sensitively; a binary collation makes LIKE do the same whatever the server's. */
const nameLike = (column: string, dmsPattern: string): string =>
  `${column} COLLATE Latin1_General_100_BIN2 LIKE ${tsqlString(likePattern(dmsPattern))}`;
const locatorLike = (pattern: NamePattern): string => `${nameLike('s.name', pattern.schema)} AND ${nameLike('t.name', pattern.table)}`;

export function sqlServerPrereqs(source: SqlServerSource, selection: CdcSelection): string {
  const db = source.databaseName;
  const sections = [
    `USE ${tsqlIdentifier(db)};\nGO`,
    checks(source),
    enableDatabase(source),
    enableTables(source, selection),
    ...(source.rds ? [captureJob()] : []),
    [
      '-- Back to normal execution (a failed check above set NOEXEC ON).',
      'SET NOEXEC OFF;',
      'GO',
      '',
      '-- To verify:',
      `--   SELECT name, is_cdc_enabled FROM sys.databases WHERE name = ${tsqlString(db)};`,
      '--   EXEC sys.sp_cdc_help_change_data_capture;',
    ].join('\n'),
  ];
  return `${sections.join('\n\n')}\n`;
}

function checks(source: SqlServerSource): string {
  const db = source.databaseName;
  const lines = [
    source.rds
      ? '-- 1. Checks. Nothing after this batch runs unless they pass. (RDS runs SQL Server Agent itself and keeps\n--    FULL recovery while automated backups are on: keep the backup retention period at 1 day or more.)'
      : '-- 1. Checks. Nothing after this batch runs unless they pass: the recovery model (FULL or BULK_LOGGED) and a\n--    full backup, which DMS needs to read changes from the log, and SQL Server Agent, which runs the CDC capture\n--    and cleanup jobs.',
    "DECLARE @problems nvarchar(2000) = N'';",
    `IF NOT EXISTS (SELECT 1 FROM sys.databases WHERE name = ${tsqlString(db)} AND recovery_model_desc IN (N'FULL', N'BULK_LOGGED'))`,
    `  SET @problems += NCHAR(10) + ${tsqlString(`- the recovery model of ${db} is `)} + ISNULL((SELECT recovery_model_desc FROM sys.databases WHERE name = ${tsqlString(db)}), N'unknown')`,
    `    + ${tsqlString(`, must be FULL or BULK_LOGGED: ALTER DATABASE ${tsqlIdentifier(db)} SET RECOVERY FULL; then take a full backup`)};`,
  ];
  if (!source.rds) {
    lines.push(
      `IF NOT EXISTS (SELECT 1 FROM msdb.dbo.backupset WHERE database_name = ${tsqlString(db)} AND type = 'D')`,
      `  SET @problems += NCHAR(10) + ${tsqlString(`- ${db} has no full backup: take one (BACKUP DATABASE ${tsqlIdentifier(db)} TO DISK = ...) before the task starts`)};`,
      "IF NOT EXISTS (SELECT 1 FROM sys.dm_server_services WHERE servicename LIKE N'SQL Server Agent%' AND status_desc = N'Running')",
      "  SET @problems += NCHAR(10) + N'- SQL Server Agent is not running: start it and set its start mode to Automatic';",
    );
  }
  lines.push(
    "IF @problems <> N''",
    'BEGIN',
    "  RAISERROR(N'CDC prerequisites not met:%s', 16, 1, @problems);",
    '  -- Later batches are compiled but not run, so nothing is half-enabled.',
    '  SET NOEXEC ON;',
    'END;',
    'GO',
  );
  return lines.join('\n');
}

function enableDatabase(source: SqlServerSource): string {
  const db = source.databaseName;
  const enable = source.rds ? `EXEC msdb.dbo.rds_cdc_enable_db ${tsqlString(db)};` : 'EXEC sys.sp_cdc_enable_db;';
  const intro = source.rds
    ? "-- 2. CDC on the database. RDS grants no sysadmin, so it is enabled through RDS's procedure, as the master user."
    : `-- 2. CDC on the database. If this fails because the database owner cannot be impersonated (error 15517),\n--    give it a valid owner first: ALTER AUTHORIZATION ON DATABASE::${tsqlIdentifier(db)} TO [sa];`;
  return [
    intro,
    `IF EXISTS (SELECT 1 FROM sys.databases WHERE name = ${tsqlString(db)} AND is_cdc_enabled = 1)`,
    'BEGIN',
    `  PRINT ${tsqlString(`${db}: CDC already enabled`)};`,
    'END',
    'ELSE',
    'BEGIN',
    `  ${enable}`,
    'END;',
    'GO',
  ].join('\n');
}

function enableTables(source: SqlServerSource, selection: CdcSelection): string {
  const { tables, patterns } = selection;
  const count = tables.length === 1 ? '1 table' : `${tables.length} tables`;
  const lines = [
    `-- 3. CDC on each table the CDC tasks' selection rules include (${patterns.length === 0 ? count : `${count} by name, and the pattern matches below`}).`,
    '--    @role_name NULL: no gating role, as in the DMS guide. Net changes need a primary key, so they are asked',
    '--    for only where the table has one.',
  ];
  if (!source.rds) {
    lines.push(
      '--    (With a sysadmin endpoint user and distribution configured, DMS also uses MS-Replication for tables with',
      '--    primary keys; MS-CDC on every table, as here, works without either.)',
    );
  }
  lines.push('DECLARE @has_primary_key bit;');
  for (const table of tables) lines.push('', ...enableTable(source, table));
  if (patterns.length > 0) lines.push('', ...enableMatchingTables(patterns));
  if (tables.length === 0 && patterns.length === 0) lines.push('-- The selection rules include no tables.');
  lines.push('GO');
  return lines.join('\n');
}

function enableTable(source: SqlServerSource, table: TableName): string[] {
  const name = qualified(table);
  const objectId = `OBJECT_ID(${tsqlString(name)})`;
  return [
    `-- ${table.schema}.${table.name}`,
    `IF OBJECT_ID(${tsqlString(name)}, N'U') IS NULL`,
    'BEGIN',
    // RAISERROR reads % in its message as a format specification.
    `  RAISERROR(${tsqlString(`${name} does not exist in ${source.databaseName}, but the selection rules include it`.replace(/%/g, '%%'))}, 16, 1);`,
    'END',
    `ELSE IF EXISTS (SELECT 1 FROM sys.tables WHERE object_id = ${objectId} AND is_tracked_by_cdc = 1)`,
    'BEGIN',
    `  PRINT ${tsqlString(`${name}: CDC already enabled`)};`,
    'END',
    'ELSE',
    'BEGIN',
    `  SET @has_primary_key = CAST(OBJECTPROPERTY(${objectId}, 'TableHasPrimaryKey') AS bit);`,
    `  EXEC sys.sp_cdc_enable_table @source_schema = ${tsqlString(table.schema)}, @source_name = ${tsqlString(table.name)}, @role_name = NULL, @supports_net_changes = @has_primary_key;`,
    'END;',
  ];
}

/** Wildcard rules the config could not expand (no `source.tables`): matched on the server, as DMS will. */
function enableMatchingTables(patterns: ServerSidePattern[]): string[] {
  const conditions = patterns.map((pattern) => {
    const excludes = pattern.excludes.map((exclude) => `\n       AND NOT (${locatorLike(exclude)})`).join('');
    return `(${locatorLike(pattern)}${excludes})`;
  });
  return [
    '-- Tables matched on the server (source.tables lists none to expand the patterns against):',
    ...patterns.map(
      (pattern) =>
        `--   ${pattern.schema}.${pattern.table} from ${pattern.origin}${pattern.excludes.length > 0 ? `, less ${pattern.excludes.map((e) => `${e.schema}.${e.table}`).join(', ')}` : ''}`,
    ),
    'DECLARE @schema sysname, @table sysname;',
    'DECLARE matched_tables CURSOR LOCAL FAST_FORWARD FOR',
    "  SELECT s.name, t.name, CAST(OBJECTPROPERTY(t.object_id, 'TableHasPrimaryKey') AS bit)",
    '  FROM sys.tables AS t JOIN sys.schemas AS s ON s.schema_id = t.schema_id',
    "  WHERE t.is_tracked_by_cdc = 0 AND t.is_ms_shipped = 0 AND s.name <> N'cdc'",
    `    AND (${conditions.join('\n      OR ')})`,
    '  ORDER BY s.name, t.name;',
    'OPEN matched_tables;',
    'FETCH NEXT FROM matched_tables INTO @schema, @table, @has_primary_key;',
    'WHILE @@FETCH_STATUS = 0',
    'BEGIN',
    "  PRINT N'Enabling CDC on ' + QUOTENAME(@schema) + N'.' + QUOTENAME(@table);",
    '  EXEC sys.sp_cdc_enable_table @source_schema = @schema, @source_name = @table, @role_name = NULL, @supports_net_changes = @has_primary_key;',
    '  FETCH NEXT FROM matched_tables INTO @schema, @table, @has_primary_key;',
    'END;',
    'CLOSE matched_tables;',
    'DEALLOCATE matched_tables;',
  ];
}

function captureJob(): string {
  const seconds = RDS_CAPTURE_POLLING_INTERVAL_SECONDS;
  return [
    `-- 4. RDS: the capture job polls once a day (${seconds} s), which keeps changes in the log that long for DMS (DMS guide,`,
    '--    "Setting up ongoing replication on a cloud SQL Server DB instance"). Some SQL Server builds reset values',
    '--    above 3599 to 5 s (Microsoft KB4459220): check with EXEC sys.sp_cdc_help_jobs afterwards. The job restarts to',
    '--    take the new value.',
    `EXEC sys.sp_cdc_change_job @job_type = N'capture', @pollinginterval = ${seconds};`,
    'BEGIN TRY',
    "  EXEC sys.sp_cdc_stop_job @job_type = N'capture';",
    'END TRY',
    'BEGIN CATCH',
    "  PRINT N'The capture job was not running.';",
    'END CATCH;',
    "EXEC sys.sp_cdc_start_job @job_type = N'capture';",
    '-- Multi-AZ instances: give the secondary the same value, for after a failover:',
    `--   EXEC rdsadmin.dbo.rds_set_configuration N'cdc_capture_pollinginterval', ${seconds};`,
    'GO',
  ].join('\n');
}
