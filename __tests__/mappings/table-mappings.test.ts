/**
 * Table-mapping documents: the canonical form, duplicate keys, size, and rules that depend on other rules.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../../core/errors';
import { MAX_TABLE_MAPPINGS_BYTES, parseTableMappings, renderTableMappings, renderTableMappingsFile } from '../../mappings/table-mappings';
import { FIXTURE_MAPPINGS } from '../support/helpers';

const problems = (document: unknown, target?: 'dynamodb') =>
  parseTableMappings(typeof document === 'string' ? document : JSON.stringify(document), { target }).issues.map(formatIssue);

const include = (id: string, table: string) => ({
  'rule-type': 'selection',
  'rule-id': id,
  'rule-name': `include-${table}`,
  'object-locator': { 'schema-name': 'dbo', 'table-name': table },
  'rule-action': 'include',
});

describe('canonical form', () => {
  test('GIVEN the fixture mapping file WHEN parsed and rendered THEN it is valid and already canonical byte for byte', () => {
    const text = fs.readFileSync(path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json'), 'utf8');
    const { mappings, issues } = parseTableMappings(text, { target: 'redshift-serverless' });
    expect(issues).toEqual([]);
    expect(mappings && renderTableMappingsFile(mappings)).toBe(text);
  });

  test('GIVEN keys in any order at every level WHEN rendered THEN rules, locators and filters use the canonical order', () => {
    const { mappings } = parseTableMappings(
      JSON.stringify({
        rules: [
          {
            filters: [{ 'filter-conditions': [{ value: '1', 'filter-operator': 'eq' }], 'column-name': 'Id', 'filter-type': 'source' }],
            'rule-action': 'include',
            'object-locator': { 'table-name': 'Orders', 'schema-name': 'dbo' },
            'rule-name': 'a',
            'rule-id': '1',
            'rule-type': 'selection',
          },
        ],
      }),
    );
    expect(mappings && renderTableMappings(mappings)).toBe(
      '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","object-locator":{"schema-name":"dbo","table-name":"Orders"},' +
        '"rule-action":"include","filters":[{"filter-type":"source","column-name":"Id","filter-conditions":[{"filter-operator":"eq","value":"1"}]}]}]}',
    );
  });

  test('GIVEN a DynamoDB document value WHEN rendered THEN its keys are data and keep their order', () => {
    const value = { M: { Zeta: { S: '${z}' }, Alpha: { S: '${a}' } } };
    const { mappings } = parseTableMappings(
      JSON.stringify({
        rules: [
          include('1', 'Orders'),
          {
            'rule-type': 'object-mapping',
            'rule-id': '2',
            'rule-name': 'map',
            'rule-action': 'map-record-to-record',
            'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
            'mapping-parameters': {
              'attribute-mappings': [
                { value, 'attribute-sub-type': 'dynamodb-map', 'attribute-type': 'document', 'target-attribute-name': 'Doc' },
              ],
              'partition-key-name': 'Id',
            },
          },
        ],
      }),
      { target: 'dynamodb' },
    );
    if (!mappings) throw new Error('the document has no issues, so it has mappings');
    const rendered = JSON.parse(renderTableMappings(mappings));
    const mapping = rendered.rules[1]['mapping-parameters']['attribute-mappings'][0];
    expect(Object.keys(mapping)).toEqual(['target-attribute-name', 'attribute-type', 'attribute-sub-type', 'value']);
    expect(Object.keys(mapping.value.M)).toEqual(['Zeta', 'Alpha']);
    expect(Object.keys(rendered.rules[1]['mapping-parameters'])).toEqual(['partition-key-name', 'attribute-mappings']);
  });

  test('GIVEN a rendered document WHEN rendered again THEN nothing changes', () => {
    const { mappings } = parseTableMappings(JSON.stringify({ rules: [include('1', 'A'), include('2', 'B')] }));
    if (!mappings) throw new Error('the document has no issues, so it has mappings');
    const once = renderTableMappingsFile(mappings);
    const again = parseTableMappings(once).mappings;
    expect(again && renderTableMappingsFile(again)).toBe(once);
  });
});

describe('document-level checks', () => {
  test('GIVEN a key written twice in one object WHEN parsed THEN it is reported although JSON.parse would hide it', () => {
    const text =
      '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","object-locator":{"schema-name":"dbo","table-name":"A"},"object-locator":{"schema-name":"dbo","table-name":"B"},"rule-action":"include"}]}';
    expect(problems(text)).toEqual(['rules[0].object-locator: is written more than once in this object; JSON keeps only the last one']);
  });

  test('GIVEN a document over 2 MB WHEN validated THEN the DMS size limit is reported', () => {
    const rules = Array.from({ length: 14000 }, (_, i) => include(String(i + 1), `Table_with_a_rather_long_name_for_padding_${i}`));
    const size = Buffer.byteLength(JSON.stringify({ rules }));
    expect(size).toBeGreaterThan(MAX_TABLE_MAPPINGS_BYTES);
    expect(problems({ rules })).toEqual([`is ${size} bytes; DMS accepts table mappings up to ${MAX_TABLE_MAPPINGS_BYTES} bytes (2 MB)`]);
  });

  test('GIVEN table-settings for a table a wildcard selection includes WHEN validated THEN it is accepted', () => {
    const document = {
      rules: [
        { ...include('1', 'Dim%'), 'rule-name': 'dims' },
        {
          'rule-type': 'table-settings',
          'rule-id': '2',
          'rule-name': 'lob',
          'object-locator': { 'schema-name': 'dbo', 'table-name': 'DimDate' },
          'lob-settings': { mode: 'limited', 'bulk-max-size': '1024' },
        },
      ],
    };
    expect(problems(document)).toEqual([]);
  });

  test('GIVEN an underscore in an include pattern WHEN matching THEN it stands for any one character, as in DMS', () => {
    const document = {
      rules: [
        { ...include('1', 'Dim_ate'), 'rule-name': 'dims' },
        {
          'rule-type': 'table-settings',
          'rule-id': '2',
          'rule-name': 'lob',
          'object-locator': { 'schema-name': 'dbo', 'table-name': 'DimDate' },
          'parallel-load': { type: 'partitions-auto' },
        },
      ],
    };
    expect(problems(document)).toEqual([]);
  });
});
