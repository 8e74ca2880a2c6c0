/**
 * DynamoDB object mappings: derived from the table definitions, checked against them (keys and index keys
 * written with their declared types, templates naming real columns), and previewed as items.
 */
import { formatIssue } from '../../../../core/errors';
import { parseConfig } from '../../../../config/load';
import type { DynamoDbTableSpec, SourceTableSpec } from '../../../../config/schema';
import { checkDynamoDbMappings, deriveDynamoDbMappings, previewItem, sampleRow } from '../../../../engines/targets/dynamodb/mappings';
import type { ObjectMappingRule, TableMappings } from '../../../../mappings/rules/types';
import { dynamodbConfig } from '../../../support/helpers';
import { problemsOf } from '../../../support/synth';
import { must } from '../../../support/must';

const pipeline = parseConfig(dynamodbConfig()).pipelines[0];
if (pipeline.target.engine !== 'dynamodb') throw new Error('expected the DynamoDB pipeline');
const tables: DynamoDbTableSpec[] = pipeline.target.tables;
const sources: SourceTableSpec[] = pipeline.source.tables;
const derived = deriveDynamoDbMappings(tables, sources);
const objectMapping = (name: string) =>
  derived.rules.find((r) => r['rule-type'] === 'object-mapping' && r['target-table-name'] === name) as ObjectMappingRule;

/** The derived document with one object-mapping rule edited. */
function edited(table: string, edit: (rule: ObjectMappingRule) => void): TableMappings {
  const copy = structuredClone(derived);
  edit(copy.rules.find((r) => r['rule-type'] === 'object-mapping' && r['target-table-name'] === table) as ObjectMappingRule);
  return copy;
}
const problems = (mappings: TableMappings) => checkDynamoDbMappings(mappings, tables, sources).map(formatIssue);

describe('derived mappings', () => {
  test('GIVEN the loan application tables WHEN derived THEN each source table is selected and mapped to its DynamoDB table', () => {
    expect(derived.rules.map((r) => [r['rule-type'], r['rule-name']])).toEqual([
      ['selection', 'include-dbo-integrationlogs'],
      ['selection', 'include-dbo-payments'],
      ['object-mapping', 'map-dbo-integrationlogs-to-loanapp-integrationlogs-dev'],
      ['object-mapping', 'map-dbo-payments-to-loanapp-payments-dev'],
    ]);
  });

  test('GIVEN IntegrationLogs WHEN derived THEN PK/SK templates are written and GSI keys that are columns are left to DMS', () => {
    // ErrorStatus is nullable: DMS's copy of same-named columns skips NULL (a sparse GSI3); a `${ErrorStatus}`
    // template's rendering of NULL is undocumented. The other GSI keys are columns too and copied the same way.
    expect(objectMapping('LoanApp-IntegrationLogs-dev')['mapping-parameters']).toEqual({
      'partition-key-name': 'PK',
      'sort-key-name': 'SK',
      'attribute-mappings': [
        { 'target-attribute-name': 'PK', 'attribute-type': 'scalar', 'attribute-sub-type': 'string', value: 'LOG#${LogId}' },
        { 'target-attribute-name': 'SK', 'attribute-type': 'scalar', 'attribute-sub-type': 'string', value: 'TS#${LogTimestamp}' },
      ],
    });
  });

  test('GIVEN Payments WHEN derived THEN PaymentId is written as a number', () => {
    expect(objectMapping('LoanApp-Payments-dev')['mapping-parameters']).toEqual({
      'partition-key-name': 'PaymentId',
      'attribute-mappings': [
        { 'target-attribute-name': 'PaymentId', 'attribute-type': 'scalar', 'attribute-sub-type': 'number', value: '${PaymentId}' },
      ],
    });
  });

  test('GIVEN the derived document WHEN checked against the tables THEN it passes', () => {
    expect(problems(derived)).toEqual([]);
  });
});

