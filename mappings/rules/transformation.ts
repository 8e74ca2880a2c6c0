/**
 * Transformation rules (AWS DMS user guide, "Transformation rules and actions", "Data masking").
 */
import { repeats } from '../../core/duplicates';
import { TABLESPACE_TARGETS } from '../target-capabilities';
import { hasBroadWildcard } from '../wildcards';
import type { Checker, JsonObject, Path } from './checker';
import { checkLocator } from './locator';
import {
  BEFORE_IMAGE_COLUMN_FILTERS,
  DMS_DATA_TYPES,
  PRIMARY_KEY_ORIGINS,
  TRANSFORMATION_ACTIONS,
  TRANSFORMATION_OPTIONAL_FIELDS,
  TRANSFORMATION_TARGETS,
  type TransformationAction,
  type TransformationTarget,
} from './types';

const ACTION_FIELDS = ['value', 'old-value', 'data-type', 'expression', 'primary-key-def', 'before-image-def'];
const FIELDS = ['rule-type', 'rule-id', 'rule-name', 'rule-target', 'object-locator', 'rule-action', ...ACTION_FIELDS];

/** Locator fields per rule target. */
function locatorShape(target: TransformationTarget, action: TransformationAction | undefined) {
  switch (target) {
    case 'schema':
      return { required: ['schema-name'], what: 'a schema transformation object-locator' };
    case 'table':
      return { required: ['schema-name', 'table-name'], what: 'a table transformation object-locator' };
    case 'column':
      // add-column names the new column in `value`; add-before-image-columns covers the table's columns unless
      // one is named.
      if (action === 'add-column') return { required: ['schema-name', 'table-name'], what: 'an add-column object-locator' };
      if (action === 'add-before-image-columns') {
        return { required: ['schema-name', 'table-name'], optional: ['column-name'], what: 'an add-before-image-columns object-locator' };
      }
      return {
        required: ['schema-name', 'table-name', 'column-name'],
        optional: ['data-type'],
        what: 'a column transformation object-locator',
      };
    case 'table-tablespace':
      return { required: ['schema-name', 'table-name', 'table-tablespace-name'], what: 'a table-tablespace object-locator' };
    case 'index-tablespace':
      return { required: ['schema-name', 'table-name', 'index-tablespace-name'], what: 'an index-tablespace object-locator' };
  }
}

export function checkTransformation(check: Checker, rule: JsonObject, path: Path): void {
  check.onlyKeys(rule, FIELDS, path, 'a transformation rule');
  const action = check.oneOf(rule, 'rule-action', Object.keys(TRANSFORMATION_ACTIONS) as TransformationAction[], path);
  const target = check.oneOf(rule, 'rule-target', TRANSFORMATION_TARGETS, path);

  if (action && target) {
    const allowed: readonly TransformationTarget[] = TRANSFORMATION_ACTIONS[action].targets;
    if (!allowed.includes(target)) {
      check.at([...path, 'rule-target'], `rule-action ${action} applies to ${allowed.join(', ')}, not ${target}`);
    }
  }
  if (target && (target === 'table-tablespace' || target === 'index-tablespace')) {
    const engine = check.context.target;
    if (engine && !TABLESPACE_TARGETS.includes(engine)) {
      check.at([...path, 'rule-target'], `${target} is available only for Oracle targets, not ${engine}`);
    }
  }

  const locator = target ? checkLocator(check, rule, path, locatorShape(target, action)) : undefined;
  if (!target && rule['object-locator'] === undefined) check.at([...path, 'object-locator'], 'is required');

  if (!action) return;
  const { requires } = TRANSFORMATION_ACTIONS[action];
  const optional = TRANSFORMATION_OPTIONAL_FIELDS[action] ?? [];
  for (const field of ACTION_FIELDS) {
    // The console writes `"value": null` and `"old-value": null` for actions that do not use them; DMS
    // accepts that, so null counts as absent.
    const present = rule[field] !== undefined && rule[field] !== null;
    if ((requires as readonly string[]).includes(field)) {
      if (!present) check.at([...path, field], `is required by rule-action ${action}`);
    } else if (present && !optional.includes(field)) {
      check.at([...path, field], `is not used by rule-action ${action}`);
    }
  }

  if (rule.value !== undefined && rule.value !== null && (requires as readonly string[]).includes('value')) {
    const value = check.stringValue(rule.value, [...path, 'value']);
    if (value !== undefined && action === 'data-masking-digits-mask' && !/^[!-~]$/.test(value)) {
      check.at([...path, 'value'], 'must be one printable ASCII character, not a space (it replaces each digit)');
    }
  }
  if (rule['old-value'] !== undefined && rule['old-value'] !== null && requires.includes('old-value' as never)) {
    check.stringValue(rule['old-value'], [...path, 'old-value']);
  }
  if (rule.expression !== undefined && rule.expression !== null) check.stringValue(rule.expression, [...path, 'expression']);
  if (rule['data-type'] !== undefined && (requires as readonly string[]).includes('data-type')) {
    checkDataType(check, rule['data-type'], [...path, 'data-type']);
  }
  if (rule['primary-key-def'] !== undefined && action === 'define-primary-key') {
    checkPrimaryKey(check, rule['primary-key-def'], [...path, 'primary-key-def']);
    // "You can't use a define-primary-key rule when the rule has a wildcard (%) in a schema or table name."
    if (locator) {
      for (const key of ['schema-name', 'table-name']) {
        const value = locator[key];
        if (typeof value === 'string' && hasBroadWildcard(value)) {
          check.at([...path, 'object-locator', key], 'must be an exact name with rule-action define-primary-key (no wildcards)');
        }
      }
    }
  }
  if (rule['before-image-def'] !== undefined && action === 'add-before-image-columns') {
    checkBeforeImage(check, rule['before-image-def'], [...path, 'before-image-def']);
  }
  if (locator && locator['data-type'] !== undefined && action !== 'change-data-type') {
    check.at([...path, 'object-locator', 'data-type'], 'selects columns by type only for rule-action change-data-type');
  }
}

