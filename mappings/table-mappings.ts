/**
 * Table-mapping documents: parse, validate, canonicalise.
 *
 * The JSON files in `mappings/` are what the team edits; this module is how they reach a task. Every finding is
 * a JSON path inside the document (`rules[2].rule-action: ...`); callers prefix the file name.
 * Reference: AWS DMS user guide, "Using table mapping to specify task settings" and its sub-pages.
 */
import { firstUses } from '../core/duplicates';
import type { ValidationIssue } from '../core/errors';
import { parseJsonText } from '../core/json-text';
import { Checker, type JsonObject, type RuleContext } from './rules/checker';
import { MAPPING_PARAMETERS, checkObjectMapping } from './rules/object-mapping';
import { checkPostProcessing } from './rules/post-processing';
import { checkSelection } from './rules/selection';
import { checkTableSettings } from './rules/table-settings';
import { checkOneTransformationPerObject, checkTransformation } from './rules/transformation';
import { checkValidation } from './rules/validation';
import { RULE_TYPES, type RuleType, type TableMappings } from './rules/types';
import { hasBroadWildcard, hasWildcard, wildcardMatches } from './wildcards';

export type { TableMappings } from './rules/types';
export type { RuleContext } from './rules/checker';

/** "AWS DMS can only process table mapping JSON files up to 2 MB in size." */
export const MAX_TABLE_MAPPINGS_BYTES = 2 * 1024 * 1024;

const CHECKS: Record<RuleType, (check: Checker, rule: JsonObject, path: (string | number)[]) => void> = {
  selection: checkSelection,
  transformation: checkTransformation,
  'table-settings': checkTableSettings,
  'object-mapping': checkObjectMapping,
  'post-processing': checkPostProcessing,
  validation: checkValidation,
};

export interface ParseResult {
  mappings?: TableMappings;
  issues: ValidationIssue[];
}

/**
 * Above this, a file is refused unread: even with generous indentation it cannot be a document DMS accepts.
 */
export const MAX_TABLE_MAPPINGS_FILE_BYTES = 8 * MAX_TABLE_MAPPINGS_BYTES;

/**
 * Parse and validate a document's text. Issues carry JSON paths relative to the document root. Cheap checks
 * come first: the size of the text, then the syntax, duplicate keys and depth in one pass, then DMS's 2 MB
 * limit on the compact document; only a document within it is checked rule by rule.
 */
export function parseTableMappings(
  text: string,
  context: RuleContext = {},
  scanned?: { value?: unknown; issues: ValidationIssue[] },
): ParseResult {
  const bytes = Buffer.byteLength(text);
  const tooLarge = (size: number): ParseResult => ({
    issues: [{ path: '', message: `is ${size} bytes; DMS accepts table mappings up to ${MAX_TABLE_MAPPINGS_BYTES} bytes (2 MB)` }],
  });
  if (bytes > MAX_TABLE_MAPPINGS_FILE_BYTES) return tooLarge(bytes);
  if (bytes > MAX_TABLE_MAPPINGS_BYTES) {
    // Whitespace does not count: DMS receives the compact document. The native parser decides this before
    // the (slower) scan for duplicate keys, which an oversized document does not need.
    let compact: number | undefined;
    try {
      compact = Buffer.byteLength(JSON.stringify(JSON.parse(text)));
    } catch {
      compact = undefined; // not JSON: the scan below says where
    }
    if (compact !== undefined && compact > MAX_TABLE_MAPPINGS_BYTES) return tooLarge(compact);
  }
  const parsed = scanned ?? parseJsonText(text);
  if (parsed.value === undefined) return { issues: parsed.issues };
  const document = parsed.value;
  // A duplicate key or an out-of-range number is the whole story at its path.
  const textPaths = new Set(parsed.issues.map((issue) => issue.path));
  const issues = [
    ...parsed.issues,
    ...validateTableMappings(document, context, { sizeChecked: true }).filter((issue) => !textPaths.has(issue.path)),
  ];
  return issues.length === 0 ? { mappings: document as TableMappings, issues } : { issues };
}

