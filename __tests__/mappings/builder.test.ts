/**
 * TableMappingsBuilder: reproduces the fixture mapping file, scales to generated cases, and never emits a document the
 * validator rejects (property-based with fast-check).
 */
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ValidationFailed } from '../../core/errors';
import { TableMappingsBuilder } from '../../mappings/builder';
import { parseTableMappings, renderTableMappingsFile, validateTableMappings } from '../../mappings/table-mappings';
import { FIXTURE_MAPPINGS } from '../support/helpers';

test('GIVEN the seed pipeline tables and transformations WHEN built THEN the result is the fixture mapping file byte for byte', () => {
  const built = new TableMappingsBuilder('redshift-serverless')
    .includeTables('dbo', ['DimLocation', 'DimDate'])
    .renameSchema('dbo', 'public')
    .convertCase('lowercase', 'table', 'dbo')
    .convertCase('lowercase', 'column', 'dbo')
    .build();
  expect(renderTableMappingsFile(built)).toBe(fs.readFileSync(path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json'), 'utf8'));
});

test('GIVEN 200 tables from a list WHEN built THEN there is one include rule per table, numbered in order', () => {
  const tables = Array.from({ length: 200 }, (_, i) => `Fact${String(i).padStart(3, '0')}`);
  const built = new TableMappingsBuilder().includeTables('sales', tables).build();
  expect(built.rules).toHaveLength(200);
  expect(built.rules.map((r) => r['rule-id'])).toEqual(tables.map((_, i) => String(i + 1)));
  expect(built.rules[199]).toEqual({
    'rule-type': 'selection',
    'rule-id': '200',
    'rule-name': 'include-sales-fact199',
    'object-locator': { 'schema-name': 'sales', 'table-name': 'Fact199' },
    'rule-action': 'include',
  });
});

test('GIVEN a rename per schema WHEN built THEN each schema gets its own rename rule', () => {
  const schemas = ['dbo', 'hr', 'sales'];
  const builder = new TableMappingsBuilder();
  for (const schema of schemas) builder.include({ schema, table: '%' }).renameSchema(schema, `${schema}_raw`);
  const renames = builder.build().rules.filter((r) => r['rule-type'] === 'transformation');
  expect(renames.map((r) => [r['object-locator']['schema-name'], (r as { value?: string }).value])).toEqual([
    ['dbo', 'dbo_raw'],
    ['hr', 'hr_raw'],
    ['sales', 'sales_raw'],
  ]);
  expect(renames.map((r) => r['rule-name'])).toEqual([
    'rename-schema-dbo-to-dbo-raw',
    'rename-schema-hr-to-hr-raw',
    'rename-schema-sales-to-sales-raw',
  ]);
});

test('GIVEN two rules with the same derived name WHEN built THEN the second gets a numeric suffix', () => {
  const built = new TableMappingsBuilder()
    .include({ schema: 'dbo', table: 'A' }, { name: 'tables' })
    .include({ schema: 'dbo', table: 'B' }, { name: 'tables' })
    .build();
  expect(built.rules.map((r) => r['rule-name'])).toEqual(['tables', 'tables-2']);
});

test('GIVEN a DynamoDB object mapping WHEN built for dynamodb THEN it validates; for redshift the builder refuses', () => {
  const mapping = (target: 'dynamodb' | 'redshift') =>
    new TableMappingsBuilder(target)
      .include({ schema: 'dbo', table: 'Payments' })
      .objectMapping({
        schema: 'dbo',
        table: 'Payments',
        targetTableName: 'LoanApp-Payments-dev',
        partitionKeyName: 'PaymentId',
        attributeMappings: [
          { 'target-attribute-name': 'PaymentId', 'attribute-type': 'scalar', 'attribute-sub-type': 'number', value: '${PaymentId}' },
        ],
      })
      .build();
  expect(mapping('dynamodb').rules[1]['rule-name']).toBe('map-dbo-payments-to-loanapp-payments-dev');
  expect(() => mapping('redshift')).toThrow(ValidationFailed);
  expect(() => mapping('redshift')).toThrow(
    'rules[1].rule-type: object-mapping rules apply only to dynamodb, kinesis, kafka targets, not redshift',
  );
});

describe('properties', () => {
  const identifier = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
  const plan = fc.record({
    schemas: fc.uniqueArray(identifier, { minLength: 1, maxLength: 4, selector: (s) => s.toLowerCase() }),
    tables: fc.uniqueArray(identifier, { minLength: 1, maxLength: 25, selector: (s) => s.toLowerCase() }),
    rename: fc.boolean(),
    tableCase: fc.constantFrom('lowercase', 'uppercase', undefined),
    columnCase: fc.constantFrom('lowercase', 'uppercase', undefined),
    excludeFirst: fc.boolean(),
    loadOrder: fc.option(fc.integer({ min: 1, max: 2_147_483_647 }), { nil: undefined }),
    addColumn: fc.option(identifier, { nil: undefined }),
  });

  test('GIVEN any builder plan WHEN built THEN the document validates, is canonical and round-trips', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const builder = new TableMappingsBuilder();
        for (const schema of p.schemas) {
          for (const table of p.tables) builder.include({ schema, table }, { loadOrder: p.loadOrder });
          if (p.excludeFirst) builder.exclude({ schema, table: `${p.tables[0]}_old` });
          if (p.rename) builder.renameSchema(schema, `${schema}_v2`);
          if (p.tableCase) builder.convertCase(p.tableCase, 'table', schema);
          if (p.columnCase) builder.convertCase(p.columnCase, 'column', schema);
          if (p.addColumn)
            builder.addColumn(
              { schema, table: p.tables[0] },
              `${p.addColumn}_loaded`,
              { type: 'datetime', precision: 6 },
              '$AR_H_TIMESTAMP',
            );
        }
        const built = builder.build();
        expect(validateTableMappings(built)).toEqual([]);
        const file = renderTableMappingsFile(built);
        const reparsed = parseTableMappings(file);
        expect(reparsed.issues).toEqual([]);
        expect(reparsed.mappings).toEqual(built);
        expect(reparsed.mappings && renderTableMappingsFile(reparsed.mappings)).toBe(file);
        expect(built.rules.map((r) => r['rule-id'])).toEqual(built.rules.map((_, i) => String(i + 1)));
      }),
      { numRuns: 200 },
    );
  });
});
