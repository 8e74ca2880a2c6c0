/**
 * `TableMappingsBuilder`: table mappings for generated cases (hundreds of tables from a list, a rename per
 * schema, DynamoDB object mappings) with the same rules and naming the hand-edited files use.
 *
 * Rule ids are assigned in order ("1", "2", ...); rule names are derived from what a rule does and made unique
 * with a numeric suffix. `build()` validates, so a builder can never emit a document `npm run check` rejects.
 */
import { ValidationFailed } from '../core/errors';
import type { TargetEngine } from './target-capabilities';
import type {
  AttributeMapping,
  DataTypeDef,
  FilterCondition,
  ObjectMappingRule,
  Rule,
  SelectionRule,
  TableMappings,
  TableSettingsRule,
  TransformationRule,
} from './rules/types';
import { canonicalTableMappings, validateTableMappings } from './table-mappings';

type Without<T, K extends keyof T> = Omit<T, K | 'rule-id' | 'rule-name'>;
type NewRule =
  | Without<SelectionRule, never>
  | Without<TransformationRule, never>
  | Without<TableSettingsRule, never>
  | Without<ObjectMappingRule, never>;

export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

export interface SelectionOptions {
  /** Default `table`. */
  readonly tableType?: 'table' | 'view' | 'all';
  readonly loadOrder?: number;
  /** Source filters (include rules only): each filter is ANDed, its conditions ORed. */
  readonly filters?: readonly { column: string; conditions: readonly FilterCondition[] }[];
  /** Default: derived, e.g. `include-dbo-dimdate`. */
  readonly name?: string;
}

export interface ObjectMappingOptions extends TableRef {
  readonly targetTableName: string;
  readonly partitionKeyName: string;
  readonly sortKeyName?: string;
  readonly attributeMappings: readonly AttributeMapping[];
  readonly excludeColumns?: readonly string[];
  /** Default `map-record-to-record`. */
  readonly action?: 'map-record-to-record' | 'map-record-to-document';
  readonly name?: string;
}

export class TableMappingsBuilder {
  private readonly rules: NewRule[] = [];
  private readonly names: (string | undefined)[] = [];

  /** @param target the target engine the document is for; target-dependent rules are checked against it. */
  constructor(private readonly target?: TargetEngine) {}

  include(ref: TableRef, options: SelectionOptions = {}): this {
    return this.select('include', ref, options);
  }

  exclude(ref: TableRef, options: Omit<SelectionOptions, 'filters'> = {}): this {
    return this.select('exclude', ref, options);
  }

  /** One exact table, no wildcards. */
  explicit(ref: TableRef, options: SelectionOptions = {}): this {
    return this.select('explicit', ref, options);
  }

  /** One include rule per table, in the given order. */
  includeTables(schema: string, tables: readonly string[]): this {
    for (const table of tables) this.include({ schema, table });
    return this;
  }

  renameSchema(from: string, to: string): this {
    return this.transform(
      { 'rule-target': 'schema', 'object-locator': { 'schema-name': from }, 'rule-action': 'rename', value: to },
      `rename-schema-${from}-to-${to}`,
    );
  }

  renameTable(ref: TableRef, to: string): this {
    return this.transform(
      {
        'rule-target': 'table',
        'object-locator': { 'schema-name': ref.schema, 'table-name': ref.table },
        'rule-action': 'rename',
        value: to,
      },
      `rename-table-${ref.schema}-${ref.table}-to-${to}`,
    );
  }

  /** Lower- or upper-case every table (`target: 'table'`) or column (`target: 'column'`) of a schema. */
  convertCase(kind: 'lowercase' | 'uppercase', target: 'schema' | 'table' | 'column', schema: string, name?: string): this {
    const locator =
      target === 'schema'
        ? { 'schema-name': schema }
        : target === 'table'
          ? { 'schema-name': schema, 'table-name': '%' }
          : { 'schema-name': schema, 'table-name': '%', 'column-name': '%' };
    return this.transform(
      { 'rule-target': target, 'object-locator': locator, 'rule-action': `convert-${kind}` },
      name ?? `${kind}-${target}-names`,
    );
  }