describe('a mapping that does not fit the tables', () => {
  test.each<[string, TableMappings, string[]]>([
    [
      'a GSI key attribute that is never written',
      edited('LoanApp-IntegrationLogs-dev', (rule) => {
        const parameters = must(rule['mapping-parameters']);
        parameters['attribute-mappings'] = must(parameters['attribute-mappings']).filter(
          (m) => m['target-attribute-name'] !== 'CorrelationId',
        );
        parameters['exclude-columns'] = ['CorrelationId'];
      }),
      [
        'rules[2].mapping-parameters: GSI GSI2-CorrelationId-LogTimestamp partition key CorrelationId of LoanApp-IntegrationLogs-dev is never written (no attribute mapping, no column of that name)',
      ],
    ],
    [
      'PaymentId written as a string',
      edited(
        'LoanApp-Payments-dev',
        (rule) => void (must(must(rule['mapping-parameters'])['attribute-mappings'])[0]['attribute-sub-type'] = 'string'),
      ),
      [
        'rules[3].mapping-parameters: partition key PaymentId of LoanApp-Payments-dev is N, but the mapping writes S (attribute-sub-type string)',
      ],
    ],
    [
      'a sort key that is never written',
      edited('LoanApp-IntegrationLogs-dev', (rule) => {
        const parameters = must(rule['mapping-parameters']);
        parameters['attribute-mappings'] = must(parameters['attribute-mappings']).filter((m) => m['target-attribute-name'] !== 'SK');
      }),
      [
        'rules[2].mapping-parameters: sort key SK of LoanApp-IntegrationLogs-dev is never written (no attribute mapping, no column of that name)',
      ],
    ],
    [
      'a template naming a column the table lacks',
      edited(
        'LoanApp-IntegrationLogs-dev',
        (rule) => void (must(must(rule['mapping-parameters'])['attribute-mappings'])[0].value = 'LOG#${LogID}'),
      ),
      ['rules[2].mapping-parameters.attribute-mappings[0].value: ${LogID} is not a column of dbo.IntegrationLogs'],
    ],
    [
      'the wrong partition key name',
      edited('LoanApp-Payments-dev', (rule) => void (must(rule['mapping-parameters'])['partition-key-name'] = 'Id')),
      ['rules[3].mapping-parameters.partition-key-name: must be PaymentId, the partition key of LoanApp-Payments-dev'],
    ],
    [
      'a sort key on a hash-only table',
      edited('LoanApp-Payments-dev', (rule) => void (must(rule['mapping-parameters'])['sort-key-name'] = 'PaymentDate')),
      ['rules[3].mapping-parameters.sort-key-name: LoanApp-Payments-dev has no sort key'],
    ],
    [
      'an exclude-columns entry that is not a column',
      edited('LoanApp-Payments-dev', (rule) => void (must(rule['mapping-parameters'])['exclude-columns'] = ['Amount'])),
      ['rules[3].mapping-parameters.exclude-columns[0]: Amount is not a column of dbo.Payments'],
    ],
    [
      'a rule for a table Terraform does not define',
      edited('LoanApp-Payments-dev', (rule) => void (rule['target-table-name'] = 'LoanApp-Payments')),
      [
        'rules[3].target-table-name: LoanApp-Payments is not one of the target tables (LoanApp-IntegrationLogs-dev, LoanApp-Payments-dev); DMS would write a table Terraform does not define',
        'rules: no object-mapping rule writes LoanApp-Payments-dev (target-table-name)',
      ],
    ],
    [
      'a rule reading the wrong source table',
      edited('LoanApp-Payments-dev', (rule) => void (rule['object-locator']['table-name'] = 'IntegrationLogs')),
      ['rules[3].object-locator: maps dbo.IntegrationLogs, but LoanApp-Payments-dev is defined from dbo.Payments'],
    ],
    [
      'two rules writing one table',
      { rules: [...derived.rules, { ...objectMapping('LoanApp-Payments-dev'), 'rule-id': '5', 'rule-name': 'again' }] },
      ['rules[4].target-table-name: LoanApp-Payments-dev is already written by rules[3]'],
    ],
  ])('GIVEN %s WHEN checked THEN the problem names the table, key or index', (_what, mappings, expected) => {
    expect(problems(mappings)).toEqual(expected);
  });

  test('GIVEN a column passed through with the wrong type WHEN checked THEN the column type is named', () => {
    const mappings = edited('LoanApp-IntegrationLogs-dev', (rule) => {
      const parameters = must(rule['mapping-parameters']);
      parameters['attribute-mappings'] = must(parameters['attribute-mappings']).filter(
        (m) => m['target-attribute-name'] !== 'ApplicationId',
      );
    });
    const retyped = tables.map((t) =>
      t.name === 'LoanApp-IntegrationLogs-dev'
        ? {
            ...t,
            globalSecondaryIndexes: t.globalSecondaryIndexes.map((g) =>
              g.partitionKey.name === 'ApplicationId' ? { ...g, partitionKey: { name: 'ApplicationId', type: 'S' as const } } : g,
            ),
          }
        : t,
    );
    expect(checkDynamoDbMappings(mappings, retyped, sources).map(formatIssue)).toEqual([
      'rules[2].mapping-parameters: GSI GSI1-ApplicationId-LogTimestamp partition key ApplicationId of LoanApp-IntegrationLogs-dev is S, but the mapping writes N (column ApplicationId (int))',
    ]);
  });
});

