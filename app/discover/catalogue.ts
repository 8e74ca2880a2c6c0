/**
 * Reading a source catalogue into a discovered-tables document (config/discovered.ts): one row per column from
 * PostgreSQL (pg_catalog, read live with node-postgres) or SQL Server (the DBA runs `sqlServerCatalogueQuery`
 * and hands back its JSON or CSV), then only the tables the pipeline's selection rules select, wildcards
 * resolved against the catalogue with DMS semantics (mappings/transform-preview.ts).
 */
import { Client } from 'pg';
import { parseJson } from '../../core/json-text';
import type { Discovered, DiscoveredTable } from '../../config/discovered';
import { CATALOGUE_OF_SOURCE, type ColumnType } from '../../config/schema';
import type { ResolvedPipeline } from '../../config/resolved';
import type { SelectionRule } from '../../mappings/rules/types';
import { selectedTables } from '../../mappings/transform-preview';
import { likePattern, tsqlString } from '../../engines/sources/sqlserver/prereqs';

/** One column of one table, as both catalogue queries return it. */
export interface CatalogueRow {
  table_schema: string;
  table_name: string;
  column_name: string;
  data_type: string;
  is_nullable: boolean;
  ordinal_position: number;
  /** Position of the column in the primary key (1-based), or null. */
  primary_key_position: number | null;
  row_estimate: number | null;
}

const POSTGRES_TYPES: Record<string, ColumnType> = {
  smallint: 'smallint',
  integer: 'int',
  bigint: 'bigint',
  numeric: 'decimal',
  real: 'real',
  'double precision': 'double',
  boolean: 'boolean',
  'character varying': 'string',
  character: 'string',
  text: 'string',
  citext: 'string',
  name: 'string',
  uuid: 'uuid',
  date: 'date',
  'time without time zone': 'time',
  'time with time zone': 'time',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamp',
  json: 'json',
  jsonb: 'json',
  bytea: 'binary',
  money: 'decimal',
};

const SQLSERVER_TYPES: Record<string, ColumnType> = {
  tinyint: 'smallint',
  smallint: 'smallint',
  int: 'int',
  bigint: 'bigint',
  bit: 'boolean',
  decimal: 'decimal',
  numeric: 'decimal',
  money: 'decimal',
  smallmoney: 'decimal',
  float: 'double',
  real: 'real',
  char: 'string',
  varchar: 'string',
  nchar: 'string',
  nvarchar: 'string',
  text: 'string',
  ntext: 'string',
  xml: 'string',
  sysname: 'string',
  uniqueidentifier: 'uuid',
  date: 'date',
  time: 'time',
  datetime: 'timestamp',
  datetime2: 'timestamp',
  smalldatetime: 'timestamp',
  datetimeoffset: 'timestamp',
  binary: 'binary',
  varbinary: 'binary',
  image: 'binary',
  timestamp: 'binary',
  rowversion: 'binary',
};

/**
 * All ordinary and partitioned tables outside the system schemas, one row per column: type as
 * `format_type` without modifiers, nullability, primary key position, and a row estimate (reltuples, which is
 * -1 before the first ANALYZE on PostgreSQL 14+; then the statistics collector's n_live_tup).
 */
const POSTGRES_CATALOGUE_QUERY = `
SELECT n.nspname AS table_schema, c.relname AS table_name, a.attname AS column_name,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, NULL) ELSE format_type(a.atttypid, NULL) END AS data_type,
       NOT a.attnotnull AS is_nullable, a.attnum AS ordinal_position,
       (SELECT k.ord FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         WHERE i.indrelid = c.oid AND i.indisprimary AND k.attnum = a.attnum) AS primary_key_position,
       COALESCE(NULLIF(c.reltuples, -1)::bigint, s.n_live_tup) AS row_estimate
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
ORDER BY n.nspname, c.relname, a.attnum`;

export async function readPostgresCatalogue(url: string): Promise<CatalogueRow[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(POSTGRES_CATALOGUE_QUERY);
    return rows.map((r) => ({
      ...r,
      ordinal_position: Number(r.ordinal_position),
      primary_key_position: r.primary_key_position === null ? null : Number(r.primary_key_position),
      row_estimate: r.row_estimate === null ? null : Number(r.row_estimate),
    }));
  } finally {
    await client.end();
  }
}

/** The include patterns of every task, for the SQL Server query's WHERE (the result is filtered again here). */
function includePatterns(pipeline: ResolvedPipeline): { schema: string; table: string }[] {
  const patterns = pipeline.tasks
    .flatMap((task) => task.tableMappingsDocument.rules)
    .filter((r): r is SelectionRule => r['rule-type'] === 'selection' && r['rule-action'] !== 'exclude')
    .map((r) => ({ schema: r['object-locator']['schema-name'], table: r['object-locator']['table-name'] ?? '%' }));
  return patterns.filter((p, i) => patterns.findIndex((q) => q.schema === p.schema && q.table === p.table) === i);
}

