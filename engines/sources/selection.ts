/**
 * The source tables a pipeline's change data capture reads: what the selection rules of its CDC tasks include
 * and do not exclude. Exact names are known here; a wildcard rule is expanded against `source.tables` when the
 * config lists the source's tables, and otherwise left as a pattern for the generated SQL to match on the server
 * with the same semantics (mappings/wildcards.ts).
 */
import type { ResolvedPipeline, ResolvedTask } from '../../config/resolved';
import type { SelectionRule } from '../../mappings/rules/types';
import { hasWildcard, wildcardMatches } from '../../mappings/wildcards';

export interface TableName {
  schema: string;
  name: string;
}

/** A DMS name pattern pair (`%`, `_`, `[...]`) from an object locator. */
export interface NamePattern {
  schema: string;
  table: string;
}

/** A wildcard include rule the config cannot expand: the SQL matches it on the server. */
export interface ServerSidePattern extends NamePattern {
  /** `<task id>: rules[i] (<rule-name>)`, for comments in the SQL. */
  origin: string;
  /** The same task's exclude rules, which the server-side match must honour too. */
  excludes: NamePattern[];
}

export interface CdcSelection {
  /** Tasks whose migration type captures changes; the others need no CDC prerequisites. */
  cdcTasks: ResolvedTask[];
  /** Tables known by name, sorted by schema then name, each once. */
  tables: TableName[];
  /** Patterns to resolve on the server (only when the config lists no source tables). */
  patterns: ServerSidePattern[];
}

export const tableKey = (table: TableName): string => `${table.schema}.${table.name}`;

/** `dbo.Sales[_]2024` → `dbo.Sales_2024`: an exact locator name without its `[_]` escapes. */
const literalName = (pattern: string): string => pattern.replace(/\[_\]/g, '_');

const matches = (pattern: NamePattern, table: TableName): boolean =>
  wildcardMatches(pattern.schema, table.schema) && wildcardMatches(pattern.table, table.name);

export function cdcSelection(pipeline: ResolvedPipeline): CdcSelection {
  const cdcTasks = pipeline.tasks.filter((task) => task.migrationType !== 'full-load');
  const known = pipeline.source.tables.map((table): TableName => ({ schema: table.schema, name: table.name }));
  const tables = new Map<string, TableName>();
  const patterns: ServerSidePattern[] = [];

  for (const task of cdcTasks) {
    const rules = task.tableMappingsDocument.rules
      .map((rule, index) => ({ rule, index }))
      .filter((entry): entry is { rule: SelectionRule; index: number } => entry.rule['rule-type'] === 'selection')
      // Views have no change tables and no WAL of their own: CDC captures tables only.
      .filter(({ rule }) => rule['object-locator']['table-type'] !== 'view');
    const locatorOf = ({ rule }: { rule: SelectionRule }): NamePattern => ({
      schema: rule['object-locator']['schema-name'],
      table: rule['object-locator']['table-name'] ?? '%',
    });
    // As DMS does (and mappings/table-mappings.ts checks): an exclude rule wins over any include.
    const excludes = rules.filter(({ rule }) => rule['rule-action'] === 'exclude').map(locatorOf);
    const excluded = (table: TableName) => excludes.some((pattern) => matches(pattern, table));
    const add = (table: TableName) => {
      if (!excluded(table)) tables.set(tableKey(table), table);
    };

    for (const entry of rules) {
      if (entry.rule['rule-action'] === 'exclude') continue;
      const locator = locatorOf(entry);
      if (!hasWildcard(locator.schema) && !hasWildcard(locator.table)) {
        add({ schema: literalName(locator.schema), name: literalName(locator.table) });
      } else if (known.length > 0) {
        known.filter((table) => matches(locator, table)).forEach(add);
      } else {
        patterns.push({ ...locator, origin: `${task.id}: rules[${entry.index}] (${entry.rule['rule-name']})`, excludes });
      }
    }
  }

  const sorted = [...tables.values()].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name));
  return { cdcTasks, tables: sorted, patterns };
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
