/**
 * The DynamoDB key design, proven on an emulator: the tables exactly as synthesized (attribute definitions, key
 * schema, GSIs) are created in dynalite, the items `npm run review -- --sample-items` previews are written, and
 * every item is found again through the table key and through each GSI whose keys it carries. A key design
 * that cannot be queried, or a mapping that writes a key of the wrong type, fails here rather than in a task.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import type { PipelineConfigInput } from '../../config/schema';
import type { AttributeValue } from '../../engines/targets/dynamodb/mappings';
import { resolvePipelines } from '../../app/resolve';
import { type SampleTable, sampleItems } from '../../review/sample-items';
import { FIXTURE_MAPPINGS, defaultInput, dynamodbConfig } from '../support/helpers';
import { type LocalDynamoDb, startLocalDynamoDb } from '../support/local-aws';
import { synthesizeTo } from '../support/terraform';
import { must } from '../support/must';

jest.setTimeout(60_000);

type Item = Record<string, AttributeValue>;
interface SynthesizedTable {
  name: string;
  hash_key: string;
  range_key?: string;
  attribute: { name: string; type: string }[];
  global_secondary_index?: { name: string; hash_key: string; range_key?: string; projection_type: string; non_key_attributes?: string[] }[];
}

/** CreateTable from the synthesized `aws_dynamodb_table` block: what Terraform would ask DynamoDB for. */
function createTableRequest(table: SynthesizedTable): Record<string, unknown> {
  const keySchema = (hash: string, range?: string) => [
    { AttributeName: hash, KeyType: 'HASH' },
    ...(range ? [{ AttributeName: range, KeyType: 'RANGE' }] : []),
  ];
  const indexes = table.global_secondary_index ?? [];
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: table.attribute.map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: keySchema(table.hash_key, table.range_key),
    ...(indexes.length > 0
      ? {
          GlobalSecondaryIndexes: indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.hash_key, index.range_key),
            Projection: {
              ProjectionType: index.projection_type,
              ...(index.non_key_attributes ? { NonKeyAttributes: index.non_key_attributes } : {}),
            },
          })),
        }
      : {}),
  };
}

/** Query by the given key attributes (table or index), all pages. */
async function queryByKeys(
  dynamodb: LocalDynamoDb,
  table: string,
  keys: Record<string, AttributeValue>,
  indexName?: string,
): Promise<Item[]> {
  const names = Object.keys(keys);
  const response = await dynamodb.call<{ Items: Item[] }>('Query', {
    TableName: table,
    ...(indexName ? { IndexName: indexName } : {}),
    KeyConditionExpression: names.map((_, i) => `#k${i} = :v${i}`).join(' AND '),
    ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#k${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, keys[name]])),
  });
  return response.Items;
}

const pick = (item: Item, names: (string | undefined)[]) =>
  Object.fromEntries(names.filter((n): n is string => n !== undefined).map((n) => [n, item[n]]));