function checkDataType(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  check.onlyKeys(value, ['type', 'precision', 'scale', 'length'], path, 'data-type');
  check.oneOf(value, 'type', DMS_DATA_TYPES, path);
  if (value.precision !== undefined) check.integer(value.precision, [...path, 'precision'], 1);
  if (value.length !== undefined) check.integer(value.length, [...path, 'length'], 1);
  // The guide writes `"scale": ""` for types without a scale; accept that as "none".
  if (value.scale !== undefined && value.scale !== '') check.integer(value.scale, [...path, 'scale'], 0);
}

function checkPrimaryKey(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  check.onlyKeys(value, ['name', 'origin', 'columns'], path, 'primary-key-def');
  check.string(value, 'name', path);
  check.oneOf(value, 'origin', PRIMARY_KEY_ORIGINS, path, false);
  const columns = check.stringList(value.columns, [...path, 'columns']);
  if (columns) {
    for (const { index, value } of repeats(columns)) check.at([...path, 'columns', index], `duplicate column "${value}"`);
  }
}

function checkBeforeImage(check: Checker, value: unknown, path: Path) {
  if (!check.object(value, path)) return;
  check.onlyKeys(value, ['column-prefix', 'column-suffix', 'column-filter'], path, 'before-image-def');
  for (const key of ['column-prefix', 'column-suffix']) {
    if (value[key] !== undefined && typeof value[key] !== 'string') check.at([...path, key], 'must be a string');
  }
  check.oneOf(value, 'column-filter', BEFORE_IMAGE_COLUMN_FILTERS, path, false);
  // The prefix defaults to "BI_"; only both explicitly empty leaves before-image columns unnamed.
  if (value['column-prefix'] === '' && (value['column-suffix'] ?? '') === '') {
    check.at(path, 'column-prefix and column-suffix must not both be empty');
  }
}

/**
 * "You cannot apply more than one transformation rule action against the same object", except data-masking
 * actions, which may share a column with add-column or change-data-type. Only identical locators are compared:
 * overlapping wildcards cannot be decided without the source catalog.
 */
export function checkOneTransformationPerObject(check: Checker, rules: readonly unknown[]): void {
  const owners = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (!check.isObject(rule) || rule['rule-type'] !== 'transformation') return;
    const action = rule['rule-action'];
    if (typeof action !== 'string' || action.startsWith('data-masking-')) return;
    const locator = rule['object-locator'];
    if (!check.isObject(locator)) return;
    // add-column names a new column in `value`: two of them on one table are different objects.
    const newColumn = action === 'add-column' ? rule.value : null;
    const key = JSON.stringify([rule['rule-target'], newColumn, ...Object.entries(locator).sort()]);
    const first = owners.get(key);
    if (first === undefined) {
      owners.set(key, index);
    } else {
      check.at(
        ['rules', index, 'object-locator'],
        `rules[${first}] already transforms this ${String(rule['rule-target'])}; DMS applies one transformation action per object (combine them or target different objects)`,
      );
    }
  });
}
