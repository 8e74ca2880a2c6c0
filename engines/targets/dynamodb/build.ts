/**
 * What a DynamoDB target builds into its stack: the tables (modules/dynamodb-target), the endpoint that writes
 * to them through the service access role, and their ARNs as an output. Registered in engines/builders.ts.
 */
import { DynamoDbTargetTables } from '../../../modules/dynamodb-target';
import type { TargetOf, TargetParts, TargetScope } from '../../types';

export function buildDynamoDbTarget(target: TargetOf<'dynamodb'>, stack: TargetScope): TargetParts {
  const { pipeline } = stack;
  const tables = new DynamoDbTargetTables(stack.scope, 'dynamodb', {
    partition: stack.partition,
    region: pipeline.region,
    accountId: pipeline.accountId,
    tables: target.tables.map((table) => ({
      ...table,
      // Tables hold migrated data: protected from deletion everywhere but dev unless the config says otherwise.
      deletionProtection: table.deletionProtection ?? pipeline.environment !== 'dev',
    })),
  });
  return {
    endpoint: { endpointId: target.endpointId, engineName: 'dynamodb', serviceAccessRole: stack.roles.dynamodbRoleArn },
    outputs: {
      dynamodb_table_arns: { description: 'ARN of every target DynamoDB table, by name.', value: Object.fromEntries(tables.arns) },
    },
  };
}
