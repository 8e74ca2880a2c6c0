/**
 * `object-locator`: which fields a rule kind needs, and well-formed wildcard patterns in them.
 */
import { wildcardSyntaxError } from '../wildcards';
import type { Checker, JsonObject, Path } from './checker';

export interface LocatorShape {
  readonly required: readonly string[];
  readonly optional?: readonly string[];
  readonly what: string;
}

/** Checks the rule's locator; returns it when it is an object (even if some fields are wrong). */
export function checkLocator(check: Checker, rule: JsonObject, path: Path, shape: LocatorShape): JsonObject | undefined {
  const locatorPath = [...path, 'object-locator'];
  const locator = rule['object-locator'];
  if (!check.object(locator, locatorPath)) return undefined;
  check.onlyKeys(locator, [...shape.required, ...(shape.optional ?? [])], locatorPath, shape.what);
  for (const key of shape.required) check.string(locator, key, locatorPath);
  for (const key of shape.optional ?? []) check.optionalString(locator, key, locatorPath);
  for (const [key, value] of Object.entries(locator)) {
    if (typeof value !== 'string' || key === 'table-type' || key === 'data-type') continue;
    if (!check.nameText(value, [...locatorPath, key])) continue;
    const problem = wildcardSyntaxError(value);
    if (problem) check.at([...locatorPath, key], `is not a valid name pattern: ${problem}`);
  }
  return locator;
}
