/**
 * DynamoDB object mappings, tied to the table definitions: derived from them, checked against them (every key
 * and index key attribute written, with the declared type), and previewed as the items DMS would write.
 *
 * DMS behaviour assumed here (AWS DMS user guide, "Using Amazon DynamoDB as a target"): with
 * `map-record-to-record` every source column not in `exclude-columns` becomes an attribute of the same name,
 * and `attribute-mappings` add or override attributes from `${column}` templates.
 */
import type { ValidationIssue } from '../../../core/errors';
import { formatPath } from '../../../core/errors';
import { type ColumnType, type DynamoDbTableSpec, NUMERIC_COLUMN_TYPES, type SourceTableSpec } from '../../../config/schema';
import { TableMappingsBuilder } from '../../../mappings/builder';
import { templateColumns } from '../../../mappings/rules/object-mapping';
import type { AttributeMapping, ObjectMappingRule, TableMappings } from '../../../mappings/rules/types';

type DynamoType = 'S' | 'N' | 'B';
type Json = Record<string, unknown>;

/** The DynamoDB type DMS gives a column copied by `map-record-to-record`. */
function dynamoTypeOfColumn(type: ColumnType): DynamoType | 'BOOL' | 'M' {
  if (NUMERIC_COLUMN_TYPES.includes(type)) return 'N';
  if (type === 'boolean') return 'BOOL';
  if (type === 'binary') return 'B';
  return 'S';
}

const SUB_TYPE_OF: Record<DynamoType, AttributeMapping['attribute-sub-type']> = { S: 'string', N: 'number', B: 'string' };
const TYPE_OF_SUB_TYPE: Record<string, string> = { string: 'S', number: 'N', boolean: 'BOOL' };

interface KeyAttribute {
  name: string;
  type: DynamoType;
  /** "partition key", "sort key", or "GSI <name> partition key". */
  role: string;
}

function keyAttributes(table: DynamoDbTableSpec): KeyAttribute[] {
  const keys: KeyAttribute[] = [{ ...table.partitionKey, role: 'partition key' }];
  if (table.sortKey) keys.push({ ...table.sortKey, role: 'sort key' });
  for (const index of table.globalSecondaryIndexes) {
    keys.push({ ...index.partitionKey, role: `GSI ${index.name} partition key` });
    if (index.sortKey) keys.push({ ...index.sortKey, role: `GSI ${index.name} sort key` });
  }
  return keys;
}

function sourceOf(table: DynamoDbTableSpec, sources: readonly SourceTableSpec[]): SourceTableSpec | undefined {
  return sources.find((s) => `${s.schema}.${s.name}` === table.source);
}

/**
 * Selection and object-mapping rules from the table definitions: one `include` per source table, and per
 * DynamoDB table a `map-record-to-record` rule whose attribute mappings write the configured templates, typed
 * as the table declares them; key attributes that are source columns are copied by DMS under their own name.
 */
export function deriveDynamoDbMappings(tables: readonly DynamoDbTableSpec[], sources: readonly SourceTableSpec[]): TableMappings {
  const builder = new TableMappingsBuilder('dynamodb');
  const included = new Set<string>();
  for (const table of tables) {
    const [schema, name] = table.source.split('.');
    if (!included.has(table.source)) builder.include({ schema, table: name });
    included.add(table.source);
  }
  for (const table of tables) {
    const [schema, name] = table.source.split('.');
    const columns = sourceOf(table, sources)?.columns ?? {};
    const primaryKey = new Set(sourceOf(table, sources)?.primaryKey ?? []);
    const mappings = new Map<string, AttributeMapping>();
    for (const key of keyAttributes(table)) {
      if (mappings.has(key.name)) continue;
      // A key that is a column of the same name is left to DMS's own copy of same-named columns, which skips
      // NULL values (AWS DMS user guide, "Using object mapping to migrate data to DynamoDB"), so a nullable
      // column makes a sparse index. What a `${column}` template renders for NULL is not documented, and with
      // ApplyErrorInsertPolicy LOG_ERROR such rows could be dropped quietly: no template for these keys.
      // checkDynamoDbMappings still checks the column's DynamoDB type against the key's. Primary key columns
      // are never NULL, so they keep their explicit, typed mapping.
      const template = table.attributes[key.name] ?? (primaryKey.has(key.name) && key.name in columns ? `\${${key.name}}` : undefined);
      if (template === undefined) continue;
      mappings.set(key.name, {
        'target-attribute-name': key.name,
        'attribute-type': 'scalar',
        'attribute-sub-type': SUB_TYPE_OF[key.type],
        value: template,
      });
    }
    for (const [attribute, template] of Object.entries(table.attributes)) {
      if (!mappings.has(attribute))
        mappings.set(attribute, {
          'target-attribute-name': attribute,
          'attribute-type': 'scalar',
          'attribute-sub-type': 'string',
          value: template,
        });
    }
    builder.objectMapping({
      schema,
      table: name,
      targetTableName: table.name,
      partitionKeyName: table.partitionKey.name,
      sortKeyName: table.sortKey?.name,
      excludeColumns: table.excludeColumns,
      attributeMappings: [...mappings.values()],
    });
  }
  return builder.build();
}

