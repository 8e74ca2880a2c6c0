/**
 * Object-mapping rules for DynamoDB, Kinesis and Kafka targets (AWS DMS user guide, each target's "object
 * mapping" section).
 */
import { firstUses } from '../../core/duplicates';
import { OBJECT_MAPPING_TARGETS } from '../target-capabilities';
import type { Checker, JsonObject, Path } from './checker';
import { checkLocator } from './locator';
import { ATTRIBUTE_TYPES, OBJECT_MAPPING_ACTIONS, PARTITION_KEY_TYPES } from './types';

const FIELDS = ['rule-type', 'rule-id', 'rule-name', 'rule-action', 'object-locator', 'target-table-name', 'mapping-parameters'];
/** Kafka target page: "With AWS DMS engine versions 3.4.6 and higher, you can use the kafka-target-topic attribute". */
const KAFKA_FIELDS = ['kafka-target-topic', 'partition-key'];
/** The keys of `mapping-parameters`, in the order the canonical form writes them (table-mappings.ts). */
export const MAPPING_PARAMETERS = [
  'partition-key-type',
  'partition-key-name',
  'sort-key-name',
  'partition-key',
  'exclude-columns',
  'attribute-mappings',
  'condition-expression',
];
const DYNAMODB_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];

export function checkObjectMapping(check: Checker, rule: JsonObject, path: Path): void {
  const engine = check.context.target;
  if (engine && !OBJECT_MAPPING_TARGETS.includes(engine)) {
    check.at([...path, 'rule-type'], `object-mapping rules apply only to ${OBJECT_MAPPING_TARGETS.join(', ')} targets, not ${engine}`);
  }
  check.onlyKeys(rule, [...FIELDS, ...KAFKA_FIELDS], path, 'an object-mapping rule');
  for (const key of KAFKA_FIELDS) {
    if (rule[key] !== undefined && engine && engine !== 'kafka') check.at([...path, key], `applies only to Kafka targets, not ${engine}`);
  }
  check.optionalString(rule, 'kafka-target-topic', path);
  if (rule['partition-key'] !== undefined && check.object(rule['partition-key'], [...path, 'partition-key'])) {
    check.onlyKeys(rule['partition-key'], ['value'], [...path, 'partition-key'], 'partition-key');
    check.string(rule['partition-key'], 'value', [...path, 'partition-key']);
  }
  check.oneOf(rule, 'rule-action', OBJECT_MAPPING_ACTIONS, path);
  checkLocator(check, rule, path, { required: ['schema-name', 'table-name'], what: 'an object-mapping object-locator' });
  const targetTable = check.optionalString(rule, 'target-table-name', path);
  if (targetTable !== undefined) check.nameText(targetTable, [...path, 'target-table-name']);
  if (rule['mapping-parameters'] !== undefined) checkParameters(check, rule['mapping-parameters'], [...path, 'mapping-parameters']);
}

function checkParameters(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  const engine = check.context.target;
  check.onlyKeys(value, MAPPING_PARAMETERS, path, 'mapping-parameters');
  const partitionKey = check.optionalString(value, 'partition-key-name', path);
  const sortKey = check.optionalString(value, 'sort-key-name', path);
  if (sortKey !== undefined && value['partition-key-name'] === undefined) {
    check.at([...path, 'sort-key-name'], 'needs partition-key-name (a sort key belongs to a composite key)');
  }
  if (partitionKey !== undefined && partitionKey === sortKey) {
    check.at([...path, 'sort-key-name'], 'must differ from partition-key-name');
  }

  const keyType = check.oneOf(value, 'partition-key-type', PARTITION_KEY_TYPES, path, false);
  if (value['partition-key-type'] !== undefined && engine === 'dynamodb') {
    check.at([...path, 'partition-key-type'], 'applies to Kinesis and Kafka targets; DynamoDB uses partition-key-name');
  }
  // A constant key: `partition-key: {value}`, with partition-key-type constant or (as the guide's example
  // shows) without a type.
  if (keyType === 'constant' || (value['partition-key'] !== undefined && value['partition-key-type'] === undefined)) {
    const constant = value['partition-key'];
    if (check.object(constant, [...path, 'partition-key'])) {
      check.onlyKeys(constant, ['value'], [...path, 'partition-key'], 'partition-key');
      check.string(constant, 'value', [...path, 'partition-key']);
    }
  } else if (value['partition-key'] !== undefined) {
    check.at([...path, 'partition-key'], `is used only with partition-key-type constant, not ${String(value['partition-key-type'])}`);
  }
  if (keyType === 'attribute-name' && value['partition-key-name'] === undefined) {
    check.at([...path, 'partition-key-name'], 'is required with partition-key-type attribute-name');
  }

  if (value['exclude-columns'] !== undefined) check.stringList(value['exclude-columns'], [...path, 'exclude-columns']);
  if (value['attribute-mappings'] !== undefined)
    checkAttributeMappings(check, value['attribute-mappings'], [...path, 'attribute-mappings']);
  if (value['condition-expression'] !== undefined) checkCondition(check, value['condition-expression'], [...path, 'condition-expression']);
}

