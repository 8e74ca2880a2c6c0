/**
 * DynamoDB targets: the tables are defined in config (keys, indexes) and created by this stack unless
 * `managed: false`; the object mappings are derived from or checked against them (AWS DMS user guide, "Using
 * Amazon DynamoDB as a target for AWS Database Migration Service").
 */
import type { TargetAdapter } from '../../types';
import { nullableKeys } from './discovered';
import { checkDynamoDbMappings, deriveDynamoDbMappings } from './mappings';
import { dynamoDbSampleItems } from './sample-items';
import { dynamoDbChecks } from './validation';

export const dynamoDbTarget: TargetAdapter<'dynamodb'> = {
  iam: (target) => ({
    // DMS reaches DynamoDB through the endpoint's service access role: no secret.
    secretArns: [],
    secretKmsKeyArns: [],
    dynamodbTables: target.tables.map((table) => table.name),
    dynamodbKmsKeyArns: target.tables.flatMap((table) => (table.kmsKeyArn ? [table.kmsKeyArn] : [])),
  }),
  publicServices: 'Secrets Manager, S3 and DynamoDB',
  mappings: {
    derive: (target, sourceTables) => deriveDynamoDbMappings(target.tables, sourceTables),
    check: (document, target, sourceTables) => checkDynamoDbMappings(document, target.tables, sourceTables),
    // This project defines DynamoDB target tables (keys, indexes) itself.
    targetTablesDefined: true,
  },
  validation: { shell: dynamoDbChecks },
  checkDiscovered: nullableKeys,
  keyedFrom: (target, table) => {
    const names = target.tables.filter((t) => t.source === table).map((t) => t.name);
    return names.length > 0 ? `DynamoDB ${names.join(', ')}` : undefined;
  },
  // Table names are config's (adoption imports the tables under them).
  adopted: (target) => target,
  sampleItems: dynamoDbSampleItems,
  runbookValidation: (stack) => `bash validation/${stack}.sh`,
};