/**
 * A mapping against the tables it writes: each table written by one object-mapping rule from its source
 * table, the rule's key names equal to the table's, every key and index key attribute written with the
 * declared type, and templates naming existing columns. Paths are inside the mapping document.
 */
export function checkDynamoDbMappings(
  mappings: TableMappings,
  tables: readonly DynamoDbTableSpec[],
  sources: readonly SourceTableSpec[],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (path: PropertyKey[], message: string) => issues.push({ path: formatPath(path), message });
  const objectMappings = mappings.rules
    .map((rule, index) => ({ rule, index }))
    .filter((entry): entry is { rule: ObjectMappingRule; index: number } => entry.rule['rule-type'] === 'object-mapping');

  for (const { rule, index } of objectMappings) {
    const name = rule['target-table-name'];
    if (!tables.some((t) => t.name === name)) {
      at(
        ['rules', index, 'target-table-name'],
        `${name ?? '(none)'} is not one of the target tables (${tables.map((t) => t.name).join(', ')}); DMS would write a table Terraform does not define`,
      );
    }
  }

  for (const table of tables) {
    const writers = objectMappings.filter(({ rule }) => rule['target-table-name'] === table.name);
    if (writers.length === 0) {
      at(['rules'], `no object-mapping rule writes ${table.name} (target-table-name)`);
      continue;
    }
    for (const extra of writers.slice(1))
      at(['rules', extra.index, 'target-table-name'], `${table.name} is already written by rules[${writers[0].index}]`);
    const { rule, index } = writers[0];
    const path: PropertyKey[] = ['rules', index];
    const source = sourceOf(table, sources);
    const locator = `${rule['object-locator']['schema-name']}.${rule['object-locator']['table-name']}`;
    if (locator !== table.source) at([...path, 'object-locator'], `maps ${locator}, but ${table.name} is defined from ${table.source}`);
    const columns = source?.columns ?? {};
    const parameters = rule['mapping-parameters'] ?? {};
    const parametersPath = [...path, 'mapping-parameters'];

    if (parameters['partition-key-name'] !== table.partitionKey.name) {
      at([...parametersPath, 'partition-key-name'], `must be ${table.partitionKey.name}, the partition key of ${table.name}`);
    }
    if (parameters['sort-key-name'] !== table.sortKey?.name) {
      at(
        [...parametersPath, 'sort-key-name'],
        table.sortKey ? `must be ${table.sortKey.name}, the sort key of ${table.name}` : `${table.name} has no sort key`,
      );
    }

    const attributeMappings = parameters['attribute-mappings'] ?? [];
    attributeMappings.forEach((mapping, mappingIndex) => {
      for (const column of templateColumns(mapping.value)) {
        if (!(column in columns))
          at([...parametersPath, 'attribute-mappings', mappingIndex, 'value'], `\${${column}} is not a column of ${table.source}`);
      }
    });
    (parameters['exclude-columns'] ?? []).forEach((column, columnIndex) => {
      if (!(column in columns)) at([...parametersPath, 'exclude-columns', columnIndex], `${column} is not a column of ${table.source}`);
    });

    /** How an attribute gets written: by an attribute mapping, or copied from a column; with its type. */
    const written = (attribute: string): { type: string; how: string } | undefined => {
      const mapping = attributeMappings.find((m) => m['target-attribute-name'] === attribute);
      if (mapping) {
        return mapping['attribute-type'] === 'document'
          ? { type: mapping['attribute-sub-type'] === 'dynamodb-list' ? 'L' : 'M', how: 'a document attribute mapping' }
          : {
              type: TYPE_OF_SUB_TYPE[mapping['attribute-sub-type'] ?? 'string'],
              how: `attribute-sub-type ${mapping['attribute-sub-type'] ?? 'string'}`,
            };
      }
      if (
        rule['rule-action'] === 'map-record-to-record' &&
        attribute in columns &&
        !(parameters['exclude-columns'] ?? []).includes(attribute)
      ) {
        return { type: dynamoTypeOfColumn(columns[attribute]), how: `column ${attribute} (${columns[attribute]})` };
      }
      return undefined;
    };
    for (const key of keyAttributes(table)) {
      const how = written(key.name);
      if (!how) {
        at(parametersPath, `${key.role} ${key.name} of ${table.name} is never written (no attribute mapping, no column of that name)`);
      } else if (how.type !== key.type) {
        at(parametersPath, `${key.role} ${key.name} of ${table.name} is ${key.type}, but the mapping writes ${how.type} (${how.how})`);
      } else if (key.type === 'N') {
        // A number key must get a number: one numeric column, nothing around it. A string column written as
        // attribute-sub-type number passes here and in DMS, and DynamoDB rejects the item at load time.
        const mapping = attributeMappings.find((m) => m['target-attribute-name'] === key.name);
        if (mapping && typeof mapping.value === 'string') {
          const only = /^\$\{([^${}]+)\}$/.exec(mapping.value);
          if (!only) {
            at(
              parametersPath,
              `${key.role} ${key.name} of ${table.name} is N, but the mapping writes the template ${mapping.value}, which is not a number; use a single numeric column`,
            );
          } else if (only[1] in columns && !NUMERIC_COLUMN_TYPES.includes(columns[only[1]])) {
            at(
              parametersPath,
              `${key.role} ${key.name} of ${table.name} is N, but the mapping writes \${${only[1]}}, a ${columns[only[1]]} column of ${table.source}: DynamoDB rejects an N attribute that is not a number`,
            );
          }
        }
      }
    }
  }
  return issues;
}

