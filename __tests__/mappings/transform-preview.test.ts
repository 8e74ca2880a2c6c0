/**
 * The target-name engine against the AWS DMS user guide's transformation examples (fixtures/aws-guide, copied
 * from the guide's "Transformation rules and actions" page), each with the outcome the guide's sentence above
 * the example states, and against selection semantics (include/exclude, wildcards, rule order).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TableMappings } from '../../mappings/table-mappings';
import { type KnownTable, applyNamingAction, previewTargetNames } from '../../mappings/transform-preview';

const guide = (file: string): TableMappings => JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'aws-guide', file), 'utf8'));
const names = (document: TableMappings, known: KnownTable[]) =>
  previewTargetNames(document, known).tables.map((t) => `${t.source.schema}.${t.source.table} -> ${t.target.schema}.${t.target.table}`);
const columnsOf = (document: TableMappings, known: KnownTable[], table: string) =>
  previewTargetNames(document, known)
    .tables.find((t) => t.source.table === table)
    ?.columns?.map((c) => `${c.source ?? '+'}:${c.target ?? '-'}`);

describe("the user guide's transformation examples", () => {
  it('"renames a schema from Test in your source to Test1 in your target"', () => {
    expect(
      names(guide('trans-1.json'), [
        { schema: 'Test', name: 'Actor' },
        { schema: 'Other', name: 'Actor' },
      ]),
    ).toEqual(['Test.Actor -> Test1.Actor']);
  });

  it('"renames a table from Actor in your source to Actor1 in your target", leaving other tables alone', () => {
    expect(
      names(guide('trans-2.json'), [
        { schema: 'Test', name: 'Actor' },
        { schema: 'Test', name: 'Film' },
      ]),
    ).toEqual(['Test.Actor -> Test.Actor1', 'Test.Film -> Test.Film']);
  });

  it('"renames a column in table Actor from first_name to fname"', () => {
    const known = [
      { schema: 'test', name: 'Actor', columns: ['actor_id', 'first_name', 'last_name'] },
      { schema: 'test', name: 'Film', columns: ['first_name'] },
    ];
    expect(columnsOf(guide('trans-3.json'), known, 'Actor')).toEqual(['actor_id:actor_id', 'first_name:fname', 'last_name:last_name']);
    expect(columnsOf(guide('trans-3.json'), known, 'Film')).toEqual(['first_name:first_name']);
  });

  it('"adds a datetime column to the table actor" (the locator is case-sensitive: Actor gets none)', () => {
    const known = [
      { schema: 'test', name: 'actor', columns: ['actor_id'] },
      { schema: 'test', name: 'Actor', columns: ['actor_id'] },
    ];
    expect(columnsOf(guide('trans-6.json'), known, 'actor')).toEqual(['actor_id:actor_id', '+:last_updated']);
    expect(columnsOf(guide('trans-6.json'), known, 'Actor')).toEqual(['actor_id:actor_id']);
  });

  it('"removes all columns starting with the characters col" from Actor', () => {
    const known = [{ schema: 'test', name: 'Actor', columns: ['col1', 'col_b', 'name', 'xcol'] }];
    expect(columnsOf(guide('trans-7.json'), known, 'Actor')).toEqual(['col1:-', 'col_b:-', 'name:name', 'xcol:xcol']);
  });

  it('"converts a table name from ACTOR in your source to actor in your target"', () => {
    expect(
      names(guide('trans-8.json'), [
        { schema: 'test', name: 'ACTOR' },
        { schema: 'test', name: 'FILM' },
      ]),
    ).toEqual(['test.ACTOR -> test.actor', 'test.FILM -> test.FILM']);
  });

  it('"converts all columns in all tables and all schemas ... to uppercase"', () => {
    expect(columnsOf(guide('trans-9.json'), [{ schema: 'test', name: 'actor', columns: ['first_name', 'Id'] }], 'actor')).toEqual([
      'first_name:FIRST_NAME',
      'Id:ID',
    ]);
  });

  it('"transforms all tables in your source to add the prefix DMS_"', () => {
    expect(
      names(guide('trans-10.json'), [
        { schema: 'test', name: 'actor' },
        { schema: 'test', name: 'film' },
      ]),
    ).toEqual(['test.actor -> test.DMS_actor', 'test.film -> test.DMS_film']);
  });

  it('"transforms all columns containing the prefix Pre_ ... to replace the prefix with NewPre_"', () => {
    expect(columnsOf(guide('trans-11.json'), [{ schema: 'test', name: 't', columns: ['Pre_a', 'pre_b', 'a_Pre_'] }], 't')).toEqual([
      'Pre_a:NewPre_a',
      'pre_b:pre_b',
      'a_Pre_:a_Pre_',
    ]);
  });

  it('"transforms all tables in your source to remove the suffix _DMS"', () => {
    expect(
      names(guide('trans-12.json'), [
        { schema: 'test', name: 'Actor_DMS' },
        { schema: 'test', name: 'Film' },
      ]),
    ).toEqual(['test.Actor_DMS -> test.Actor', 'test.Film -> test.Film']);
  });

  it('"for a source column named emp_no ... adds a new column named BI_emp_no"', () => {
    const known = [{ schema: 'hr', name: 'employees', columns: ['emp_no', 'name'], primaryKey: ['emp_no'] }];
    expect(columnsOf(guide('trans-16.json'), known, 'employees')).toEqual(['emp_no:emp_no', 'name:name', '+:BI_emp_no']);
  });

  it('define-primary-key and change-data-type change no names', () => {
    expect(names(guide('trans-13.json'), [{ schema: 'inventory', name: 'ITEM' }])).toEqual(['inventory.ITEM -> inventory.ITEM']);
    expect(columnsOf(guide('trans-17.json'), [{ schema: 'test', name: 'table_t', columns: ['col10'] }], 'table_t')).toEqual([
      'col10:col10',
    ]);
  });
});

describe('naming actions', () => {
  it.each([
    [{ 'rule-action': 'remove-prefix', value: 'tmp_' }, 'tmp_orders', 'orders'],
    [{ 'rule-action': 'remove-prefix', value: 'tmp_' }, 'TMP_orders', 'TMP_orders'],
    [{ 'rule-action': 'add-suffix', value: '_v2' }, 'orders', 'orders_v2'],
    [{ 'rule-action': 'replace-suffix', value: '_new', 'old-value': '_old' }, 'orders_old', 'orders_new'],
    [{ 'rule-action': 'replace-suffix', value: '_new', 'old-value': '_old' }, 'old_orders', 'old_orders'],
    [{ 'rule-action': 'remove-suffix', value: '_DMS' }, '_DMS', ''],
    [{ 'rule-action': 'convert-lowercase' }, 'DimLocation', 'dimlocation'],
    [{ 'rule-action': 'change-data-type' }, 'Amount', 'Amount'],
  ] as const)('%o on %s gives %s', (rule, name, expected) => {
    expect(applyNamingAction(rule as never, name)).toBe(expected);
  });
});

const sel = (id: string, schema: string, table: string, action = 'include') => ({
  'rule-type': 'selection',
  'rule-id': id,
  'rule-name': `s${id}`,
  'object-locator': { 'schema-name': schema, 'table-name': table },
  'rule-action': action,
});
const tr = (id: string, target: string, locator: Record<string, string>, action: string, extra: Record<string, string> = {}) => ({
  'rule-type': 'transformation',
  'rule-id': id,
  'rule-name': `t${id}`,
  'rule-target': target,
  'object-locator': locator,
  'rule-action': action,
  ...extra,
});
const doc = (...rules: unknown[]) => ({ rules }) as TableMappings;

describe('selection and rule semantics', () => {
  const known: KnownTable[] = [
    { schema: 'dbo', name: 'DimLocation', columns: ['LocationKey', 'City'] },
    { schema: 'dbo', name: 'DimDate', columns: ['DateKey'] },
    { schema: 'dbo', name: 'Dim_Tmp', columns: ['x'] },
    { schema: 'dbo', name: 'FactSales', columns: ['Amount'] },
    { schema: 'staging', name: 'DimLocation', columns: ['y'] },
  ];

  it('the seed mapping (dbo → public, lowercase tables and columns) gives the names the runbook validates', () => {
    const seed = doc(
      sel('1', 'dbo', 'DimLocation'),
      sel('2', 'dbo', 'DimDate'),
      tr('3', 'schema', { 'schema-name': 'dbo' }, 'rename', { value: 'public' }),
      tr('4', 'table', { 'schema-name': 'dbo', 'table-name': '%' }, 'convert-lowercase'),
      tr('5', 'column', { 'schema-name': 'dbo', 'table-name': '%', 'column-name': '%' }, 'convert-lowercase'),
    );
    expect(names(seed, known)).toEqual(['dbo.DimDate -> public.dimdate', 'dbo.DimLocation -> public.dimlocation']);
    expect(columnsOf(seed, known, 'DimLocation')).toEqual(['LocationKey:locationkey', 'City:city']);
    // Without table definitions, exact names are still previewed; columns are unknown.
    const bare = previewTargetNames(seed, []);
    expect(bare.tables.map((t) => [t.target.table, t.columns, t.unknownSource])).toEqual([
      ['dimdate', undefined, false],
      ['dimlocation', undefined, false],
    ]);
  });

  it('an exclude wins over an include whatever the rule order; `_` matches one character', () => {
    const d = doc(sel('1', 'dbo', 'Dim_Tmp', 'exclude'), sel('2', 'dbo', 'Dim%'), sel('3', 'dbo', 'Fact_ales'));
    expect(names(d, known)).toEqual(['dbo.DimDate -> dbo.DimDate', 'dbo.DimLocation -> dbo.DimLocation', 'dbo.FactSales -> dbo.FactSales']);
  });

  it('an exact selection name missing from the known tables is flagged; a wildcard without known tables is unresolved', () => {
    const d = doc(sel('1', 'dbo', 'DimLocaton'), sel('2', 'sales', '%'));
    const preview = previewTargetNames(d, known);
    expect(preview.tables.map((t) => [t.source.table, t.unknownSource])).toEqual([['DimLocaton', true]]);
    expect(previewTargetNames(d, []).unresolved).toEqual([{ schema: 'sales', table: '%', rule: '#2' }]);
  });

  it('column rules apply in rule-id order to the running name, matching the source name', () => {
    const d = doc(
      sel('1', 'dbo', 'DimLocation'),
      tr('20', 'column', { 'schema-name': 'dbo', 'table-name': 'DimLocation', 'column-name': '%' }, 'add-prefix', { value: 'c_' }),
      tr('3', 'column', { 'schema-name': 'dbo', 'table-name': 'DimLocation', 'column-name': 'City' }, 'convert-uppercase'),
    );
    expect(columnsOf(d, known, 'DimLocation')).toEqual(['LocationKey:c_LocationKey', 'City:c_CITY']);
  });

  it('two naming rules on one table are a problem (DMS supports one per table)', () => {
    const d = doc(
      sel('1', 'dbo', 'DimDate'),
      tr('2', 'table', { 'schema-name': 'dbo', 'table-name': '%' }, 'convert-lowercase'),
      tr('3', 'table', { 'schema-name': 'dbo', 'table-name': 'DimDate' }, 'add-prefix', { value: 'x_' }),
    );
    const [table] = previewTargetNames(d, known).tables;
    expect(table.target.table).toBe('x_dimdate');
    expect(table.problems).toEqual([
      'table dbo.DimDate is transformed by 2 rules (#2 convert-lowercase, #3 add-prefix); DMS supports one per table',
    ]);
  });

  it('remove-column then include-column keeps the included column', () => {
    const d = doc(
      sel('1', 'dbo', 'DimLocation'),
      tr('2', 'column', { 'schema-name': 'dbo', 'table-name': 'DimLocation', 'column-name': '%' }, 'remove-column'),
      tr('3', 'column', { 'schema-name': 'dbo', 'table-name': 'DimLocation', 'column-name': 'City' }, 'include-column'),
    );
    expect(columnsOf(d, known, 'DimLocation')).toEqual(['LocationKey:-', 'City:City']);
  });

  it('an object mapping names the DynamoDB table and its attributes', () => {
    const d = doc(sel('1', 'dbo', 'FactSales'), {
      'rule-type': 'object-mapping',
      'rule-id': '2',
      'rule-name': 'om',
      'rule-action': 'map-record-to-record',
      'object-locator': { 'schema-name': 'dbo', 'table-name': 'FactSales' },
      'target-table-name': 'Sales-dev',
      'mapping-parameters': {
        'partition-key-name': 'PK',
        'exclude-columns': ['Amount'],
        'attribute-mappings': [
          { 'target-attribute-name': 'PK', 'attribute-type': 'scalar', 'attribute-sub-type': 'string', value: 'S#${Amount}' },
        ],
      },
    });
    expect(names(d, known)).toEqual(['dbo.FactSales -> .Sales-dev']);
    expect(columnsOf(d, known, 'FactSales')).toEqual(['Amount:-', '+:PK']);
  });
});