describe('DynamoDB items on dynalite', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-dynamodb-items-'));
  let dynamodb: LocalDynamoDb;

  beforeAll(async () => {
    dynamodb = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await dynamodb?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** Synthesize `input`, create its DynamoDB tables in a fresh namespace (a table-name prefix), return both. */
  async function tablesOf(
    input: PipelineConfigInput,
    label: string,
  ): Promise<{ synthesized: SynthesizedTable[]; samples: SampleTable[]; prefixed: (name: string) => string }> {
    const outdir = path.join(work, label);
    await synthesizeTo(outdir, input);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'loanapp-dynamodb-dev', 'cdk.tf.json'), 'utf8'));
    const synthesized = Object.values(json.resource.aws_dynamodb_table as Record<string, SynthesizedTable>);
    const prefixed = (name: string) => `${label}-${name}`;
    for (const table of synthesized) await dynamodb.call('CreateTable', createTableRequest({ ...table, name: prefixed(table.name) }));
    const samples = sampleItems(resolvePipelines(parseConfig(input), FIXTURE_MAPPINGS));
    return { synthesized, samples, prefixed };
  }

  async function expectEveryItemQueryable(
    synthesized: SynthesizedTable[],
    samples: SampleTable[],
    prefixed: (name: string) => string,
  ): Promise<number> {
    let checks = 0;
    for (const sample of samples) {
      const table = must(synthesized.find((t) => t.name === sample.table));
      const name = prefixed(table.name);
      for (const { item } of sample.items) await dynamodb.call('PutItem', { TableName: name, Item: item });
      for (const { item } of sample.items) {
        // The table key finds the very item written.
        const found = await dynamodb.call<{ Item: Item }>('GetItem', {
          TableName: name,
          Key: pick(item, [table.hash_key, table.range_key]),
        });
        expect(found.Item).toEqual(item);
        checks++;
        for (const index of table.global_secondary_index ?? []) {
          const inIndex = [index.hash_key, index.range_key].every((key) => key === undefined || key in item);
          expect(must(sample.items.find((s) => s.item === item)).indexes.includes(index.name)).toBe(inIndex);
          if (!inIndex) continue;
          const results = await queryByKeys(dynamodb, name, pick(item, [index.hash_key, index.range_key]), index.name);
          expect(results).toContainEqual(item);
          checks++;
        }
      }
      // A GSI is sparse: it holds exactly the items carrying its key attributes.
      for (const index of table.global_secondary_index ?? []) {
        const scanned = await dynamodb.call<{ Count: number }>('Scan', { TableName: name, IndexName: index.name, Select: 'COUNT' });
        expect(scanned.Count).toBe(sample.items.filter((s) => s.indexes.includes(index.name)).length);
      }
    }
    return checks;
  }

  test('GIVEN the default config WHEN its tables are created and the previewed items written THEN each item is found by its key and through each of its GSIs', async () => {
    const { synthesized, samples, prefixed } = await tablesOf(defaultInput(), 'default');
    expect(synthesized.map((t) => t.name).sort()).toEqual(['LoanApp-IntegrationLogs-dev', 'LoanApp-Payments-dev']);
    const logs = must(samples.find((s) => s.table === 'LoanApp-IntegrationLogs-dev'));
    // The ERROR row is in all three indexes, the INFO row (no ErrorStatus) only in the first two.
    expect(logs.items.map((s) => s.indexes.length)).toEqual([3, 2]);
    const checks = await expectEveryItemQueryable(synthesized, samples, prefixed);
    expect(checks).toBe(2 + 3 + 2 + 2); // 4 key lookups, 5 GSI queries

    // Time-ordered reads per application: both logs of application 5012, oldest first.
    const byApplication = await queryByKeys(
      dynamodb,
      prefixed('LoanApp-IntegrationLogs-dev'),
      { ApplicationId: { N: '5012' } },
      'GSI1-ApplicationId-LogTimestamp',
    );
    expect(byApplication.map((item) => item.PK)).toEqual([{ S: 'LOG#81234' }, { S: 'LOG#81235' }]);
  });

  test('GIVEN generated rows for many log entries WHEN written THEN every GSI query still returns its item', async () => {
    const input = dynamodbConfig((p) => {
      const logs = must(p.source.tables)[0];
      logs.sampleRows = Array.from({ length: 12 }, (_, i) => ({
        LogId: 9000 + i,
        LogTimestamp: `2025-12-05 10:${String(10 + i).padStart(2, '0')}:00.000000`,
        ApplicationId: 700 + (i % 3),
        CorrelationId: `corr-${i % 4}`,
        ErrorStatus: i % 2 === 0 ? 'FAILED' : null,
        LogType: i % 2 === 0 ? 'ERROR' : 'INFO',
        ServiceName: 'Underwriting',
      }));
    });
    const { synthesized, samples, prefixed } = await tablesOf(input, 'many');
    await expectEveryItemQueryable(synthesized, samples, prefixed);
    const failed = await queryByKeys(
      dynamodb,
      prefixed('LoanApp-IntegrationLogs-dev'),
      { ErrorStatus: { S: 'FAILED' } },
      'GSI3-ErrorStatus-LogTimestamp',
    );
    expect(failed).toHaveLength(6);
  });

  test('GIVEN an item with a GSI key of the wrong type or no partition key WHEN written THEN DynamoDB rejects it, as it would reject DMS', async () => {
    const { samples, prefixed } = await tablesOf(defaultInput(), 'rejects');
    const [first] = must(samples.find((s) => s.table === 'LoanApp-IntegrationLogs-dev')).items;
    const table = prefixed('LoanApp-IntegrationLogs-dev');
    await expect(dynamodb.call('PutItem', { TableName: table, Item: { ...first.item, ApplicationId: { S: '5012' } } })).rejects.toThrow(
      /Type mismatch for Index Key/,
    );
    const { PK: _dropped, ...withoutPartitionKey } = first.item;
    await expect(dynamodb.call('PutItem', { TableName: table, Item: withoutPartitionKey })).rejects.toThrow(/Missing the key PK/);
  });
});
