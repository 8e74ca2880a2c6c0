/**
 * Table-mapping rules as TypeScript types and the closed sets the AWS DMS user guide defines for them
 * ("Specifying table selection and transformations rules using JSON" and its sub-pages; the DynamoDB,
 * Kinesis, Kafka and S3 target pages for object-mapping and post-processing).
 */

export const RULE_TYPES = ['selection', 'transformation', 'table-settings', 'object-mapping', 'post-processing', 'validation'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const SELECTION_ACTIONS = ['include', 'exclude', 'explicit'] as const;
export const TABLE_TYPES = ['table', 'view', 'all'] as const;
export const MAX_LOAD_ORDER = 2_147_483_647;

/** Filter operators and the value fields each takes (Filters page; `ste` is an alias of `lte`). */
export const FILTER_OPERATORS = {
  lte: 'value',
  ste: 'value',
  gte: 'value',
  eq: 'value',
  noteq: 'value',
  between: 'range',
  notbetween: 'range',
  null: 'none',
  notnull: 'none',
} as const;
export type FilterOperator = keyof typeof FILTER_OPERATORS;
/** "no more than one filter condition within a single filter if you specify a negative operator" */
export const NEGATIVE_OPERATORS: readonly FilterOperator[] = ['noteq', 'notbetween', 'notnull'];

export const TRANSFORMATION_TARGETS = ['schema', 'table', 'column', 'table-tablespace', 'index-tablespace'] as const;
export type TransformationTarget = (typeof TRANSFORMATION_TARGETS)[number];

const NAMING: readonly TransformationTarget[] = ['schema', 'table', 'column'];
const COLUMN: readonly TransformationTarget[] = ['column'];

/** Each transformation action, the rule targets it accepts, and the fields it requires. */
export const TRANSFORMATION_ACTIONS = {
  rename: { targets: ['schema', 'table', 'column', 'table-tablespace', 'index-tablespace'], requires: ['value'] },
  'remove-column': { targets: COLUMN, requires: [] },
  'include-column': { targets: COLUMN, requires: [] },
  'add-column': { targets: COLUMN, requires: ['value', 'data-type'] },
  'convert-lowercase': { targets: NAMING, requires: [] },
  'convert-uppercase': { targets: NAMING, requires: [] },
  'add-prefix': { targets: NAMING, requires: ['value'] },
  'remove-prefix': { targets: NAMING, requires: ['value'] },
  'replace-prefix': { targets: NAMING, requires: ['value', 'old-value'] },
  'add-suffix': { targets: NAMING, requires: ['value'] },
  'remove-suffix': { targets: NAMING, requires: ['value'] },
  'replace-suffix': { targets: NAMING, requires: ['value', 'old-value'] },
  'define-primary-key': { targets: ['table'], requires: ['primary-key-def'] },
  'change-data-type': { targets: COLUMN, requires: ['data-type'] },
  'add-before-image-columns': { targets: COLUMN, requires: ['before-image-def'] },
  'data-masking-digits-mask': { targets: COLUMN, requires: ['value'] },
  'data-masking-digits-randomize': { targets: COLUMN, requires: [] },
  'data-masking-hash-mask': { targets: COLUMN, requires: [] },
} as const satisfies Record<string, { targets: readonly TransformationTarget[]; requires: readonly string[] }>;
export type TransformationAction = keyof typeof TRANSFORMATION_ACTIONS;

/** Optional fields an action may carry besides the required ones. */
export const TRANSFORMATION_OPTIONAL_FIELDS: Partial<Record<TransformationAction, readonly string[]>> = {
  'add-column': ['expression'],
};

/** DMS data types for `change-data-type` and `add-column` (Transformations page, `data-type` parameter). */
export const DMS_DATA_TYPES = [
  'bytes',
  'date',
  'time',
  'datetime',
  'int1',
  'int2',
  'int4',
  'int8',
  'numeric',
  'real4',
  'real8',
  'string',
  'uint1',
  'uint2',
  'uint4',
  'uint8',
  'wstring',
  'blob',
  'nclob',
  'clob',
  'boolean',
  'set',
  'list',
  'map',
  'tuple',
] as const;
export type DmsDataType = (typeof DMS_DATA_TYPES)[number];

export const PRIMARY_KEY_ORIGINS = ['primary-key', 'unique-index'] as const;
export const BEFORE_IMAGE_COLUMN_FILTERS = ['pk-only', 'non-lob', 'all'] as const;

/** Parallel-load types and the fields each may carry (Table and collection settings page). */
export const PARALLEL_LOAD_TYPES = {
  'partitions-auto': ['number-of-partitions', 'collection-count-from-metadata', 'max-records-skip-per-page', 'batch-size'],
  'subpartitions-auto': [],
  'partitions-list': ['partitions', 'subpartitions'],
  ranges: ['columns', 'boundaries', 'segment-names'],
  none: [],
} as const satisfies Record<string, readonly string[]>;
export type ParallelLoadType = keyof typeof PARALLEL_LOAD_TYPES;
export const MAX_RANGE_COLUMNS = 10;

export const LOB_MODES = ['limited', 'unlimited', 'none'] as const;

export const OBJECT_MAPPING_ACTIONS = ['map-record-to-record', 'map-record-to-document'] as const;
/** `dynamodb-list` is the DynamoDB target page's alternative to `dynamodb-map` (a value of {"L": [...]}). */
export const ATTRIBUTE_TYPES = { scalar: ['string', 'number', 'boolean'], document: ['dynamodb-map', 'dynamodb-list', 'json'] } as const;
/** Kinesis/Kafka partition key types (Kinesis target page). */
export const PARTITION_KEY_TYPES = ['schema-table', 'transaction-id', 'primary-key', 'constant', 'attribute-name'] as const;

export const POST_PROCESSING_ACTIONS = ['add-tag'] as const;
/** S3 object tagging limits: 10 tags per object, keys up to 128 and values up to 256 characters. */
export const MAX_TAGS = 10;

export interface ObjectLocator {
  'schema-name': string;
  'table-name'?: string;
  'table-type'?: (typeof TABLE_TYPES)[number];
  'column-name'?: string;
  'table-tablespace-name'?: string;
  'index-tablespace-name'?: string;
  'data-type'?: string;
}

interface RuleBase {
  'rule-id': string;
  'rule-name': string;
  'object-locator': ObjectLocator;
}

export interface FilterCondition {
  'filter-operator': FilterOperator;
  value?: string | number;
  'start-value'?: string | number;
  'end-value'?: string | number;
}

export interface SelectionRule extends RuleBase {
  'rule-type': 'selection';
  'rule-action': (typeof SELECTION_ACTIONS)[number];
  'load-order'?: number | string;
  filters?: { 'filter-type': 'source'; 'column-name': string; 'filter-conditions': FilterCondition[] }[];
}

export interface DataTypeDef {
  type: DmsDataType;
  precision?: number | string;
  scale?: number | string;
  length?: number | string;
}

export interface TransformationRule extends RuleBase {
  'rule-type': 'transformation';
  'rule-target': TransformationTarget;
  'rule-action': TransformationAction;
  value?: string;
  'old-value'?: string;
  'data-type'?: DataTypeDef;
  expression?: string;
  'primary-key-def'?: { name: string; origin?: (typeof PRIMARY_KEY_ORIGINS)[number]; columns: string[] };
  'before-image-def'?: {
    'column-prefix'?: string;
    'column-suffix'?: string;
    'column-filter'?: (typeof BEFORE_IMAGE_COLUMN_FILTERS)[number];
  };
}

export interface TableSettingsRule extends RuleBase {
  'rule-type': 'table-settings';
  'parallel-load'?: { type: ParallelLoadType } & Record<string, unknown>;
  'lob-settings'?: { mode?: (typeof LOB_MODES)[number]; 'bulk-max-size'?: number | string };
}

export interface AttributeMapping {
  'target-attribute-name': string;
  'attribute-type': keyof typeof ATTRIBUTE_TYPES;
  'attribute-sub-type'?: string;
  value: string | Record<string, unknown>;
}

export interface ObjectMappingRule extends RuleBase {
  'rule-type': 'object-mapping';
  'rule-action': (typeof OBJECT_MAPPING_ACTIONS)[number];
  'target-table-name'?: string;
  'mapping-parameters'?: {
    'partition-key-type'?: (typeof PARTITION_KEY_TYPES)[number];
    'partition-key-name'?: string;
    'sort-key-name'?: string;
    'partition-key'?: { value: string };
    'exclude-columns'?: string[];
    'attribute-mappings'?: AttributeMapping[];
    'condition-expression'?: Record<string, unknown>;
  };
}

export interface PostProcessingRule extends RuleBase {
  'rule-type': 'post-processing';
  'rule-action': 'add-tag';
  'tag-set': { key: string; value: string }[];
}

/** Data validation overrides (AWS DMS user guide, "Using JSON editor to modify validation rules"). */
export interface ValidationRule extends RuleBase {
  'rule-type': 'validation';
  'rule-target': 'column';
  'rule-action': 'override-validation-function';
  'source-function'?: string;
  'target-function'?: string;
}

export type Rule = SelectionRule | TransformationRule | TableSettingsRule | ObjectMappingRule | PostProcessingRule | ValidationRule;

export interface TableMappings {
  rules: Rule[];
}
