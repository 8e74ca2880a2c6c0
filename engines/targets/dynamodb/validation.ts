/**
 * `validation/<stack>.sh` for a DynamoDB target: the `aws dynamodb` commands that check the tables exist and
 * count their items, to compare with the source counts of `validation/<stack>.sql`.
 */
import type { ResolvedPipeline } from '../../../config/resolved';
import type { PreviewTable } from '../../../mappings/transform-preview';
import { shellWord as sh } from '../../text';

export function dynamoDbChecks(pipeline: ResolvedPipeline, tables: PreviewTable[]): string[] {
  const region = pipeline.region;
  const lines = ['set -euo pipefail', '', `# On the TARGET (DynamoDB, ${region}), with credentials for account ${pipeline.accountId}.`];
  if (tables.length === 0) return [...lines, '# No table is known by name.'];
  lines.push(
    '# The tables exist and are ACTIVE; ItemCount is refreshed by DynamoDB about every six hours, so the scan below is the exact count.',
  );
  for (const t of tables) {
    lines.push(
      `aws dynamodb describe-table --region ${sh(region)} --table-name ${sh(t.target.table)} --query 'Table.[TableName,TableStatus,ItemCount]' --output text`,
    );
  }
  lines.push(
    '',
    '# Items per table (a full scan: it reads every item, and consumes read capacity accordingly); compare with the source counts in',
    `# validation/${pipeline.name}.sql. The CLI follows the pages and sums Count.`,
  );
  for (const t of tables) {
    lines.push(
      `echo "${t.target.table} (from ${t.source.schema}.${t.source.table}): $(aws dynamodb scan --region ${sh(region)} --table-name ${sh(t.target.table)} --select COUNT --query Count --output text)"`,
    );
  }
  return lines;
}