describe('through the config', () => {
  test('GIVEN a task without DO_NOTHING WHEN the pipeline is validated THEN DMS may not recreate the tables', () => {
    expect(problemsOf(dynamodbConfig((p) => void (p.tasks[0].settings = { profiles: ['logging'] })))).toEqual([
      'pipelines[0].tasks[0].settings: FullLoadSettings.TargetTablePrepMode: must be DO_NOTHING: the target tables are defined by Terraform and DMS would drop and recreate them without their indexes (now unset, so DROP_AND_CREATE)',
    ]);
  });

  test('GIVEN a key attribute with no template and no column WHEN the pipeline is validated THEN the derived mapping reports it', () => {
    expect(
      problemsOf(
        dynamodbConfig((p) => {
          p.target.tables[0].attributes = { PK: 'LOG#${LogId}' };
        }),
      ),
    ).toEqual([
      'pipelines[0].tasks[0].tableMappings (derived): rules[2].mapping-parameters: sort key SK of LoanApp-IntegrationLogs-dev is never written (no attribute mapping, no column of that name)',
    ]);
  });
});

describe('item preview', () => {
  const columns = must(sources.find((s) => s.name === 'IntegrationLogs')).columns;

  test('GIVEN a log row WHEN previewed THEN the item has the key templates filled, numbers as N and every column copied', () => {
    const row = {
      LogId: 42,
      LogTimestamp: '2025-12-05 10:15:30.000000',
      ApplicationId: 7,
      CorrelationId: 'c-1',
      ErrorStatus: 'TIMEOUT',
      LogType: 'ERROR',
      ServiceName: 'payments',
    };
    expect(previewItem(objectMapping('LoanApp-IntegrationLogs-dev'), columns, row)).toEqual({
      PK: { S: 'LOG#42' },
      SK: { S: 'TS#2025-12-05 10:15:30.000000' },
      LogId: { N: '42' },
      LogTimestamp: { S: '2025-12-05 10:15:30.000000' },
      ApplicationId: { N: '7' },
      CorrelationId: { S: 'c-1' },
      ErrorStatus: { S: 'TIMEOUT' },
      LogType: { S: 'ERROR' },
      ServiceName: { S: 'payments' },
    });
  });

  test('GIVEN a row without an error status WHEN previewed THEN the item has no ErrorStatus and stays out of GSI3', () => {
    const item = previewItem(objectMapping('LoanApp-IntegrationLogs-dev'), columns, { ...sampleRow(columns), ErrorStatus: null });
    expect(item).not.toHaveProperty('ErrorStatus');
    expect(item.PK).toEqual({ S: 'LOG#1001' });
  });

  test('GIVEN column types WHEN a sample row is generated THEN it has one value of the right kind per column', () => {
    expect(sampleRow({ PaymentId: 'int', PaymentAmount: 'decimal', PaymentDate: 'timestamp', Note: 'string' }, 2)).toEqual({
      PaymentId: 1002,
      PaymentAmount: 251,
      PaymentDate: '2025-12-05 10:15:02.000000',
      Note: 'Note-2',
    });
  });
});