function checkAttributeMappings(check: Checker, value: unknown, path: Path) {
  if (!check.array(value, path, { nonEmpty: true })) return;
  const engine = check.context.target;
  const firstName = firstUses<string>();
  value.forEach((mapping, index) => {
    const mappingPath = [...path, index];
    if (!check.object(mapping, mappingPath)) return;
    check.onlyKeys(
      mapping,
      ['target-attribute-name', 'attribute-type', 'attribute-sub-type', 'value'],
      mappingPath,
      'an attribute mapping',
    );
    const name = check.string(mapping, 'target-attribute-name', mappingPath);
    if (name !== undefined && check.nameText(name, [...mappingPath, 'target-attribute-name'])) {
      const first = firstName(name, index);
      if (first !== undefined)
        check.at([...mappingPath, 'target-attribute-name'], `duplicate attribute "${name}" (also attribute-mappings[${first}])`);
    }
    const type = check.oneOf(mapping, 'attribute-type', Object.keys(ATTRIBUTE_TYPES) as (keyof typeof ATTRIBUTE_TYPES)[], mappingPath);
    if (!type) return;
    const subType = check.oneOf(mapping, 'attribute-sub-type', ATTRIBUTE_TYPES[type], mappingPath, type === 'document');
    if (type === 'document' && subType && engine) {
      const expected = engine === 'dynamodb' ? ['dynamodb-map', 'dynamodb-list'] : ['json'];
      if (!expected.includes(subType))
        check.at([...mappingPath, 'attribute-sub-type'], `must be ${expected.join(' or ')} for a ${engine} target`);
    }
    const valuePath = [...mappingPath, 'value'];
    if (mapping.value === undefined) {
      check.at(valuePath, 'is required');
    } else if (type === 'scalar') {
      if (typeof mapping.value !== 'string') check.at(valuePath, 'must be a template string for a scalar attribute');
      else checkTemplate(check, mapping.value, valuePath);
    } else if (!check.isObject(mapping.value)) {
      check.at(valuePath, 'must be an object for a document attribute');
    } else {
      if (subType === 'dynamodb-map' || subType === 'dynamodb-list')
        checkDynamoDbValue(check, mapping.value, valuePath, subType === 'dynamodb-map' ? 'M' : 'L');
      forEachString(mapping.value, valuePath, (text, textPath) => checkTemplate(check, text, textPath));
    }
  });
}

/** `${column}` references: each opened `${` closes, names one column, and does not nest. */
function checkTemplate(check: Checker, text: string, path: Path) {
  for (let i = text.indexOf('${'); i !== -1; i = text.indexOf('${', i + 2)) {
    const close = text.indexOf('}', i + 2);
    if (close === -1) {
      check.at(path, `has an unclosed \${ at position ${i + 1}`);
      return;
    }
    const name = text.slice(i + 2, close);
    if (name.trim() === '') check.at(path, `has an empty \${} at position ${i + 1}`);
    else if (name.includes('${')) check.at(path, `has a nested \${ at position ${i + 1}`);
    else if (name !== name.trim()) check.at(path, `has spaces around the column name in \${${name}} at position ${i + 1}`);
  }
}

/** A DynamoDB attribute value: an object with exactly one type key, recursively for M and L. */
function checkDynamoDbValue(check: Checker, value: unknown, path: Path, top?: 'M' | 'L') {
  if (!check.isObject(value)) {
    check.at(path, 'must be a DynamoDB attribute value such as {"S": "${column}"}');
    return;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1 || !DYNAMODB_TYPES.includes(keys[0])) {
    check.at(path, `must have exactly one DynamoDB type key (${DYNAMODB_TYPES.join(', ')})`);
    return;
  }
  const [type] = keys;
  if (top === 'M' && type !== 'M') check.at(path, 'must be a map ({"M": {...}}) for attribute-sub-type dynamodb-map');
  if (top === 'L' && type !== 'L') check.at(path, 'must be a list ({"L": [...]}) for attribute-sub-type dynamodb-list');
  const inner = value[type];
  if (type === 'M') {
    if (!check.isObject(inner)) check.at([...path, 'M'], 'must be an object of attribute values');
    else for (const [key, item] of Object.entries(inner)) checkDynamoDbValue(check, item, [...path, 'M', key]);
  } else if (type === 'L') {
    if (!Array.isArray(inner)) check.at([...path, 'L'], 'must be an array of attribute values');
    else inner.forEach((item, index) => checkDynamoDbValue(check, item, [...path, 'L', index]));
  }
}

function checkCondition(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  check.onlyKeys(
    value,
    ['expression', 'expression-attribute-values', 'expression-attribute-names', 'apply-during-cdc', 'apply-during-full-load'],
    path,
    'condition-expression',
  );
  check.string(value, 'expression', path);
  for (const key of ['expression-attribute-values', 'expression-attribute-names']) {
    if (value[key] === undefined) continue;
    if (!check.array(value[key], [...path, key])) continue;
    value[key].forEach((entry, index) => {
      if (!check.object(entry, [...path, key, index])) return;
      check.onlyKeys(entry, ['name', 'value'], [...path, key, index], 'an expression attribute');
      check.string(entry, 'name', [...path, key, index]);
      if (entry.value === undefined) check.at([...path, key, index, 'value'], 'is required');
    });
  }
  for (const key of ['apply-during-cdc', 'apply-during-full-load']) {
    if (value[key] !== undefined && typeof value[key] !== 'boolean') check.at([...path, key], 'must be true or false');
  }
}

function forEachString(value: unknown, path: Path, visit: (text: string, path: Path) => void) {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((item, index) => forEachString(item, [...path, index], visit));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) forEachString(item, [...path, key], visit);
}

/** Source columns a template string or document value refers to, in order of first use. */
export function templateColumns(value: unknown): string[] {
  const columns: string[] = [];
  forEachString(value, [], (text) => {
    for (const match of text.matchAll(/\$\{([^${}]+)\}/g)) if (!columns.includes(match[1])) columns.push(match[1]);
  });
  return columns;
}