/**
 * The query a DBA runs on the SQL Server source (catalogue views sys.tables, sys.schemas, sys.columns,
 * sys.types, sys.indexes, sys.index_columns, sys.partitions; alias types resolve to their system type), limited to the tables the selection rules could
 * match (case-sensitive, as DMS matches). `FOR JSON PATH` gives the JSON `--from-file` reads; without that
 * line, SSMS "Save Results As" or `sqlcmd -s, -W` gives the CSV it reads.
 */
export function sqlServerCatalogueQuery(pipeline: ResolvedPipeline): string {
  const like = (column: string, pattern: string) => `${column} COLLATE Latin1_General_100_BIN2 LIKE ${tsqlString(likePattern(pattern))}`;
  const patterns = includePatterns(pipeline).map((p) => `(${like('s.name', p.schema)} AND ${like('t.name', p.table)})`);
  return `-- Catalogue of the tables stack ${pipeline.name} selects, for npm run discover -- --stack ${pipeline.name} --from-file <result>.
-- Run on database ${pipeline.source.databaseName} (${pipeline.source.serverName}:${pipeline.source.port}); it only reads catalogue views.
-- Save the JSON result: sqlcmd -y 0 -h -1 -i <this file> -o result.json. The outer SELECT returns the document as one
-- value (a bare FOR JSON splits long results into 2,033-character rows). For CSV instead, run only the inner SELECT
-- without its FOR JSON line and save the grid with headers.
USE [${pipeline.source.databaseName.replace(/]/g, ']]')}];
SET NOCOUNT ON;  -- no "(1 rows affected)" in the saved file
SELECT (
SELECT s.name AS table_schema, t.name AS table_name, c.name AS column_name, ty.name AS data_type,
       CAST(c.is_nullable AS bit) AS is_nullable, c.column_id AS ordinal_position,
       ic.key_ordinal AS primary_key_position,
       (SELECT SUM(p.rows) FROM sys.partitions p WHERE p.object_id = t.object_id AND p.index_id IN (0, 1)) AS row_estimate
FROM sys.tables t
JOIN sys.schemas s ON s.schema_id = t.schema_id
JOIN sys.columns c ON c.object_id = t.object_id
JOIN sys.types ty ON ty.user_type_id = c.system_type_id
LEFT JOIN sys.indexes i ON i.object_id = t.object_id AND i.is_primary_key = 1
LEFT JOIN sys.index_columns ic ON ic.object_id = t.object_id AND ic.index_id = i.index_id AND ic.column_id = c.column_id
WHERE t.is_ms_shipped = 0
  AND (${patterns.join('\n    OR ') || '1 = 1'})
ORDER BY s.name, t.name, c.column_id
FOR JSON PATH, INCLUDE_NULL_VALUES
) AS catalogue_json;
`;
}

const REQUIRED = [
  'table_schema',
  'table_name',
  'column_name',
  'data_type',
  'is_nullable',
  'ordinal_position',
  'primary_key_position',
  'row_estimate',
] as const;

