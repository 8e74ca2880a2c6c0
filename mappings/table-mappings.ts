/**
 * Table-mapping documents: parse, validate, canonicalise.
 *
 * The JSON files in `mappings/` are what the team edits; this module is how they reach a task. Every error is a
 * JSON path inside the document (`rules[2].rule-action: ...`); callers prefix the file name.
 * Reference: AWS DMS user guide, "Using table mapping to specify task settings".
 */
import type { ValidationIssue } from '../config/errors';
import { formatPath } from '../config/errors';

export type Rule = Record<string, unknown> & {
  'rule-type': string;
  'rule-id': string;
  'rule-name': string;
};

export interface TableMappings {
  rules: Rule[];
}

export const RULE_TYPES = ['selection', 'transformation', 'table-settings', 'object-mapping', 'post-processing'] as const;

/**
 * Key order of a canonical rule: identity first, then what it applies to, then what it does. Keys not listed
 * keep their relative order after these.
 */
const RULE_KEY_ORDER = [
  'rule-type',
  'rule-id',
  'rule-name',
  'rule-target',
  'object-locator',
  'rule-action',
  'value',
  'old-value',
  'data-type',
  'expression',
  'primary-key-def',
  'before-image-def',
  'filters',
  'load-order',
  'parallel-load',
  'lob-settings',
  'target-table-name',
  'mapping-parameters',
];

export interface ParseResult {
  mappings?: TableMappings;
  issues: ValidationIssue[];
}

/** Parse and validate a document's text. Issues carry JSON paths relative to the document root. */
export function parseTableMappings(text: string): ParseResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { issues: [{ path: '', message: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const issues = validateTableMappings(document);
  return issues.length === 0 ? { mappings: document as TableMappings, issues } : { issues };
}

export function validateTableMappings(document: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (segments: PropertyKey[], message: string) => issues.push({ path: formatPath(segments), message });

  if (!isObject(document)) {
    at([], 'must be a JSON object with a "rules" array');
    return issues;
  }
  for (const key of Object.keys(document)) {
    if (key !== 'rules') at([key], 'is not a known field (a table-mapping document has only "rules")');
  }
  const rules = document.rules;
  if (!Array.isArray(rules)) {
    at(['rules'], rules === undefined ? 'is required' : 'must be an array of rules');
    return issues;
  }

  const ruleIds = new Map<string, number>();
  const ruleNames = new Map<string, number>();
  let selections = 0;
  rules.forEach((rule, index) => {
    if (!isObject(rule)) {
      at(['rules', index], 'must be an object');
      return;
    }
    const type = rule['rule-type'];
    if (type === undefined) {
      at(['rules', index, 'rule-type'], 'is required');
    } else if (!(RULE_TYPES as readonly unknown[]).includes(type)) {
      at(['rules', index, 'rule-type'], `must be one of ${RULE_TYPES.join(', ')}`);
    }
    if (type === 'selection') selections++;

    const id = rule['rule-id'];
    if (id === undefined) {
      at(['rules', index, 'rule-id'], 'is required');
    } else if (typeof id !== 'string' || !/^[1-9]\d*$/.test(id)) {
      at(['rules', index, 'rule-id'], 'must be a positive whole number written as a string, e.g. "1"');
    } else {
      const first = ruleIds.get(id);
      if (first !== undefined) at(['rules', index, 'rule-id'], `duplicate rule-id "${id}" (also rules[${first}])`);
      else ruleIds.set(id, index);
    }

    const name = rule['rule-name'];
    if (name === undefined) {
      at(['rules', index, 'rule-name'], 'is required');
    } else if (typeof name !== 'string' || name.length === 0) {
      at(['rules', index, 'rule-name'], 'must be a non-empty string');
    } else {
      const first = ruleNames.get(name);
      if (first !== undefined) at(['rules', index, 'rule-name'], `duplicate rule-name "${name}" (also rules[${first}])`);
      else ruleNames.set(name, index);
    }
  });
  if (rules.length > 0 && selections === 0) {
    at(['rules'], 'must contain at least one selection rule (DMS migrates nothing without one)');
  } else if (rules.length === 0) {
    at(['rules'], 'must contain at least one selection rule');
  }
  return issues;
}

/** Canonical form: rules keep their order; keys within each rule follow RULE_KEY_ORDER. */
export function canonicalTableMappings(mappings: TableMappings): TableMappings {
  return { rules: mappings.rules.map((rule) => orderKeys(rule, RULE_KEY_ORDER) as Rule) };
}

/** The file form: two-space indentation and a final newline, which a canonical file already has byte for byte. */
export function renderTableMappingsFile(mappings: TableMappings): string {
  return `${JSON.stringify(canonicalTableMappings(mappings), null, 2)}\n`;
}

/** The form passed to the task's `table_mappings`: compact canonical JSON, so diffs in review are real changes. */
export function renderTableMappings(mappings: TableMappings): string {
  return JSON.stringify(canonicalTableMappings(mappings));
}

function orderKeys(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in value) out[key] = value[key];
  for (const key of Object.keys(value)) if (!(key in out)) out[key] = value[key];
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
