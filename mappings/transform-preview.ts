/**
 * Target names: what a task's table mappings make of each source table and column, computed from the rules the
 * way DMS applies them. One engine, used by `npm run review` (target preview), the validation SQL
 * (`validation/<stack>.sql`) and the checks against discovered tables.
 *
 * DMS semantics implemented (AWS DMS user guide, "Selection rules and actions", "Wildcards in table mapping",
 * "Transformation rules and actions"):
 * - A table is selected when an `include` (or `explicit`) selection rule matches it and no `exclude` rule does;
 *   an exclude wins whatever the rule order.
 * - Object locators name SOURCE objects (the guide's schema rename `Test` → `Test1` is followed by rules that
 *   still say `schema-name: Test`); wildcards are DMS's (`%`, `_`, `[_]`, sets), case-sensitive.
 * - The guide allows one transformation per schema and per table, and several per column. Two naming rules
 *   matching one schema or table are reported as a problem (DMS rejects or ignores one; which is not
 *   documented); the preview still applies both, in rule-id order, so the reader sees both.
 * - Column rules apply in ascending rule-id order to the running name. The guide does not state the order;
 *   rule-id order is this project's assumption and README says so.
 * - `remove-column` drops a column; `include-column` keeps a column a `remove-column` would drop (the guide
 *   lists it without an example; this reading is an assumption). `add-column` adds `value` with its data type;
 *   `add-before-image-columns` adds prefix + column + suffix for the primary key (`pk-only`) or every column.
 * - Prefix and suffix actions compare case-sensitively, as the guide says names in rules are.
 * - An `object-mapping` rule (DynamoDB, Kinesis, Kafka) names the target table (`target-table-name`); with
 *   `map-record-to-record` every column not in `exclude-columns` becomes an attribute of the same name, and
 *   `attribute-mappings` add attributes (AWS DMS user guide, "Using Amazon DynamoDB as a target").
 */
import type { ObjectMappingRule, SelectionRule, TableMappings, TransformationRule } from './rules/types';
import { hasWildcard, wildcardMatches } from './wildcards';

/** A source table as config (`source.tables`) or discovery knows it; columns in source order when known. */
export interface KnownTable {
  schema: string;
  name: string;
  columns?: string[];
  primaryKey?: string[];
}

export interface PreviewColumn {
  /** The source column; undefined for a column a rule adds. */
  source?: string;
  /** The target column; undefined when a rule removes it. */
  target?: string;
  /** The rules that changed it, as `#<rule-id> <action>`. */
  rules: string[];
}

export interface PreviewTable {
  source: { schema: string; table: string };
  /** `schema` is '' for targets without schemas (object-mapping targets: DynamoDB, Kinesis, Kafka). */
  target: { schema: string; table: string };
  /** Selection rule(s) that include it, as `#<rule-id>`. */
  selectedBy: string[];
  /** Rules that renamed the schema or table. */
  rules: string[];
  /** Undefined when the source's columns are not known (not in `source.tables`, not discovered). */
  columns?: PreviewColumn[];
  /** True when the table came from an exact selection name that the known tables do not list. */
  unknownSource: boolean;
  /** DMS-level conflicts: two rules for one schema or table, a locator by data type the preview cannot match. */
  problems: string[];
}

export interface TargetPreview {
  tables: PreviewTable[];
  /** Wildcard include rules that could not be expanded (no known tables): resolved by DMS at task start. */
  unresolved: { schema: string; table: string; rule: string }[];
}

const NAMING_ACTIONS = new Set([
  'rename',
  'convert-lowercase',
  'convert-uppercase',
  'add-prefix',
  'remove-prefix',
  'replace-prefix',
  'add-suffix',
  'remove-suffix',
  'replace-suffix',
]);

/** `dbo.Sales[_]2024` → `Sales_2024`: an exact locator name without its `[_]` escapes. */
const literal = (pattern: string): string => pattern.replace(/\[_\]/g, '_');

const byRuleId = <T extends { 'rule-id': string }>(rules: T[]): T[] =>
  [...rules].sort((a, b) => Number(a['rule-id']) - Number(b['rule-id']));

/** Apply one naming action to a name; other actions return the name unchanged. */
export function applyNamingAction(rule: Pick<TransformationRule, 'rule-action' | 'value' | 'old-value'>, name: string): string {
  const value = rule.value ?? '';
  const old = rule['old-value'] ?? '';
  switch (rule['rule-action']) {
    case 'rename':
      return value;
    case 'convert-lowercase':
      return name.toLowerCase();
    case 'convert-uppercase':
      return name.toUpperCase();
    case 'add-prefix':
      return value + name;
    case 'add-suffix':
      return name + value;
    case 'remove-prefix':
      return value !== '' && name.startsWith(value) ? name.slice(value.length) : name;
    case 'remove-suffix':
      return value !== '' && name.endsWith(value) ? name.slice(0, name.length - value.length) : name;
    case 'replace-prefix':
      return old !== '' && name.startsWith(old) ? value + name.slice(old.length) : name;
    case 'replace-suffix':
      return old !== '' && name.endsWith(old) ? name.slice(0, name.length - old.length) + value : name;
    default:
      return name;
  }
}