/** A DynamoDB attribute value in the wire format (`{"S": "..."}`, `{"N": "..."}`, ...). */
export type AttributeValue = { S: string } | { N: string } | { BOOL: boolean } | { B: string } | { M: Record<string, AttributeValue> };

/** Sample values from column types, for previews when the config gives no rows. */
export function sampleRow(columns: Record<string, ColumnType>, n = 1): Record<string, string | number | boolean> {
  const values: Record<ColumnType, (column: string) => string | number | boolean> = {
    smallint: () => n,
    int: () => 1000 + n,
    bigint: () => 9_000_000_000 + n,
    decimal: () => 125.5 * n,
    numeric: () => 125.5 * n,
    real: () => 1.5 * n,
    double: () => 2.25 * n,
    boolean: () => n % 2 === 1,
    string: (column) => `${column}-${n}`,
    uuid: () => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    date: () => `2025-12-0${n % 9 || 1}`,
    time: () => `10:15:0${n % 9}`,
    timestamp: () => `2025-12-05 10:15:${String(n % 60).padStart(2, '0')}.000000`,
    json: (column) => JSON.stringify({ [column]: n }),
    binary: () => Buffer.from(`bytes-${n}`).toString('base64'),
  };
  return Object.fromEntries(Object.entries(columns).map(([column, type]) => [column, values[type](column)]));
}

function typed(value: string | number | boolean, type: string): AttributeValue {
  if (type === 'N') return { N: String(value) };
  if (type === 'BOOL') return { BOOL: value === true || value === 'true' };
  if (type === 'B') return { B: String(value) };
  return { S: String(value) };
}

/** `${column}` templates filled from a row; undefined when a referenced column is null (no attribute is written). */
function fill(template: string, row: Json): string | undefined {
  let missing = false;
  const text = template.replace(/\$\{([^${}]+)\}/g, (_, column: string) => {
    const value = row[column];
    if (value === null || value === undefined) missing = true;
    return String(value);
  });
  return missing ? undefined : text;
}

function fillDocument(value: unknown, row: Json): unknown {
  if (typeof value === 'string') return fill(value, row) ?? '';
  if (Array.isArray(value)) return value.map((item) => fillDocument(item, row));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDocument(v, row)]));
  return value;
}

/** The item DMS would write for `row` under an object-mapping rule. */
export function previewItem(rule: ObjectMappingRule, columns: Record<string, ColumnType>, row: Json): Record<string, AttributeValue> {
  const parameters = rule['mapping-parameters'] ?? {};
  const excluded = new Set(parameters['exclude-columns'] ?? []);
  const item: Record<string, AttributeValue> = {};
  const copied: Record<string, AttributeValue> = {};
  for (const [column, type] of Object.entries(columns)) {
    const value = row[column];
    if (excluded.has(column) || value === null || value === undefined) continue;
    copied[column] = typed(value as string | number | boolean, dynamoTypeOfColumn(type));
  }
  if (rule['rule-action'] === 'map-record-to-document') item._doc = { M: copied };
  else Object.assign(item, copied);
  for (const mapping of parameters['attribute-mappings'] ?? []) {
    const name = mapping['target-attribute-name'];
    if (mapping['attribute-type'] === 'document') {
      item[name] = fillDocument(mapping.value, row) as AttributeValue;
      continue;
    }
    const text = fill(String(mapping.value), row);
    if (text === undefined) delete item[name];
    else item[name] = typed(text, TYPE_OF_SUB_TYPE[mapping['attribute-sub-type'] ?? 'string']);
  }
  return item;
}
