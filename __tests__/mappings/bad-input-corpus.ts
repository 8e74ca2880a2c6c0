/**
 * Invalid table-mapping and task-settings documents, each with the exact problems `npm run check` reports.
 * Shared by the validator tests and the check-command tests.
 */
import type { TargetEngine } from '../../mappings/target-capabilities';

export interface BadDocument {
  readonly name: string;
  readonly target?: TargetEngine;
  readonly migrationType?: 'full-load' | 'cdc' | 'full-load-and-cdc';
  readonly document: unknown;
  /** `path: message` (warnings as `warning: path: message`), as printed after the file name. */
  readonly expected: readonly string[];
}

type JsonObject = Record<string, unknown>;

/** A selection rule including dbo.% , overridable. */
const selection = (overrides: JsonObject = {}): JsonObject => ({
  'rule-type': 'selection',
  'rule-id': '1',
  'rule-name': 'include-dbo',
  'object-locator': { 'schema-name': 'dbo', 'table-name': '%' },
  'rule-action': 'include',
  ...overrides,
});

/** A document: the default selection rule, then `rules` numbered from 2. */
const withRules = (...rules: JsonObject[]): JsonObject => ({
  rules: [selection(), ...rules.map((rule, index) => ({ 'rule-id': String(index + 2), 'rule-name': `rule-${index + 2}`, ...rule }))],
});

const transformation = (overrides: JsonObject): JsonObject => ({
  'rule-type': 'transformation',
  'rule-target': 'column',
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': 'Total' },
  ...overrides,
});

const tableSettings = (overrides: JsonObject): JsonObject => ({
  'rule-type': 'table-settings',
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
  ...overrides,
});

const objectMapping = (parameters: JsonObject, overrides: JsonObject = {}): JsonObject => ({
  'rule-type': 'object-mapping',
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
  'rule-action': 'map-record-to-record',
  'target-table-name': 'orders',
  'mapping-parameters': parameters,
  ...overrides,
});

const scalar = (name: string, value: unknown, subType = 'string'): JsonObject => ({
  'target-attribute-name': name,
  'attribute-type': 'scalar',
  'attribute-sub-type': subType,
  value,
});

const filter = (...conditions: JsonObject[]) => ({ 'filter-type': 'source', 'column-name': 'Id', 'filter-conditions': conditions });

// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
export const BAD_MAPPINGS: readonly BadDocument[] = [
  // document shape
  { name: 'an array instead of a document', document: [selection()], expected: ['must be a JSON object with a "rules" array'] },
  { name: 'no rules key', document: {}, expected: ['rules: is required'] },
  { name: 'rules that are an object', document: { rules: {} }, expected: ['rules: must be an array'] },
  { name: 'an extra top-level key', document: { rules: [selection()], version: 2 }, expected: ['version: is not a field of a table-mapping document (it has only "rules")'] },
  { name: 'an empty rule list', document: { rules: [] }, expected: ['rules: must contain at least one selection rule (DMS migrates nothing without one)'] },
  { name: 'only transformation rules', document: { rules: [{ ...transformation({ 'rule-action': 'convert-lowercase', 'rule-target': 'schema', 'object-locator': { 'schema-name': 'dbo' } }), 'rule-id': '1', 'rule-name': 'lower' }] }, expected: ['rules: must contain at least one selection rule (DMS migrates nothing without one)'] },
  { name: 'a rule that is a string', document: { rules: [selection(), 'include dbo'] }, expected: ['rules[1]: must be an object'] },

  // identity of rules
  { name: 'a numeric rule-id', document: { rules: [selection({ 'rule-id': 1 })] }, expected: ['rules[0].rule-id: must be a positive whole number written as a string, e.g. "1"'] },
  { name: 'a rule-id of zero', document: { rules: [selection({ 'rule-id': '0' })] }, expected: ['rules[0].rule-id: must be a positive whole number written as a string, e.g. "1"'] },
  { name: 'a missing rule-id', document: { rules: [selection({ 'rule-id': undefined })] }, expected: ['rules[0].rule-id: is required'] },
  { name: 'a duplicate rule-id', document: { rules: [selection(), selection({ 'rule-name': 'second' })] }, expected: ['rules[1].rule-id: duplicate rule-id "1" (also rules[0])'] },
  { name: 'a duplicate rule-name', document: { rules: [selection(), selection({ 'rule-id': '2' })] }, expected: ['rules[1].rule-name: duplicate rule-name "include-dbo" (also rules[0])'] },
  { name: 'an empty rule-name', document: { rules: [selection({ 'rule-name': '' })] }, expected: ['rules[0].rule-name: must not be empty'] },
  { name: 'an unknown rule-type', document: withRules({ 'rule-type': 'filter', 'object-locator': { 'schema-name': 'dbo' } }), expected: ['rules[1].rule-type: must be one of selection, transformation, table-settings, object-mapping, post-processing, validation'] },

  // selection
  { name: 'a selection without rule-action', document: { rules: [selection({ 'rule-action': undefined })] }, expected: ['rules[0].rule-action: is required: one of include, exclude, explicit'] },
  { name: 'an unknown selection action', document: { rules: [selection({ 'rule-action': 'select' })] }, expected: ['rules[0].rule-action: must be one of include, exclude, explicit'] },
  { name: 'a selection without object-locator', document: { rules: [selection({ 'object-locator': undefined })] }, expected: ['rules[0].object-locator: is required'] },
  { name: 'a selection without table-name', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo' } })] }, expected: ['rules[0].object-locator.table-name: is required'] },
  { name: 'an unknown table-type', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': '%', 'table-type': 'views' } })] }, expected: ['rules[0].object-locator.table-type: must be one of table, view, all'] },
  { name: 'a column-name in a selection locator', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': '%', 'column-name': 'x' } })] }, expected: ['rules[0].object-locator.column-name: is not a field of a selection object-locator'] },
  { name: 'explicit with a wildcard table', document: { rules: [selection({ 'rule-action': 'explicit' })] }, expected: ['rules[0].object-locator.table-name: must be an exact name with rule-action explicit (no wildcards)'] },
  { name: 'explicit with a set wildcard schema', document: { rules: [selection({ 'rule-action': 'explicit', 'object-locator': { 'schema-name': 'db[oa]', 'table-name': 'Orders' } })] }, expected: ['rules[0].object-locator.schema-name: must be an exact name with rule-action explicit (no wildcards)'] },
  { name: 'an unclosed wildcard set', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Dim[AB' } })] }, expected: ['rules[0].object-locator.table-name: is not a valid name pattern: unclosed "[" at position 4'] },
  { name: 'a backwards wildcard range', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'T[z-a]' } })] }, expected: ['rules[0].object-locator.table-name: is not a valid name pattern: range "z-a" at position 2 runs backwards'] },
  { name: 'an empty wildcard set', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'T[]' } })] }, expected: ['rules[0].object-locator.table-name: is not a valid name pattern: empty set "[]" at position 2'] },
  { name: 'a load-order of zero', document: { rules: [selection({ 'load-order': 0 })] }, expected: ['rules[0].load-order: must be between 1 and 2147483647'] },
  { name: 'a load-order that is not a number', document: { rules: [selection({ 'load-order': 'first' })] }, expected: ['rules[0].load-order: must be a whole number (or a string of digits)'] },
  { name: 'filters on an exclude rule', document: { rules: [selection({ 'rule-action': 'exclude', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter({ 'filter-operator': 'eq', value: '1' })] }), selection({ 'rule-id': '2', 'rule-name': 'b' })] }, expected: ['rules[0].filters: are applied only with rule-action include, not exclude'] },
  { name: 'filters on a wildcard table', document: { rules: [selection({ filters: [filter({ 'filter-operator': 'eq', value: '1' })] })] }, expected: ['rules[0].object-locator.table-name: must be an exact name when the rule has filters (filters do not support wildcards)'] },
  { name: 'a filter without conditions', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter()] })] }, expected: ['rules[0].filters[0].filter-conditions: must not be empty'] },
  { name: 'a filter of type target', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [{ ...filter({ 'filter-operator': 'eq', value: '1' }), 'filter-type': 'target' }] })] }, expected: ['rules[0].filters[0].filter-type: must be one of source'] },
  { name: 'an unknown filter operator', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter({ 'filter-operator': 'lt', value: '5' })] })] }, expected: ['rules[0].filters[0].filter-conditions[0].filter-operator: must be one of lte, ste, gte, eq, noteq, between, notbetween, null, notnull'] },
  { name: 'between without end-value', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter({ 'filter-operator': 'between', 'start-value': '1' })] })] }, expected: ['rules[0].filters[0].filter-conditions[0].end-value: is required by filter-operator between'] },
  { name: 'eq with a range', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter({ 'filter-operator': 'eq', 'start-value': '1', 'end-value': '2' })] })] }, expected: ['rules[0].filters[0].filter-conditions[0].start-value: is not a field of a eq condition (it takes value)', 'rules[0].filters[0].filter-conditions[0].end-value: is not a field of a eq condition (it takes value)', 'rules[0].filters[0].filter-conditions[0].value: is required by filter-operator eq'] },
  { name: 'null with a value', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter({ 'filter-operator': 'null', value: 'x' })] })] }, expected: ['rules[0].filters[0].filter-conditions[0].value: is not a field of a null condition (it takes no value)'] },
  { name: 'a negative operator with another condition', document: { rules: [selection({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, filters: [filter({ 'filter-operator': 'noteq', value: '1' }, { 'filter-operator': 'eq', value: '2' })] })] }, expected: ['rules[0].filters[0].filter-conditions[0].filter-operator: noteq is a negative operator and must be the only condition in its filter; put other conditions in another filter'] },

  // transformation
  { name: 'a transformation without rule-target', document: withRules(transformation({ 'rule-action': 'convert-lowercase', 'rule-target': undefined })), expected: ['rules[1].rule-target: is required: one of schema, table, column, table-tablespace, index-tablespace'] },
  { name: 'an unknown transformation action', document: withRules(transformation({ 'rule-action': 'lowercase' })), expected: ['rules[1].rule-action: must be one of rename, remove-column, include-column, add-column, convert-lowercase, convert-uppercase, add-prefix, remove-prefix, replace-prefix, add-suffix, remove-suffix, replace-suffix, define-primary-key, change-data-type, add-before-image-columns, data-masking-digits-mask, data-masking-digits-randomize, data-masking-hash-mask'] },
  { name: 'rename without value', document: withRules(transformation({ 'rule-action': 'rename' })), expected: ['rules[1].value: is required by rule-action rename'] },
  { name: 'replace-prefix without old-value', document: withRules(transformation({ 'rule-action': 'replace-prefix', value: 'new_' })), expected: ['rules[1].old-value: is required by rule-action replace-prefix'] },
  { name: 'old-value on add-prefix', document: withRules(transformation({ 'rule-action': 'add-prefix', value: 'x_', 'old-value': 'y_' })), expected: ['rules[1].old-value: is not used by rule-action add-prefix'] },
  { name: 'value on convert-lowercase', document: withRules(transformation({ 'rule-action': 'convert-lowercase', value: 'orders' })), expected: ['rules[1].value: is not used by rule-action convert-lowercase'] },
  { name: 'remove-column on a table', document: withRules(transformation({ 'rule-action': 'remove-column', 'rule-target': 'table', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' } })), expected: ['rules[1].rule-target: rule-action remove-column applies to column, not table'] },
  { name: 'change-data-type on a schema', document: withRules(transformation({ 'rule-action': 'change-data-type', 'rule-target': 'schema', 'object-locator': { 'schema-name': 'dbo' }, 'data-type': { type: 'int8' } })), expected: ['rules[1].rule-target: rule-action change-data-type applies to column, not schema'] },
  { name: 'define-primary-key on a column', document: withRules(transformation({ 'rule-action': 'define-primary-key', 'primary-key-def': { name: 'pk', columns: ['Id'] } })), expected: ['rules[1].rule-target: rule-action define-primary-key applies to table, not column'] },
  { name: 'a column rule without column-name', document: withRules(transformation({ 'rule-action': 'remove-column', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' } })), expected: ['rules[1].object-locator.column-name: is required'] },
  { name: 'change-data-type without data-type', document: withRules(transformation({ 'rule-action': 'change-data-type' })), expected: ['rules[1].data-type: is required by rule-action change-data-type'] },
  { name: 'an undocumented data type', document: withRules(transformation({ 'rule-action': 'change-data-type', 'data-type': { type: 'varchar' } })), expected: ['rules[1].data-type.type: must be one of bytes, date, time, datetime, int1, int2, int4, int8, numeric, real4, real8, string, uint1, uint2, uint4, uint8, wstring, blob, nclob, clob, boolean, set, list, map, tuple'] },
  { name: 'a negative data-type length', document: withRules(transformation({ 'rule-action': 'change-data-type', 'data-type': { type: 'string', length: -5 } })), expected: ['rules[1].data-type.length: must be 1 or more'] },
  { name: 'a data-type with a size key', document: withRules(transformation({ 'rule-action': 'change-data-type', 'data-type': { type: 'string', size: 10 } })), expected: ['rules[1].data-type.size: is not a field of data-type'] },
  { name: 'add-column without data-type', document: withRules(transformation({ 'rule-action': 'add-column', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, value: 'loaded_at' })), expected: ['rules[1].data-type: is required by rule-action add-column'] },
  { name: 'define-primary-key on a wildcard table', document: withRules(transformation({ 'rule-action': 'define-primary-key', 'rule-target': 'table', 'object-locator': { 'schema-name': 'dbo', 'table-name': '%' }, 'primary-key-def': { name: 'pk', columns: ['Id'] } })), expected: ['rules[1].object-locator.table-name: must be an exact name with rule-action define-primary-key (no wildcards)'] },
  { name: 'a primary key without columns', document: withRules(transformation({ 'rule-action': 'define-primary-key', 'rule-target': 'table', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, 'primary-key-def': { name: 'pk', columns: [] } })), expected: ['rules[1].primary-key-def.columns: must not be empty'] },
  { name: 'an unknown primary-key origin', document: withRules(transformation({ 'rule-action': 'define-primary-key', 'rule-target': 'table', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, 'primary-key-def': { name: 'pk', origin: 'unique', columns: ['Id'] } })), expected: ['rules[1].primary-key-def.origin: must be one of primary-key, unique-index'] },
  { name: 'before-image columns with no prefix and no suffix', document: withRules(transformation({ 'rule-action': 'add-before-image-columns', 'before-image-def': { 'column-prefix': '', 'column-suffix': '' } })), expected: ['rules[1].before-image-def: column-prefix and column-suffix must not both be empty'] },
  { name: 'a before-image column filter non-blob', document: withRules(transformation({ 'rule-action': 'add-before-image-columns', 'before-image-def': { 'column-filter': 'non-blob' } })), expected: ['rules[1].before-image-def.column-filter: must be one of pk-only, non-lob, all'] },
  { name: 'a digits mask of two characters', document: withRules(transformation({ 'rule-action': 'data-masking-digits-mask', value: '##' })), expected: ['rules[1].value: must be one printable ASCII character, not a space (it replaces each digit)'] },
  { name: 'a tablespace rename for a PostgreSQL target', target: 'postgres', document: withRules(transformation({ 'rule-action': 'rename', 'rule-target': 'table-tablespace', 'object-locator': { 'schema-name': 'dbo', 'table-name': '%', 'table-tablespace-name': 'USERS' }, value: 'DATA' })), expected: ['rules[1].rule-target: table-tablespace is available only for Oracle targets, not postgres'] },
  { name: 'a table-tablespace rule without the tablespace name', target: 'oracle', document: withRules(transformation({ 'rule-action': 'rename', 'rule-target': 'table-tablespace', 'object-locator': { 'schema-name': 'dbo', 'table-name': '%' }, value: 'DATA' })), expected: ['rules[1].object-locator.table-tablespace-name: is required'] },
  { name: 'two actions on one column', document: withRules(transformation({ 'rule-action': 'convert-lowercase' }), transformation({ 'rule-action': 'add-prefix', value: 'x_' })), expected: ['rules[2].object-locator: rules[1] already transforms this column; DMS applies one transformation action per object (combine them or target different objects)'] },
  { name: 'a locator data-type outside change-data-type', document: withRules(transformation({ 'rule-action': 'remove-column', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': '%', 'data-type': 'clob' } })), expected: ['rules[1].object-locator.data-type: selects columns by type only for rule-action change-data-type'] },

  // table-settings
  { name: 'table-settings on a wildcard table', document: withRules(tableSettings({ 'object-locator': { 'schema-name': 'dbo', 'table-name': '%' }, 'parallel-load': { type: 'partitions-auto' } })), expected: ['rules[1].object-locator.table-name: must be an exact name: DMS requires exact schema and table names in table-settings rules'] },
  { name: 'table-settings that set nothing', document: withRules(tableSettings({})), expected: ['rules[1]: a table-settings rule needs parallel-load or lob-settings'] },
  { name: 'an unknown parallel-load type', document: withRules(tableSettings({ 'parallel-load': { type: 'hash' } })), expected: ['rules[1].parallel-load.type: must be one of partitions-auto, subpartitions-auto, partitions-list, ranges, none'] },
  { name: 'ranges without boundaries', document: withRules(tableSettings({ 'parallel-load': { type: 'ranges', columns: ['Id'] } })), expected: ['rules[1].parallel-load.boundaries: is required'] },
  { name: 'a boundary with the wrong number of values', document: withRules(tableSettings({ 'parallel-load': { type: 'ranges', columns: ['Id', 'Region'], boundaries: [['100']] } })), expected: ['rules[1].parallel-load.boundaries[0]: must have 2 value(s), one per column in columns, not 1'] },
  { name: 'eleven range columns', document: withRules(tableSettings({ 'parallel-load': { type: 'ranges', columns: Array.from({ length: 11 }, (_, i) => `c${i}`), boundaries: [Array.from({ length: 11 }, () => '1')] } })), expected: ['rules[1].parallel-load.columns: must list at most 10 columns'] },
  { name: 'segment names not matching the boundaries', document: withRules(tableSettings({ 'parallel-load': { type: 'ranges', columns: ['Id'], boundaries: [['10'], ['20']], 'segment-names': ['a', 'b'] } })), expected: ['rules[1].parallel-load.segment-names: must name 3 segments (boundaries + 1), not 2'] },
  { name: 'partitions on a ranges load', document: withRules(tableSettings({ 'parallel-load': { type: 'ranges', columns: ['Id'], boundaries: [['10']], partitions: ['p1'] } })), expected: ['rules[1].parallel-load.partitions: is not a field of parallel-load of type ranges'] },
  { name: 'partitions-list without partitions', document: withRules(tableSettings({ 'parallel-load': { type: 'partitions-list' } })), expected: ['rules[1].parallel-load.partitions: is required'] },
  { name: 'an unknown LOB mode', document: withRules(tableSettings({ 'lob-settings': { mode: 'full', 'bulk-max-size': '100' } })), expected: ['rules[1].lob-settings.mode: must be one of limited, unlimited, none'] },
  { name: 'limited LOB mode without a size', document: withRules(tableSettings({ 'lob-settings': { mode: 'limited' } })), expected: ['rules[1].lob-settings.bulk-max-size: must be a nonzero size in KB in limited LOB mode'] },
  { name: 'lob-max-size instead of bulk-max-size', document: withRules(tableSettings({ 'lob-settings': { mode: 'unlimited', 'lob-max-size': '0' } })), expected: ['rules[1].lob-settings.lob-max-size: is not a field of lob-settings'] },
  { name: 'table-settings for a table no selection includes', document: withRules(tableSettings({ 'object-locator': { 'schema-name': 'sales', 'table-name': 'Orders' }, 'parallel-load': { type: 'partitions-auto' } })), expected: ['rules[1].object-locator: sales.Orders is not included by any selection rule, so this table-settings rule never applies'] },
  { name: 'table-settings for an excluded table', document: withRules({ 'rule-type': 'selection', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' }, 'rule-action': 'exclude' }, tableSettings({ 'parallel-load': { type: 'partitions-auto' } })), expected: ['rules[2].object-locator: dbo.Orders is excluded by rules[1], so this table-settings rule never applies'] },

  // object-mapping
  { name: 'object mapping for a Redshift target', target: 'redshift', document: withRules(objectMapping({ 'partition-key-name': 'Id' })), expected: ['rules[1].rule-type: object-mapping rules apply only to dynamodb, kinesis, kafka targets, not redshift'] },
  { name: 'an unknown object-mapping action', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id' }, { 'rule-action': 'map-record' })), expected: ['rules[1].rule-action: must be one of map-record-to-record, map-record-to-document'] },
  { name: 'a sort key without a partition key', target: 'dynamodb', document: withRules(objectMapping({ 'sort-key-name': 'Created' })), expected: ['rules[1].mapping-parameters.sort-key-name: needs partition-key-name (a sort key belongs to a composite key)'] },
  { name: 'an attribute mapping without a type', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [{ 'target-attribute-name': 'Id', value: '${Id}' }] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].attribute-type: is required: one of scalar, document'] },
  { name: 'an unclosed column template', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [scalar('Id', 'ORDER#${Id')] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].value: has an unclosed ${ at position 7'] },
  { name: 'an empty column template', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [scalar('Id', 'ORDER#${}')] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].value: has an empty ${} at position 7'] },
  { name: 'a duplicate target attribute', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [scalar('Id', '${Id}'), scalar('Id', '${OrderId}')] })), expected: ['rules[1].mapping-parameters.attribute-mappings[1].target-attribute-name: duplicate attribute "Id" (also attribute-mappings[0])'] },
  { name: 'a scalar sub-type of date', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [scalar('Id', '${Id}', 'date')] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].attribute-sub-type: must be one of string, number, boolean'] },
  { name: 'a json document for DynamoDB', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [{ 'target-attribute-name': 'Doc', 'attribute-type': 'document', 'attribute-sub-type': 'json', value: { a: '${Id}' } }] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].attribute-sub-type: must be dynamodb-map or dynamodb-list for a dynamodb target'] },
  { name: 'a dynamodb-map that is not a map', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [{ 'target-attribute-name': 'Doc', 'attribute-type': 'document', 'attribute-sub-type': 'dynamodb-map', value: { S: '${Id}' } }] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].value: must be a map ({"M": {...}}) for attribute-sub-type dynamodb-map'] },
  { name: 'a DynamoDB value with two type keys', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'attribute-mappings': [{ 'target-attribute-name': 'Doc', 'attribute-type': 'document', 'attribute-sub-type': 'dynamodb-map', value: { M: { Name: { S: '${Name}', N: '1' } } } }] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].value.M.Name: must have exactly one DynamoDB type key (S, N, B, BOOL, NULL, M, L, SS, NS, BS)'] },
  { name: 'a partition-key-type for DynamoDB', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-type': 'primary-key', 'partition-key-name': 'Id' })), expected: ['rules[1].mapping-parameters.partition-key-type: applies to Kinesis and Kafka targets; DynamoDB uses partition-key-name'] },
  { name: 'a constant partition key without a value', target: 'kinesis', document: withRules(objectMapping({ 'partition-key-type': 'constant' })), expected: ['rules[1].mapping-parameters.partition-key: is required'] },
  { name: 'a condition expression without expression', target: 'dynamodb', document: withRules(objectMapping({ 'partition-key-name': 'Id', 'condition-expression': { 'apply-during-cdc': true } })), expected: ['rules[1].mapping-parameters.condition-expression.expression: is required'] },

  // post-processing
  { name: 'post-processing for a DynamoDB target', target: 'dynamodb', document: withRules({ 'rule-type': 'post-processing', 'rule-action': 'add-tag', 'object-locator': { 'schema-name': 'dbo', 'table-name': '%' }, 'tag-set': [{ key: 'a', value: 'b' }] }), expected: ['rules[1].rule-type: post-processing rules apply only to S3 targets, not dynamodb'] },
  { name: 'eleven S3 tags', target: 's3', document: withRules({ 'rule-type': 'post-processing', 'rule-action': 'add-tag', 'object-locator': { 'schema-name': 'dbo', 'table-name': '%' }, 'tag-set': Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }), expected: ['rules[1].tag-set: must have at most 10 tags (the S3 limit per object)'] },
  { name: 'a duplicate S3 tag key', target: 's3', document: withRules({ 'rule-type': 'post-processing', 'rule-action': 'add-tag', 'object-locator': { 'schema-name': 'dbo', 'table-name': '%' }, 'tag-set': [{ key: 'a', value: '1' }, { key: 'a', value: '2' }] }), expected: ['rules[1].tag-set[1].key: duplicate tag key "a"'] },
];

// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
export const BAD_SETTINGS: readonly BadDocument[] = [
  { name: 'a misspelt key', document: { FullLoadSettings: { MaxFullLoadSubtasks: 8 } }, expected: ['FullLoadSettings.MaxFullLoadSubtasks: is not a known setting; did you mean MaxFullLoadSubTasks?'] },
  { name: 'MaxFullLoadSubTasks of 0', document: { FullLoadSettings: { MaxFullLoadSubTasks: 0 } }, expected: ['FullLoadSettings.MaxFullLoadSubTasks: must be between 1 and 49'] },
  { name: 'CommitRate of 50001', document: { FullLoadSettings: { CommitRate: 50001 } }, expected: ['FullLoadSettings.CommitRate: must be between 1 and 50000'] },
  { name: 'an unknown TargetTablePrepMode', document: { FullLoadSettings: { TargetTablePrepMode: 'DROP' } }, expected: ['FullLoadSettings.TargetTablePrepMode: must be one of DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD'] },
  { name: 'SupportLobs without a LOB mode', document: { TargetMetadata: { SupportLobs: true } }, expected: ['TargetMetadata.SupportLobs: needs FullLobMode or LimitedSizeLobMode set to true'] },
  { name: 'both LOB modes', document: { TargetMetadata: { SupportLobs: true, FullLobMode: true, LobChunkSize: 64, LimitedSizeLobMode: true, LobMaxSize: 32 } }, expected: ['TargetMetadata.LimitedSizeLobMode: cannot be true together with FullLobMode: choose one LOB mode'] },
  { name: 'limited LOB mode without LobMaxSize', document: { TargetMetadata: { SupportLobs: true, LimitedSizeLobMode: true } }, expected: ['TargetMetadata.LobMaxSize: is required when LimitedSizeLobMode is true'] },
  { name: 'full LOB mode without LobChunkSize', document: { TargetMetadata: { SupportLobs: true, FullLobMode: true } }, expected: ['TargetMetadata.LobChunkSize: is required when FullLobMode is true (64 KB is the recommended value)'] },
  { name: 'batch apply with full LOB mode', document: { TargetMetadata: { SupportLobs: true, FullLobMode: true, LobChunkSize: 64, BatchApplyEnabled: true } }, expected: ['TargetMetadata.BatchApplyEnabled: works only in limited LOB mode when LOB columns are replicated; turn off FullLobMode or BatchApplyEnabled'] },
  { name: 'InlineLobMaxSize in limited mode', document: { TargetMetadata: { SupportLobs: true, LimitedSizeLobMode: true, LobMaxSize: 32, InlineLobMaxSize: 16 } }, expected: ['TargetMetadata.InlineLobMaxSize: applies only with FullLobMode true'] },
  { name: 'LobMaxSize above 100 MB', document: { TargetMetadata: { LobMaxSize: 102401 } }, expected: ['TargetMetadata.LobMaxSize: must be between 0 and 102400'] },
  { name: 'ParallelLoadThreads of 201 for DynamoDB', target: 'dynamodb', document: { TargetMetadata: { ParallelLoadThreads: 201 } }, expected: ['TargetMetadata.ParallelLoadThreads: must be at most 200 for a dynamodb target'] },
  { name: 'ParallelLoadThreads of 33 for Redshift', target: 'redshift', document: { TargetMetadata: { ParallelLoadThreads: 33 } }, expected: ['TargetMetadata.ParallelLoadThreads: must be at most 32 for a redshift target'] },
  { name: 'ParallelLoadBufferSize of 1001', document: { TargetMetadata: { ParallelLoadBufferSize: 1001 } }, expected: ['TargetMetadata.ParallelLoadBufferSize: must be between 0 and 1000'] },
  { name: 'ParallelLoadQueuesPerThread for DynamoDB', target: 'dynamodb', document: { TargetMetadata: { ParallelLoadQueuesPerThread: 4 } }, expected: ['TargetMetadata.ParallelLoadQueuesPerThread: applies only to kinesis and kafka targets, not dynamodb (only its default 0 or 1 is accepted here)'] },
  { name: 'ParallelApplyThreads for DynamoDB', target: 'dynamodb', document: { TargetMetadata: { ParallelApplyThreads: 4 } }, expected: ['TargetMetadata.ParallelApplyThreads: applies only to kinesis, kafka, opensearch, elasticsearch, redshift, redshift-serverless, docdb targets, not dynamodb (only its default 0 is accepted here)'] },
  { name: 'batch apply to Kinesis', target: 'kinesis', document: { TargetMetadata: { BatchApplyEnabled: true } }, expected: ['TargetMetadata.BatchApplyEnabled: is not supported for kinesis targets (it can lose data)'] },
  { name: 'full LOB mode to Redshift', target: 'redshift', document: { TargetMetadata: { SupportLobs: true, FullLobMode: true, LobChunkSize: 64 } }, expected: ['TargetMetadata.FullLobMode: is not supported for redshift targets'] },
  { name: 'EnableLogContext without logging', document: { Logging: { EnableLogContext: true } }, expected: ['Logging.EnableLogContext: is not allowed unless Logging.EnableLogging is true'] },
  { name: 'an unknown log severity', document: { Logging: { EnableLogging: true, LogComponents: [{ Id: 'SOURCE_UNLOAD', Severity: 'DEBUG' }] } }, expected: ['Logging.LogComponents[0].Severity: must be one of LOGGER_SEVERITY_ERROR, LOGGER_SEVERITY_WARNING, LOGGER_SEVERITY_INFO, LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_DEBUG, LOGGER_SEVERITY_DETAILED_DEBUG'] },
  { name: 'a log component twice', document: { Logging: { EnableLogging: true, LogComponents: [{ Id: 'IO', Severity: 'LOGGER_SEVERITY_DEFAULT' }, { Id: 'IO', Severity: 'LOGGER_SEVERITY_DEBUG' }] } }, expected: ['Logging.LogComponents[1].Id: duplicate component IO (also LogComponents[0])'] },
  { name: 'CloudWatchLogGroup', document: { Logging: { EnableLogging: true, CloudWatchLogGroup: 'dms-tasks-x' } }, expected: ['Logging.CloudWatchLogGroup: is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it'] },
  { name: 'CloudWatchLogStream', document: { Logging: { EnableLogging: true, CloudWatchLogStream: 'x' } }, expected: ['Logging.CloudWatchLogStream: is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it'] },
  { name: 'a string where a number belongs', document: { ChangeProcessingTuning: { MemoryLimitTotal: '1024' } }, expected: ['ChangeProcessingTuning.MemoryLimitTotal: must be a number'] },
  { name: 'StatementCacheSize above 200', document: { ChangeProcessingTuning: { StatementCacheSize: 201 } }, expected: ['ChangeProcessingTuning.StatementCacheSize: must be between 0 and 200'] },
  { name: 'validation-only on a full-load task', migrationType: 'full-load', document: { ValidationSettings: { EnableValidation: true, ValidationOnly: true } }, expected: ['ValidationSettings.ValidationOnly: requires migration type cdc'] },
  { name: 'before image without a field name', document: { BeforeImageSettings: { EnableBeforeImage: true } }, expected: ['BeforeImageSettings.FieldName: is required when EnableBeforeImage is true'] },
  { name: 'before image on a full-load task', migrationType: 'full-load', document: { BeforeImageSettings: { EnableBeforeImage: true, FieldName: 'before' } }, expected: ['BeforeImageSettings.EnableBeforeImage: does not apply to full-load-only tasks'] },
  { name: 'a TableErrorEscalationPolicy other than STOP_TASK', document: { ErrorBehavior: { TableErrorEscalationPolicy: 'SUSPEND_TABLE' } }, expected: ['ErrorBehavior.TableErrorEscalationPolicy: must be one of STOP_TASK'] },
  { name: 'CtrlStreamBufferSizeInMB of 9', document: { StreamBufferSettings: { CtrlStreamBufferSizeInMB: 9 } }, expected: ['StreamBufferSettings.CtrlStreamBufferSizeInMB: must be between 1 and 8'] },
];
