/**
 * Selection rules (AWS DMS user guide, "Selection rules and actions", "Using source filters", "Wildcards").
 */
import { hasBroadWildcard } from '../wildcards';
import { type Checker, type JsonObject, type Path } from './checker';
import { checkLocator } from './locator';
import { FILTER_OPERATORS, type FilterOperator, MAX_LOAD_ORDER, NEGATIVE_OPERATORS, SELECTION_ACTIONS, TABLE_TYPES } from './types';

const FIELDS = ['rule-type', 'rule-id', 'rule-name', 'object-locator', 'rule-action', 'filters', 'load-order'];

export function checkSelection(check: Checker, rule: JsonObject, path: Path): void {
  check.onlyKeys(rule, FIELDS, path, 'a selection rule');
  const action = check.oneOf(rule, 'rule-action', SELECTION_ACTIONS, path);
  const locator = checkLocator(check, rule, path, {
    required: ['schema-name', 'table-name'],
    optional: ['table-type'],
    what: 'a selection object-locator',
  });
  if (locator) {
    check.oneOf(locator, 'table-type', TABLE_TYPES, [...path, 'object-locator'], false);
    // "If the rule-action is explicit, you can only specify the exact name of a single table or view and its
    // schema (with no wildcards)."
    if (action === 'explicit') {
      for (const key of ['schema-name', 'table-name']) {
        const value = locator[key];
        if (typeof value === 'string' && hasBroadWildcard(value)) {
          check.at([...path, 'object-locator', key], 'must be an exact name with rule-action explicit (no wildcards)');
        }
      }
    }
  }
  if (rule['load-order'] !== undefined) {
    check.integer(rule['load-order'], [...path, 'load-order'], 1, MAX_LOAD_ORDER);
  }
  if (rule.filters !== undefined) checkFilters(check, rule, action, locator, path);
}

function checkFilters(check: Checker, rule: JsonObject, action: string | undefined, locator: JsonObject | undefined, path: Path) {
  const filtersPath = [...path, 'filters'];
  if (!check.array(rule.filters, filtersPath)) return;
  if (rule.filters.length === 0) return;
  if (action !== undefined && action !== 'include') {
    check.at(filtersPath, `are applied only with rule-action include, not ${action}`);
  }
  // "Filters only support tables with exact names. Filters do not support wildcards."
  if (locator) {
    for (const key of ['schema-name', 'table-name']) {
      const value = locator[key];
      if (typeof value === 'string' && hasBroadWildcard(value)) {
        check.at([...path, 'object-locator', key], 'must be an exact name when the rule has filters (filters do not support wildcards)');
      }
    }
  }
  rule.filters.forEach((filter, index) => {
    const filterPath = [...filtersPath, index];
    if (!check.object(filter, filterPath)) return;
    check.onlyKeys(filter, ['filter-type', 'column-name', 'filter-conditions'], filterPath, 'a filter');
    check.oneOf(filter, 'filter-type', ['source'], filterPath);
    check.string(filter, 'column-name', filterPath);
    const conditionsPath = [...filterPath, 'filter-conditions'];
    if (!check.array(filter['filter-conditions'], conditionsPath, { nonEmpty: true })) return;
    const conditions = filter['filter-conditions'];
    conditions.forEach((condition, conditionIndex) => {
      const conditionPath = [...conditionsPath, conditionIndex];
      if (!check.object(condition, conditionPath)) return;
      const operator = check.oneOf(condition, 'filter-operator', Object.keys(FILTER_OPERATORS) as FilterOperator[], conditionPath);
      if (!operator) return;
      checkConditionValues(check, condition, operator, conditionPath);
      // "You can specify no more than one filter condition within a single filter if you specify a negative
      // operator like noteq, notbetween, or notnull."
      if (NEGATIVE_OPERATORS.includes(operator) && conditions.length > 1) {
        check.at(
          [...conditionPath, 'filter-operator'],
          `${operator} is a negative operator and must be the only condition in its filter; put other conditions in another filter`,
        );
      }
    });
  });
}

function checkConditionValues(check: Checker, condition: JsonObject, operator: FilterOperator, path: Path) {
  const shape = FILTER_OPERATORS[operator];
  const fields = shape === 'value' ? ['value'] : shape === 'range' ? ['start-value', 'end-value'] : [];
  check.onlyKeys(condition, ['filter-operator', ...fields], path, `a ${operator} condition (it takes ${describeShape(shape)})`);
  for (const field of fields) {
    const value = condition[field];
    if (value === undefined) check.at([...path, field], `is required by filter-operator ${operator}`);
    else if (typeof value !== 'string' && typeof value !== 'number') check.at([...path, field], 'must be a string or a number');
  }
}

function describeShape(shape: 'value' | 'range' | 'none'): string {
  if (shape === 'value') return 'value';
  if (shape === 'range') return 'start-value and end-value';
  return 'no value';
}