export function validateTableMappings(document: unknown, context: RuleContext = {}, { sizeChecked = false } = {}): ValidationIssue[] {
  const check = new Checker(context);
  if (!sizeChecked && check.isObject(document)) {
    // Before the rule checks, so an oversized document costs one serialisation, not a full validation.
    const size = Buffer.byteLength(JSON.stringify(document));
    if (size > MAX_TABLE_MAPPINGS_BYTES) {
      check.at([], `is ${size} bytes; DMS accepts table mappings up to ${MAX_TABLE_MAPPINGS_BYTES} bytes (2 MB)`);
      return check.issues;
    }
  }
  if (!check.isObject(document)) {
    check.at([], 'must be a JSON object with a "rules" array');
    return check.issues;
  }
  check.onlyKeys(document, ['rules'], [], 'a table-mapping document (it has only "rules")');
  const rules = document.rules;
  if (!check.array(rules, ['rules'])) return check.issues;

  const firstRuleId = firstUses<string>();
  const firstRuleName = firstUses<string>();
  let selections = 0;
  rules.forEach((rule, index) => {
    const path = ['rules', index];
    if (!check.object(rule, path)) return;
    const type = check.oneOf(rule, 'rule-type', RULE_TYPES, path);
    if (type === 'selection') selections++;

    const id = rule['rule-id'];
    if (id === undefined) {
      check.at([...path, 'rule-id'], 'is required');
    } else if (typeof id !== 'string' || !/^[1-9]\d*$/.test(id)) {
      check.at([...path, 'rule-id'], 'must be a positive whole number written as a string, e.g. "1"');
    } else {
      const first = firstRuleId(id, index);
      if (first !== undefined) check.at([...path, 'rule-id'], `duplicate rule-id "${id}" (also rules[${first}])`);
    }

    const name = check.string(rule, 'rule-name', path);
    if (name !== undefined && check.nameText(name, [...path, 'rule-name'])) {
      const first = firstRuleName(name, index);
      if (first !== undefined) check.at([...path, 'rule-name'], `duplicate rule-name "${name}" (also rules[${first}])`);
    }

    if (type) CHECKS[type](check, rule, path);
  });
  if (selections === 0) check.at(['rules'], 'must contain at least one selection rule (DMS migrates nothing without one)');

  checkOneTransformationPerObject(check, rules);
  checkSelectedTables(check, rules);
  return check.issues;
}

/**
 * A table-settings or object-mapping rule for a table that no selection rule includes (or that one excludes)
 * never applies: DMS ignores it silently.
 */
function checkSelectedTables(check: Checker, rules: readonly unknown[]) {
  const selections = rules.flatMap((rule, index) => {
    if (!check.isObject(rule) || rule['rule-type'] !== 'selection') return [];
    const locator = rule['object-locator'];
    if (!check.isObject(locator)) return [];
    const { 'schema-name': schema, 'table-name': table } = locator;
    if (typeof schema !== 'string' || typeof table !== 'string') return [];
    return [{ index, action: rule['rule-action'], schema, table }];
  });
  // Near-linear: selections are looked up by their text (a pattern matches the name it spells), and only the
  // selections with wildcards are scanned, includes only when the lookup found none. A generated mapping has
  // thousands of literal selections and a handful of patterns.
  type Selection = (typeof selections)[number];
  const byText = new Map<string, Selection[]>();
  const wildExcludes: Selection[] = [];
  const wildIncludes: Selection[] = [];
  for (const selection of selections) {
    const key = `${selection.schema}\u0000${selection.table}`;
    const list = byText.get(key);
    if (list) list.push(selection);
    else byText.set(key, [selection]);
    if (hasWildcard(selection.schema) || hasWildcard(selection.table))
      (selection.action === 'exclude' ? wildExcludes : wildIncludes).push(selection);
  }
  rules.forEach((rule, index) => {
    if (!check.isObject(rule) || (rule['rule-type'] !== 'table-settings' && rule['rule-type'] !== 'object-mapping')) return;
    const locator = rule['object-locator'];
    if (!check.isObject(locator)) return;
    const { 'schema-name': schema, 'table-name': table } = locator;
    if (typeof schema !== 'string' || typeof table !== 'string' || hasBroadWildcard(schema) || hasBroadWildcard(table)) return;
    const named = byText.get(`${schema}\u0000${table}`) ?? [];
    const matches = (s: (typeof selections)[number]) => wildcardMatches(s.schema, schema) && wildcardMatches(s.table, table);
    const excluded = [...named.filter((s) => s.action === 'exclude'), ...wildExcludes.filter(matches)].sort((a, b) => a.index - b.index)[0];
    const included =
      named.some((s) => s.action === 'include' || s.action === 'explicit') ||
      wildIncludes.some((s) => (s.action === 'include' || s.action === 'explicit') && matches(s));
    if (excluded) {
      check.at(
        ['rules', index, 'object-locator'],
        `${schema}.${table} is excluded by rules[${excluded.index}], so this ${rule['rule-type']} rule never applies`,
      );
    } else if (!included) {
      check.at(
        ['rules', index, 'object-locator'],
        `${schema}.${table} is not included by any selection rule, so this ${rule['rule-type']} rule never applies`,
      );
    }
  });
}