/** Rows from the DBA's file: a JSON array (FOR JSON PATH) or CSV with a header row. Problems name row and field. */
export function parseCatalogueFile(text: string, name: string): { rows: CatalogueRow[]; problems: string[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let records: Record<string, unknown>[];
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const { value, problem } = parseJson(trimmed);
    if (problem !== undefined) return { rows: [], problems: [`${name}: ${problem}`] };
    if (!Array.isArray(value)) return { rows: [], problems: [`${name}: must be a JSON array of rows (FOR JSON PATH output)`] };
    records = value as Record<string, unknown>[];
  } else {
    const lines = parseCsv(trimmed);
    const header = (lines.shift() ?? []).map((h) => h.trim().toLowerCase());
    records = lines.filter((l) => l.some((v) => v.trim() !== '')).map((l) => Object.fromEntries(header.map((h, i) => [h, l[i]])));
  }
  const problems: string[] = [];
  const rows: CatalogueRow[] = [];
  records.forEach((record, i) => {
    const at = `${name}: [${i}]`;
    if (typeof record !== 'object' || record === null) return void problems.push(`${at}: must be an object`);
    const missing = REQUIRED.filter((k) => !(k in record));
    if (missing.length > 0) return void problems.push(`${at}: missing ${missing.join(', ')}`);
    const text = (k: string) => (record[k] === null || record[k] === undefined ? '' : String(record[k]).trim());
    const num = (k: string, nullable: boolean): number | null | undefined => {
      const v = text(k);
      if (v === '' || v.toUpperCase() === 'NULL') {
        if (nullable) return null;
        problems.push(`${at}.${k}: is required`);
        return undefined;
      }
      if (!/^\d+$/.test(v)) {
        problems.push(`${at}.${k}: must be a whole number, not ${JSON.stringify(record[k])}`);
        return undefined;
      }
      return Number(v);
    };
    const bool = (k: string): boolean | undefined => {
      const v = text(k).toLowerCase();
      if (['1', 'true'].includes(v)) return true;
      if (['0', 'false'].includes(v)) return false;
      problems.push(`${at}.${k}: must be 0/1 or true/false, not ${JSON.stringify(record[k])}`);
      return undefined;
    };
    for (const k of ['table_schema', 'table_name', 'column_name', 'data_type'] as const)
      if (text(k) === '') problems.push(`${at}.${k}: must not be empty`);
    const row = {
      table_schema: text('table_schema'),
      table_name: text('table_name'),
      column_name: text('column_name'),
      data_type: text('data_type').toLowerCase(),
      is_nullable: bool('is_nullable'),
      ordinal_position: num('ordinal_position', false),
      primary_key_position: num('primary_key_position', true),
      row_estimate: num('row_estimate', true),
    };
    if (
      row.is_nullable !== undefined &&
      row.ordinal_position !== undefined &&
      row.primary_key_position !== undefined &&
      row.row_estimate !== undefined
    )
      rows.push(row as CatalogueRow);
  });
  return { rows, problems };
}

/** RFC 4180 CSV: quoted fields with doubled quotes, commas and newlines inside quotes. */
function parseCsv(text: string): string[][] {
  const lines: string[][] = [];
  let field = '';
  let line: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      line.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line.push(field);
      lines.push(line);
      line = [];
      field = '';
    } else field += c;
  }
  line.push(field);
  lines.push(line);
  return lines;
}

/** The tables the pipeline's selection rules select from the catalogue, as a discovered document. */
export function buildDiscovered(pipeline: ResolvedPipeline, rows: CatalogueRow[], from: string): Discovered {
  const engine = CATALOGUE_OF_SOURCE[pipeline.source.engine];
  const types = engine === 'sqlserver' ? SQLSERVER_TYPES : POSTGRES_TYPES;
  const byTable = new Map<string, CatalogueRow[]>();
  for (const row of rows) {
    const key = JSON.stringify([row.table_schema, row.table_name]);
    byTable.set(key, [...(byTable.get(key) ?? []), row]);
  }
  const catalogue = [...byTable.values()].map((columns) => ({ schema: columns[0].table_schema, name: columns[0].table_name, columns }));
  const wanted = new Set<string>();
  for (const task of pipeline.tasks) {
    for (const t of selectedTables(
      task.tableMappingsDocument,
      catalogue.map((c) => ({ schema: c.schema, name: c.name })),
    ).tables) {
      if (!t.unknownSource) wanted.add(JSON.stringify([t.schema, t.name]));
    }
  }
  const assumedTypes: string[] = [];
  const tables: DiscoveredTable[] = catalogue
    .filter((t) => wanted.has(JSON.stringify([t.schema, t.name])))
    .sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name))
    .map((t) => {
      const columns = [...t.columns].sort((a, b) => a.ordinal_position - b.ordinal_position);
      const key = columns
        .flatMap((c) => (c.primary_key_position === null ? [] : [{ name: c.column_name, position: c.primary_key_position }]))
        .sort((a, b) => a.position - b.position)
        .map((c) => c.name);
      return {
        schema: t.schema,
        name: t.name,
        columns: columns.map((c) => {
          const base = c.data_type
            .replace(/\(.*\)$/, '')
            .replace(/\[\]$/, '[]')
            .trim();
          let type = types[base];
          if (!type) {
            // DMS replicates types it has no mapping for as strings (arrays, enums, ranges, geometry, ...).
            type = 'string';
            assumedTypes.push(`${t.schema}.${t.name}.${c.column_name} (${c.data_type})`);
          }
          return { name: c.column_name, type, sourceType: c.data_type, nullable: c.is_nullable };
        }),
        primaryKey: key.length > 0 ? key : null,
        rowEstimate: columns[0].row_estimate === null ? null : Math.max(0, Math.round(columns[0].row_estimate)),
      };
    });
  return {
    $comment: `Generated by npm run discover -- --stack ${pipeline.name}; do not edit. Re-run it to refresh.`,
    stack: pipeline.name,
    source: { engine, database: pipeline.source.databaseName, from },
    tables,
    assumedTypes,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
