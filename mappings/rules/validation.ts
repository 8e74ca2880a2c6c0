/**
 * Validation rules: override the function data validation applies to a column on each side (AWS DMS user
 * guide, "AWS DMS data validation", "Using JSON editor to modify validation rules"; the PostgreSQL target page
 * uses one for datetime columns). `${column-name}` stands for the column.
 */
import type { Checker, JsonObject, Path } from './checker';
import { checkLocator } from './locator';

const FIELDS = ['rule-type', 'rule-id', 'rule-name', 'rule-target', 'object-locator', 'rule-action', 'source-function', 'target-function'];

export function checkValidation(check: Checker, rule: JsonObject, path: Path): void {
  check.onlyKeys(rule, FIELDS, path, 'a validation rule');
  check.oneOf(rule, 'rule-target', ['column'], path);
  check.oneOf(rule, 'rule-action', ['override-validation-function'], path);
  checkLocator(check, rule, path, {
    required: ['schema-name', 'table-name', 'column-name'],
    optional: ['data-type'],
    what: 'a validation object-locator',
  });
  const source = check.optionalString(rule, 'source-function', path);
  const target = check.optionalString(rule, 'target-function', path);
  if (rule['source-function'] === undefined && rule['target-function'] === undefined) {
    check.at(path, 'a validation rule needs source-function or target-function');
  }
  for (const [key, text] of [
    ['source-function', source],
    ['target-function', target],
  ] as const) {
    if (text !== undefined && !text.includes('${column-name}')) {
      check.at([...path, key], 'must use ${column-name} for the column being validated');
    }
  }
}