/**
 * Key order of canonical objects: identity first, then what a rule applies to, then what it does. Keys not
 * listed keep their relative order after the listed ones.
 */
const KEY_ORDER: Record<string, readonly string[]> = {
  rule: [
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
    'tag-set',
    'source-function',
    'target-function',
  ],
  'object-locator': [
    'schema-name',
    'table-name',
    'table-tablespace-name',
    'index-tablespace-name',
    'column-name',
    'data-type',
    'table-type',
  ],
  filters: ['filter-type', 'column-name', 'filter-conditions'],
  'filter-conditions': ['filter-operator', 'value', 'start-value', 'end-value'],
  'data-type': ['type', 'precision', 'scale', 'length'],
  'primary-key-def': ['name', 'origin', 'columns'],
  'before-image-def': ['column-prefix', 'column-suffix', 'column-filter'],
  'parallel-load': [
    'type',
    'columns',
    'boundaries',
    'segment-names',
    'partitions',
    'subpartitions',
    'number-of-partitions',
    'collection-count-from-metadata',
    'max-records-skip-per-page',
    'batch-size',
  ],
  'lob-settings': ['mode', 'bulk-max-size'],
  'mapping-parameters': MAPPING_PARAMETERS,
  'attribute-mappings': ['target-attribute-name', 'attribute-type', 'attribute-sub-type', 'value'],
  'condition-expression': [
    'expression',
    'expression-attribute-values',
    'expression-attribute-names',
    'apply-during-cdc',
    'apply-during-full-load',
  ],
  'tag-set': ['key', 'value'],
};

/** Canonical form: rules keep their order; keys in known objects follow KEY_ORDER. Attribute values are data. */
export function canonicalTableMappings(mappings: TableMappings): TableMappings {
  return { rules: mappings.rules.map((rule) => canonical(rule, 'rule')) } as TableMappings;
}

function canonical(value: unknown, kind: string): never {
  if (Array.isArray(value)) return value.map((item) => canonical(item, kind)) as never;
  if (typeof value !== 'object' || value === null) return value as never;
  const order = KEY_ORDER[kind];
  if (!order) return value as never;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = [...order.filter((key) => key in object), ...Object.keys(object).filter((key) => !order.includes(key))];
  for (const key of keys) {
    // `value` of an attribute mapping and `data-type` inside a locator are data, not structure.
    const childKind = kind === 'attribute-mappings' || (kind === 'object-locator' && key === 'data-type') ? '' : key;
    out[key] = canonical(object[key], childKind);
  }
  return out as never;
}

/** The file form: two-space indentation and a final newline, which a canonical file already has byte for byte. */
export function renderTableMappingsFile(mappings: TableMappings): string {
  return `${JSON.stringify(canonicalTableMappings(mappings), null, 2)}\n`;
}

/** The form passed to the task's `table_mappings`: compact canonical JSON, so diffs in review are real changes. */
export function renderTableMappings(mappings: TableMappings): string {
  return JSON.stringify(canonicalTableMappings(mappings));
}