const label = (rule: { 'rule-id': string; 'rule-action': string }) => `#${rule['rule-id']} ${rule['rule-action']}`;

/** Whether a selection locator matches a table (table-type `view` only selects views, which config never lists). */
function selects(rule: SelectionRule, table: { schema: string; name: string }): boolean {
  const locator = rule['object-locator'];
  return wildcardMatches(locator['schema-name'], table.schema) && wildcardMatches(locator['table-name'] ?? '%', table.name);
}

/** The tables a document selects from the known tables (plus exact names the known tables lack). */
export function selectedTables(
  document: TableMappings,
  known: readonly KnownTable[],
): { tables: (KnownTable & { selectedBy: string[]; unknownSource: boolean })[]; unresolved: TargetPreview['unresolved'] } {
  const selections = byRuleId(document.rules.filter((r): r is SelectionRule => r['rule-type'] === 'selection'));
  const includes = selections.filter((r) => r['rule-action'] !== 'exclude' && r['object-locator']['table-type'] !== 'view');
  const excludes = selections.filter((r) => r['rule-action'] === 'exclude');
  const excluded = (table: { schema: string; name: string }) => excludes.some((rule) => selects(rule, table));
  const found = new Map<string, KnownTable & { selectedBy: string[]; unknownSource: boolean }>();
  const unresolved: TargetPreview['unresolved'] = [];
  for (const rule of includes) {
    const locator = rule['object-locator'];
    const table = locator['table-name'] ?? '%';
    const matched = known.filter((t) => selects(rule, t));
    const exact = !hasWildcard(locator['schema-name']) && !hasWildcard(table);
    const candidates: (KnownTable & { unknownSource: boolean })[] = matched.map((t) => ({ ...t, unknownSource: false }));
    if (exact && matched.length === 0)
      candidates.push({ schema: literal(locator['schema-name']), name: literal(table), unknownSource: known.length > 0 });
    if (!exact && known.length === 0) unresolved.push({ schema: locator['schema-name'], table, rule: `#${rule['rule-id']}` });
    for (const candidate of candidates) {
      if (excluded(candidate)) continue;
      const key = `${candidate.schema}.${candidate.name}`;
      const entry = found.get(key) ?? { ...candidate, selectedBy: [] };
      entry.selectedBy.push(`#${rule['rule-id']}`);
      found.set(key, entry);
    }
  }
  const tables = [...found.values()].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name));
  return { tables, unresolved };
}

export function previewTargetNames(document: TableMappings, known: readonly KnownTable[]): TargetPreview {
  const { tables, unresolved } = selectedTables(document, known);
  const transformations = byRuleId(document.rules.filter((r): r is TransformationRule => r['rule-type'] === 'transformation'));
  const objectMappings = byRuleId(document.rules.filter((r): r is ObjectMappingRule => r['rule-type'] === 'object-mapping'));
  return { tables: tables.map((table) => previewTable(table, transformations, objectMappings)), unresolved };
}

