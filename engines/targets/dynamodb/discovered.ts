/**
 * With the source's real tables known (config/discovered/<stack>.json): no DynamoDB key attribute is written
 * from a column that may be NULL (DynamoDB rejects an item without its key: "Using Amazon DynamoDB as a
 * target", and a PutItem without a key attribute fails). GSI key attributes may come from nullable columns:
 * such rows are simply not in the (sparse) index, which is what a design like GSI3-ErrorStatus wants.
 */
import type { Discovered } from '../../../config/discovered';
import type { ValidationIssue } from '../../../core/errors';
import { formatPath } from '../../../core/errors';
import type { ResolvedPipeline } from '../../../config/resolved';
import { templateColumns } from '../../../mappings/rules/object-mapping';
import type { ObjectMappingRule, Rule } from '../../../mappings/rules/types';
import { wildcardMatches } from '../../../mappings/wildcards';
import type { TargetOf } from '../../types';

export function nullableKeys(
  pipeline: ResolvedPipeline,
  target: TargetOf<'dynamodb'>,
  rules: Rule[],
  discovered: Discovered,
  origin: string,
  where: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  target.tables.forEach((table, tableIndex) => {
    const index = rules.findIndex((r) => r['rule-type'] === 'object-mapping' && r['target-table-name'] === table.name);
    if (index === -1) return;
    const rule = rules[index] as ObjectMappingRule;
    const source = discovered.tables.find(
      (t) =>
        wildcardMatches(rule['object-locator']['schema-name'], t.schema) &&
        wildcardMatches(rule['object-locator']['table-name'] ?? '%', t.name),
    );
    if (!source) return;
    const attributes = rule['mapping-parameters']?.['attribute-mappings'] ?? [];
    const keys = [{ key: table.partitionKey, field: 'partitionKey' }, ...(table.sortKey ? [{ key: table.sortKey, field: 'sortKey' }] : [])];
    for (const { key, field } of keys) {
      const mapping = attributes.find((a) => a['target-attribute-name'] === key.name);
      const feeding = mapping ? templateColumns(mapping.value) : [key.name];
      for (const column of feeding) {
        const found = source.columns.find((c) => c.name === column);
        if (found?.nullable) {
          issues.push({
            path: formatPath(['pipelines', pipeline.index, 'target', 'tables', tableIndex, field]),
            message: `${key.name} of ${table.name} is written from ${source.schema}.${source.name}.${column}, which is nullable in ${where}: DynamoDB rejects an item without its key (make the column NOT NULL, or key the table on another column; ${origin}: rules[${index}])`,
          });
        }
      }
    }
  });
  return issues;
}