  addColumn(ref: TableRef, column: string, dataType: DataTypeDef, expression?: string): this {
    return this.transform(
      {
        'rule-target': 'column',
        'object-locator': { 'schema-name': ref.schema, 'table-name': ref.table },
        'rule-action': 'add-column',
        value: column,
        'data-type': dataType,
        ...(expression === undefined ? {} : { expression }),
      },
      `add-column-${ref.schema}-${ref.table}-${column}`,
    );
  }

  removeColumn(ref: TableRef, column: string): this {
    return this.transform(
      {
        'rule-target': 'column',
        'object-locator': { 'schema-name': ref.schema, 'table-name': ref.table, 'column-name': column },
        'rule-action': 'remove-column',
      },
      `remove-column-${ref.schema}-${ref.table}-${column}`,
    );
  }

  /** Parallel full load by column ranges: each boundary lists one value per column. */
  parallelLoadRanges(ref: TableRef, columns: readonly string[], boundaries: readonly (readonly string[])[]): this {
    return this.add(
      {
        'rule-type': 'table-settings',
        'object-locator': { 'schema-name': ref.schema, 'table-name': ref.table },
        'parallel-load': { type: 'ranges', columns: [...columns], boundaries: boundaries.map((b) => [...b]) },
      },
      `parallel-load-${ref.schema}-${ref.table}`,
    );
  }

  objectMapping(options: ObjectMappingOptions): this {
    return this.add(
      {
        'rule-type': 'object-mapping',
        'object-locator': { 'schema-name': options.schema, 'table-name': options.table },
        'rule-action': options.action ?? 'map-record-to-record',
        'target-table-name': options.targetTableName,
        'mapping-parameters': {
          'partition-key-name': options.partitionKeyName,
          ...(options.sortKeyName === undefined ? {} : { 'sort-key-name': options.sortKeyName }),
          ...(options.excludeColumns?.length ? { 'exclude-columns': [...options.excludeColumns] } : {}),
          'attribute-mappings': options.attributeMappings.map((m) => ({ ...m })),
        },
      },
      options.name ?? `map-${options.schema}-${options.table}-to-${options.targetTableName}`,
    );
  }

  /** The validated, canonical document. Throws ValidationFailed (paths inside the document) if invalid. */
  build(): TableMappings {
    const used = new Map<string, number>();
    const rules = this.rules.map((rule, index) => {
      const base = slug(this.names[index] ?? `rule-${index + 1}`);
      const seen = used.get(base) ?? 0;
      used.set(base, seen + 1);
      return { ...rule, 'rule-id': String(index + 1), 'rule-name': seen === 0 ? base : `${base}-${seen + 1}` } as Rule;
    });
    const document = canonicalTableMappings({ rules });
    const issues = validateTableMappings(document, { target: this.target });
    if (issues.length > 0) throw new ValidationFailed(issues);
    return document;
  }

  private select(action: SelectionRule['rule-action'], ref: TableRef, options: SelectionOptions): this {
    const rule: Without<SelectionRule, never> = {
      'rule-type': 'selection',
      'object-locator': {
        'schema-name': ref.schema,
        'table-name': ref.table,
        ...(options.tableType ? { 'table-type': options.tableType } : {}),
      },
      'rule-action': action,
      ...(options.filters?.length
        ? {
            filters: options.filters.map((f) => ({
              'filter-type': 'source' as const,
              'column-name': f.column,
              'filter-conditions': f.conditions.map((c) => ({ ...c })),
            })),
          }
        : {}),
      ...(options.loadOrder === undefined ? {} : { 'load-order': options.loadOrder }),
    };
    return this.add(rule, options.name ?? `${action}-${ref.schema}-${ref.table}`);
  }

  private transform(rule: Omit<Without<TransformationRule, never>, 'rule-type'>, name: string): this {
    return this.add({ 'rule-type': 'transformation', ...rule } as Without<TransformationRule, never>, name);
  }

  private add(rule: NewRule, name: string | undefined): this {
    this.rules.push(rule);
    this.names.push(name);
    return this;
  }
}

/** Rule names: lowercase letters, digits and hyphens. `%` becomes `all`. */
function slug(name: string): string {
  return (
    name
      .replace(/%/g, 'all')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'rule'
  );
}