function previewTable(
  table: KnownTable & { selectedBy: string[]; unknownSource: boolean },
  transformations: TransformationRule[],
  objectMappings: ObjectMappingRule[],
): PreviewTable {
  const problems: string[] = [];
  const rules: string[] = [];
  const at = (rule: TransformationRule) => {
    const l = rule['object-locator'];
    return wildcardMatches(l['schema-name'], table.schema) && wildcardMatches(l['table-name'] ?? '%', table.name);
  };

  const schemaRules = transformations.filter(
    (r) =>
      r['rule-target'] === 'schema' &&
      NAMING_ACTIONS.has(r['rule-action']) &&
      wildcardMatches(r['object-locator']['schema-name'], table.schema),
  );
  const tableRules = transformations.filter((r) => r['rule-target'] === 'table' && NAMING_ACTIONS.has(r['rule-action']) && at(r));
  if (schemaRules.length > 1)
    problems.push(
      `schema ${table.schema} is transformed by ${schemaRules.length} rules (${schemaRules.map(label).join(', ')}); DMS supports one per schema`,
    );
  if (tableRules.length > 1)
    problems.push(
      `table ${table.schema}.${table.name} is transformed by ${tableRules.length} rules (${tableRules.map(label).join(', ')}); DMS supports one per table`,
    );
  let schema = table.schema;
  for (const rule of schemaRules) {
    schema = applyNamingAction(rule, schema);
    rules.push(label(rule));
  }
  let name = table.name;
  for (const rule of tableRules) {
    name = applyNamingAction(rule, name);
    rules.push(label(rule));
  }

  let columns: PreviewColumn[] | undefined;
  const columnRules = transformations.filter((r) => r['rule-target'] === 'column' && at(r));
  if (table.columns) {
    columns = table.columns.map((source) => ({ source, target: source, rules: [] }));
    const matchesColumn = (rule: TransformationRule, column: string) =>
      wildcardMatches(rule['object-locator']['column-name'] ?? '%', column);
    for (const rule of columnRules) {
      const action = rule['rule-action'];
      if (rule['object-locator']['data-type'] !== undefined && (NAMING_ACTIONS.has(action) || action === 'remove-column')) {
        problems.push(
          `${label(rule)} selects columns by data type ${rule['object-locator']['data-type']}; the preview does not know source data types and leaves those columns unchanged`,
        );
        continue;
      }
      if (NAMING_ACTIONS.has(action) || action === 'remove-column' || action === 'include-column') {
        for (const column of columns) {
          if (column.source === undefined || !matchesColumn(rule, column.source)) continue;
          if (action === 'remove-column') {
            if (!column.rules.some((r) => r.endsWith(' include-column'))) column.target = undefined;
          } else if (action === 'include-column') {
            if (column.target === undefined) column.target = applyAll(columnRules, rule, column.source);
          } else if (column.target !== undefined) {
            column.target = applyNamingAction(rule, column.target);
          }
          column.rules.push(label(rule));
        }
      } else if (action === 'add-column' && rule.value !== undefined) {
        columns.push({ target: rule.value, rules: [label(rule)] });
      } else if (action === 'add-before-image-columns') {
        const def = rule['before-image-def'] ?? {};
        const filter = def['column-filter'] ?? 'pk-only';
        const sources = filter === 'pk-only' ? (table.primaryKey ?? []) : table.columns;
        if (filter === 'pk-only' && !table.primaryKey)
          problems.push(
            `${label(rule)} adds before-image columns for the primary key, which is not known for ${table.schema}.${table.name}`,
          );
        if (filter === 'non-lob')
          problems.push(
            `${label(rule)} with column-filter non-lob: the preview adds a before-image column for every column (it does not know which are LOBs)`,
          );
        for (const source of sources)
          columns.push({ target: `${def['column-prefix'] ?? 'BI_'}${source}${def['column-suffix'] ?? ''}`, rules: [label(rule)] });
      }
    }
  }

  const mapping = objectMappings.find((rule) =>
    rule['rule-action'] === 'map-record-to-record' || rule['rule-action'] === 'map-record-to-document'
      ? wildcardMatches(rule['object-locator']['schema-name'], table.schema) &&
        wildcardMatches(rule['object-locator']['table-name'] ?? '%', table.name)
      : false,
  );
  if (mapping) {
    rules.push(`#${mapping['rule-id']} ${mapping['rule-action']}`);
    name = mapping['target-table-name'] ?? name;
    // DynamoDB, Kinesis and Kafka have no schemas: the target is the table (stream, topic) alone.
    schema = '';
    const parameters = mapping['mapping-parameters'] ?? {};
    const excluded = new Set(parameters['exclude-columns'] ?? []);
    const attributes = parameters['attribute-mappings'] ?? [];
    if (columns) {
      for (const column of columns) {
        if (column.source !== undefined && excluded.has(column.source)) {
          column.target = undefined;
          column.rules.push(`#${mapping['rule-id']} exclude-columns`);
        }
      }
      for (const attribute of attributes) {
        const existing = columns.find((c) => c.target === attribute['target-attribute-name']);
        if (existing) existing.rules.push(`#${mapping['rule-id']} attribute-mapping`);
        else columns.push({ target: attribute['target-attribute-name'], rules: [`#${mapping['rule-id']} attribute-mapping`] });
      }
    }
  }

  return {
    source: { schema: table.schema, table: table.name },
    target: { schema, table: name },
    selectedBy: table.selectedBy,
    rules,
    columns,
    unknownSource: table.unknownSource,
    problems,
  };
}

/** A column kept by `include-column` after a removal: its name after the naming rules before that point. */
function applyAll(rules: TransformationRule[], until: TransformationRule, source: string): string {
  let name = source;
  for (const rule of rules) {
    if (rule === until) break;
    if (NAMING_ACTIONS.has(rule['rule-action']) && wildcardMatches(rule['object-locator']['column-name'] ?? '%', source))
      name = applyNamingAction(rule, name);
  }
  return name;
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
