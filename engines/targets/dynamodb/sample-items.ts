/**
 * For a DynamoDB pipeline, the items its object mappings would write for sample source rows (the table's
 * `sampleRows`, or two rows generated from the column types), and which global secondary indexes each item
 * lands in. A reviewer sees the key design on real-looking data before any apply.
 */
import type { DynamoDbTableSpec } from '../../../config/schema';
import type { ResolvedPipeline } from '../../../config/resolved';
import type { ObjectMappingRule } from '../../../mappings/rules/types';
import type { SampleItem, SampleTable } from '../sample-items';
import type { TargetOf } from '../../types';
import { previewItem, sampleRow } from './mappings';

/** Sample items of every object-mapping rule of the pipeline, in task and rule order. */
export function dynamoDbSampleItems(pipeline: ResolvedPipeline, target: TargetOf<'dynamodb'>): SampleTable[] {
  const tables: SampleTable[] = [];
  const targets = target.tables;
  for (const task of pipeline.tasks) {
    for (const rule of task.tableMappingsDocument.rules) {
      if (rule['rule-type'] !== 'object-mapping') continue;
      const table = targets.find((t) => t.name === rule['target-table-name']);
      const source = pipeline.source.tables.find(
        (s) => s.schema === rule['object-locator']['schema-name'] && s.name === rule['object-locator']['table-name'],
      );
      // resolvePipelines has already rejected rules for unknown tables or sources.
      if (!table || !source) continue;
      const rows = source.sampleRows ?? [sampleRow(source.columns, 1), sampleRow(source.columns, 2)];
      tables.push({
        stack: pipeline.name,
        task: task.id,
        ruleId: rule['rule-id'],
        table: table.name,
        source: `${source.schema}.${source.name}`,
        rowsFrom: source.sampleRows ? 'config' : 'column types',
        items: rows.map((row) => sampleItem(rule, table, source.columns, row)),
      });
    }
  }
  return tables;
}

function sampleItem(
  rule: ObjectMappingRule,
  table: DynamoDbTableSpec,
  columns: Parameters<typeof previewItem>[1],
  row: Record<string, unknown>,
): SampleItem {
  const item = previewItem(rule, columns, row);
  const has = (attribute: string | undefined) => attribute === undefined || attribute in item;
  return {
    row,
    item,
    indexes: table.globalSecondaryIndexes
      .filter((index) => has(index.partitionKey.name) && has(index.sortKey?.name))
      .map((index) => index.name),
    missingKeys: [table.partitionKey.name, table.sortKey?.name].filter((key): key is string => key !== undefined && !(key in item)),
  };
}
