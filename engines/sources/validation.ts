/** Part 1 of `validation/<stack>.sql`: rows per table on the source, in the source engine's dialect. */
import type { ResolvedPipeline } from '../../config/resolved';
import type { PreviewTable } from '../../mappings/transform-preview';
import { onSource } from '../registry';

export function sourceCounts(pipeline: ResolvedPipeline, tables: PreviewTable[]): string[] {
  const { source } = pipeline;
  const lines = [
    `-- 1. On the SOURCE (${source.engine}, database ${source.databaseName} on ${source.serverName}:${source.port}): rows per table.`,
  ];
  if (tables.length === 0) return [...lines, '-- No table is known by name.'];
  const selects = tables.map((t) => onSource(source, (adapter) => adapter.validation.rowCount(t.source.schema, t.source.table)));
  return [...lines, `${selects.join('\nUNION ALL\n')};`];
}
