/**
 * Part 2 of `validation/<stack>.sql` for a Redshift Serverless target: existence, column and row-count queries
 * on the previewed target names.
 *
 * Redshift folds identifiers to lowercase unless `enable_case_sensitive_identifier` is on (Amazon Redshift
 * Database Developer Guide, "Names and identifiers"), so the catalogue holds the previewed names lowercased.
 */
import type { PreviewTable } from '../../../mappings/transform-preview';
import { sqlString } from '../../text';
import type { TargetOf } from '../../types';

export function redshiftChecks(target: TargetOf<'redshift-serverless'>, tables: PreviewTable[]): string[] {
  const where =
    target.workgroup.from === 'config'
      ? `workgroup ${target.workgroup.workgroupName} (${target.workgroup.host}:${target.workgroup.port}), database ${target.workgroup.databaseName}`
      : "the workgroup from the Redshift root's state";
  const lower = (t: PreviewTable) => ({ schema: t.target.schema.toLowerCase(), table: t.target.table.toLowerCase() });
  const lines = [`-- 2. On the TARGET (Redshift ${where}).`];
  if (tables.length === 0) return [...lines, '-- No table is known by name.'];
  const quoted = (t: PreviewTable) => `${redshiftIdentifier(lower(t).schema)}.${redshiftIdentifier(lower(t).table)}`;
  const pairs = tables.map((t) => `(table_schema = ${sqlString(lower(t).schema)} AND table_name = ${sqlString(lower(t).table)})`);
  lines.push(
    `-- 2a. The tables exist: expect ${tables.length} row(s): ${tables.map((t) => `${lower(t).schema}.${lower(t).table}`).join(', ')}.`,
  );
  lines.push(
    'SELECT table_schema, table_name, table_type',
    'FROM information_schema.tables',
    `WHERE ${pairs.join('\n   OR ')}`,
    'ORDER BY table_schema, table_name;',
  );
  const withColumns = tables.flatMap((t) => (t.columns === undefined ? [] : [{ table: t, columns: t.columns }]));
  if (withColumns.length > 0) {
    const expected = withColumns.flatMap(({ table, columns }) =>
      columns.flatMap((c) => (c.target === undefined ? [] : [`${lower(table).table}.${c.target.toLowerCase()}`])),
    );
    lines.push('', `-- 2b. The columns exist: expect ${expected.length} row(s): ${expected.join(', ')}.`);
    lines.push(
      'SELECT table_schema, table_name, column_name, data_type',
      'FROM information_schema.columns',
      `WHERE ${withColumns.map(({ table: t }) => `(table_schema = ${sqlString(lower(t).schema)} AND table_name = ${sqlString(lower(t).table)})`).join('\n   OR ')}`,
      'ORDER BY table_schema, table_name, ordinal_position;',
    );
  }
  lines.push(
    '',
    '-- 2c. Rows per table: equal to the source counts of step 1 once the full load is complete (CDC adds the changes since).',
  );
  lines.push(
    `${tables.map((t) => `SELECT ${sqlString(`${lower(t).schema}.${lower(t).table}`)} AS target_table, ${sqlString(`${t.source.schema}.${t.source.table}`)} AS source_table, COUNT(*) AS row_count FROM ${quoted(t)}`).join('\nUNION ALL\n')};`,
  );
  lines.push('', '-- 2d. A sample of each table.');
  for (const t of tables) lines.push(`SELECT * FROM ${quoted(t)} LIMIT 10;`);
  return lines;
}

const redshiftIdentifier = (value: string): string => (/^[a-z_][a-z0-9_$]*$/.test(value) ? value : `"${value.replace(/"/g, '""')}"`);
