/**
 * Inputs AWS or Terraform would reject later (or that the project used to reject although AWS accepts them),
 * each with the exact `path: message` lines `npm run check` prints: documents given as values are written as
 * JSON, documents given as strings are written byte for byte (duplicate keys, out-of-range numbers, syntax).
 */
import type { BadDocument } from './bad-input-corpus';

export type CorpusEntry = BadDocument;

type JsonObject = Record<string, unknown>;

const selection: JsonObject = {
  'rule-type': 'selection',
  'rule-id': '1',
  'rule-name': 'include-dbo',
  'object-locator': { 'schema-name': 'dbo', 'table-name': '%' },
  'rule-action': 'include',
};
const withRules = (...rules: JsonObject[]): JsonObject => ({
  rules: [selection, ...rules.map((rule, index) => ({ 'rule-id': String(index + 2), 'rule-name': `rule-${index + 2}`, ...rule }))],
});
const validationRule = (overrides: JsonObject): JsonObject => ({
  'rule-type': 'validation',
  'rule-target': 'column',
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': 'CreatedAt' },
  'rule-action': 'override-validation-function',
  'source-function': 'REPLACE(${column-name}, chr(0), chr(32))',
  'target-function': '${column-name}',
  ...overrides,
});
const documentMapping = (subType: string, value: unknown): JsonObject => ({
  'rule-type': 'object-mapping',
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
  'rule-action': 'map-record-to-record',
  'target-table-name': 'orders',
  'mapping-parameters': {
    'partition-key-name': 'Id',
    'attribute-mappings': [{ 'target-attribute-name': 'Contacts', 'attribute-type': 'document', 'attribute-sub-type': subType, value }],
  },
});
const transformation = (overrides: JsonObject): JsonObject => ({
  'rule-type': 'transformation',
  'rule-target': 'table',
  'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' },
  ...overrides,
});
const rename = (locator: JsonObject): JsonObject => transformation({ 'rule-action': 'rename', value: 'orders', 'object-locator': locator });

// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
export const EXACT_MAPPINGS: readonly CorpusEntry[] = [
  // validation rules (data validation page)
  { name: 'a validation rule on a table', document: withRules(validationRule({ 'rule-target': 'table' })), expected: ['rules[1].rule-target: must be one of column'] },
  { name: 'a validation rule with an unknown action', document: withRules(validationRule({ 'rule-action': 'exclude-from-validation' })), expected: ['rules[1].rule-action: must be one of override-validation-function'] },
  { name: 'a validation rule without functions', document: withRules(validationRule({ 'source-function': undefined, 'target-function': undefined })), expected: ['rules[1]: a validation rule needs source-function or target-function'] },
  { name: 'a validation function without ${column-name}', document: withRules(validationRule({ 'source-function': 'UPPER(CreatedAt)' })), expected: ['rules[1].source-function: must use ${column-name} for the column being validated'] },
  { name: 'a validation rule without column-name', document: withRules(validationRule({ 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders' } })), expected: ['rules[1].object-locator.column-name: is required'] },
  { name: 'a validation rule with a function field', document: withRules(validationRule({ function: 'x' })), expected: ['rules[1].function: is not a field of a validation rule'] },
  { name: 'a validation function that is a number', document: withRules(validationRule({ 'target-function': 0 })), expected: ['rules[1].target-function: must be a string'] },
  // dynamodb-list (DynamoDB target page)
  { name: 'a dynamodb-list whose value is a map', target: 'dynamodb', document: withRules(documentMapping('dynamodb-list', { M: { a: { S: '${Id}' } } })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].value: must be a list ({"L": [...]}) for attribute-sub-type dynamodb-list'] },
  { name: 'a dynamodb-list for a Kinesis target', target: 'kinesis', document: withRules(documentMapping('dynamodb-list', { L: [{ S: '${Id}' }] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].attribute-sub-type: must be json for a kinesis target'] },
  { name: 'a dynamodb-list item with two type keys', target: 'dynamodb', document: withRules(documentMapping('dynamodb-list', { L: [{ S: '${Id}', N: '${Id}' }] })), expected: ['rules[1].mapping-parameters.attribute-mappings[0].value.L[0]: must have exactly one DynamoDB type key (S, N, B, BOOL, NULL, M, L, SS, NS, BS)'] },
  // kafka-target-topic (Kafka target page, DMS 3.4.6)
  { name: 'a kafka-target-topic for a Kinesis target', target: 'kinesis', document: withRules({ ...documentMapping('json', { a: '${Id}' }), 'kafka-target-topic': 'orders' }), expected: ['rules[1].kafka-target-topic: applies only to Kafka targets, not kinesis'] },
  { name: 'a rule-level partition-key without value', target: 'kafka', document: withRules({ ...documentMapping('json', { a: '${Id}' }), 'partition-key': { key: 'Id' } }), expected: ['rules[1].partition-key.key: is not a field of partition-key', 'rules[1].partition-key.value: is required'] },
  // null values from the console
  { name: 'rename with a null value', document: withRules(transformation({ 'rule-action': 'rename', value: null })), expected: ['rules[1].value: is required by rule-action rename'] },
  { name: 'replace-prefix with a null old-value', document: withRules(transformation({ 'rule-action': 'replace-prefix', value: 'new_', 'old-value': null })), expected: ['rules[1].old-value: is required by rule-action replace-prefix'] },
  // text that cannot be a name
  { name: 'a NUL character in a table name', document: withRules(rename({ 'schema-name': 'dbo', 'table-name': 'Ord\u0000ers' })), expected: ['rules[1].object-locator.table-name: must not contain control characters (U+0000 at position 4)'] },
  { name: 'a line feed in a schema name', document: { rules: [{ ...selection, 'object-locator': { 'schema-name': 'dbo\n', 'table-name': '%' } }] }, expected: ['rules[0].object-locator.schema-name: must not contain control characters (U+000A at position 4)'] },
  { name: 'a tab in a rule-name', document: { rules: [{ ...selection, 'rule-name': 'include\tdbo' }] }, expected: ['rules[0].rule-name: must not contain control characters (U+0009 at position 8)'] },
  { name: 'an escape character in a target table name', target: 'dynamodb', document: withRules({ ...documentMapping('dynamodb-map', { M: {} }), 'target-table-name': 'orders\u001b[31m' }), expected: ['rules[1].target-table-name: must not contain control characters (U+001B at position 7)'] },
  { name: 'a table name of 256 characters', document: withRules(rename({ 'schema-name': 'dbo', 'table-name': `T${'x'.repeat(255)}` })), expected: ['rules[1].object-locator.table-name: must be at most 255 characters, not 256'] },
  { name: 'a table name of a million characters', document: withRules(rename({ 'schema-name': 'dbo', 'table-name': 'x'.repeat(1_000_000) })), expected: ['rules[1].object-locator.table-name: must be at most 255 characters, not 1000000'] },
  { name: 'a DEL character in a column name', document: withRules(transformation({ 'rule-action': 'remove-column', 'rule-target': 'column', 'object-locator': { 'schema-name': 'dbo', 'table-name': 'Orders', 'column-name': 'Total\u007f' } })), expected: ['rules[1].object-locator.column-name: must not contain control characters (U+007F at position 6)'] },
  // the text itself
  { name: 'a key written twice in a locator', document: '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","object-locator":{"schema-name":"dbo","schema-name":"sales","table-name":"%"},"rule-action":"include"}]}', expected: ['rules[0].object-locator.schema-name: is written more than once in this object; JSON keeps only the last one'] },
  { name: 'a load-order of 1e400', document: '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","object-locator":{"schema-name":"dbo","table-name":"%"},"rule-action":"include","load-order":1e400}]}', expected: ['rules[0].load-order: 1e400 is out of range: numbers must fit a 64-bit float (JSON.parse would make it Infinity)'] },
  { name: 'a trailing comma', document: '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","object-locator":{"schema-name":"dbo","table-name":"%"},"rule-action":"include"},]}', expected: ['is not valid JSON: an unexpected character where a value is expected at line 1, column 147'] },
  { name: 'a comment', document: '{\n  // the rules\n  "rules": []\n}', expected: ['is not valid JSON: a missing object key (keys are double-quoted strings) at line 2, column 3'] },
  { name: 'two documents in one file', document: '{"rules":[]}\n{"rules":[]}', expected: ['is not valid JSON: unexpected text after the JSON value at line 2, column 1'] },
  { name: 'a document nested 100,000 levels deep', document: `{"rules":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`, expected: [`rules${'[0]'.repeat(63)}: is nested more than 64 levels deep`] },
  { name: 'an empty file', document: '', expected: ['is not valid JSON: the text ends where a value is expected at line 1, column 1'] },
  { name: 'a raw control character inside a string', document: '{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a\u0001","object-locator":{"schema-name":"dbo","table-name":"%"},"rule-action":"include"}]}', expected: ['is not valid JSON: an unterminated string, a control character or a bad escape in a string at line 1, column 64'] },
  { name: 'a 6 MB mapping of 20k selection and 20k table-settings rules', document: 'GENERATED:20000', expected: ['is 7924465 bytes; DMS accepts table mappings up to 2097152 bytes (2 MB)'] },
];

// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
export const EXACT_SETTINGS: readonly CorpusEntry[] = [
  { name: 'ValidationMode COLUMN_LEVEL', document: { ValidationSettings: { EnableValidation: true, ValidationMode: 'COLUMN_LEVEL' } }, expected: ['ValidationSettings.ValidationMode: must be one of ROW_LEVEL, GROUP_LEVEL'] },
  { name: 'MaxResyncTime of 4 minutes', document: { ResyncSettings: { EnableResync: true, ResyncSchedule: '30 9 ? * MON-FRI', MaxResyncTime: 4 } }, expected: ['ResyncSettings.MaxResyncTime: must be between 5 and 14400'] },
  { name: 'MaxResyncTime over 10 days', document: { ResyncSettings: { EnableResync: true, ResyncSchedule: '30 9 ? * MON-FRI', MaxResyncTime: 14401 } }, expected: ['ResyncSettings.MaxResyncTime: must be between 5 and 14400'] },
  { name: 'resync enabled on a CDC task without a schedule', migrationType: 'cdc', document: { ResyncSettings: { EnableResync: true } }, expected: ['ResyncSettings.ResyncSchedule: is required when EnableResync is true on a task with CDC', 'ResyncSettings.MaxResyncTime: is required when EnableResync is true on a task with CDC'] },
  { name: 'a resync schedule on a full-load task', migrationType: 'full-load', document: { ResyncSettings: { EnableResync: false, ResyncSchedule: '30 9 ? * MON-FRI' } }, expected: ['ResyncSettings.ResyncSchedule: is not valid for full-load-only tasks'] },
  { name: 'ResyncSettings without EnableResync', document: { ResyncSettings: { MaxResyncTime: 60 } }, expected: ['ResyncSettings.EnableResync: is required when ResyncSettings is present'] },
  { name: 'an empty resync schedule', document: { ResyncSettings: { EnableResync: true, ResyncSchedule: '' } }, expected: ['ResyncSettings.ResyncSchedule: must not be empty'] },
  { name: 'a key in the wrong case', document: { FullLoadSettings: { commitRate: 1000 } }, expected: ['FullLoadSettings.commitRate: is not a known setting; did you mean CommitRate?'] },
  { name: 'a section in the wrong case', document: { Targetmetadata: { BatchApplyEnabled: true } }, expected: ['Targetmetadata: is not a known setting; did you mean TargetMetadata?'] },
  { name: 'a key two letters off', document: { StreamBufferSettings: { CtrlStreamBufferSizeMB: 5 } }, expected: ['StreamBufferSettings.CtrlStreamBufferSizeMB: is not a known setting; did you mean CtrlStreamBufferSizeInMB?'] },
  { name: 'ParallelApplyBufferSize of 50 for PostgreSQL', target: 'postgres', document: { TargetMetadata: { ParallelApplyBufferSize: 50 } }, expected: ['TargetMetadata.ParallelApplyBufferSize: applies only to kinesis, kafka, opensearch, elasticsearch, redshift, redshift-serverless, docdb targets, not postgres (only its default 0 or 100 is accepted here)'] },
  { name: 'ParallelLoadQueuesPerThread of 2 for Redshift', target: 'redshift', document: { TargetMetadata: { ParallelLoadQueuesPerThread: 2 } }, expected: ['TargetMetadata.ParallelLoadQueuesPerThread: applies only to kinesis and kafka targets, not redshift (only its default 0 or 1 is accepted here)'] },
  { name: 'a log component id that is a number', document: { Logging: { EnableLogging: true, LogComponents: [{ Id: 7, Severity: 'LOGGER_SEVERITY_DEFAULT' }] } }, expected: ['Logging.LogComponents[0].Id: must be a log component id such as SOURCE_UNLOAD'] },
  { name: 'a log severity in lower case', document: { Logging: { EnableLogging: true, LogComponents: [{ Id: 'VALIDATOR', Severity: 'logger_severity_default' }] } }, expected: ['Logging.LogComponents[0].Severity: must be one of LOGGER_SEVERITY_ERROR, LOGGER_SEVERITY_WARNING, LOGGER_SEVERITY_INFO, LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_DEBUG, LOGGER_SEVERITY_DETAILED_DEBUG'] },
  { name: 'a settings key written twice', document: '{"FullLoadSettings":{"CommitRate":1000,"CommitRate":50000}}', expected: ['FullLoadSettings.CommitRate: is written more than once in this object; JSON keeps only the last one'] },
  { name: 'a CommitRate of 1e400', document: '{"FullLoadSettings":{"CommitRate":1e400}}', expected: ['FullLoadSettings.CommitRate: 1e400 is out of range: numbers must fit a 64-bit float (JSON.parse would make it Infinity)'] },
  { name: 'a settings file that is not JSON', document: 'TargetMetadata.ParallelLoadThreads = 8\n', expected: ['is not valid JSON: an unexpected character where a value is expected at line 1, column 1'] },
  { name: 'settings nested 10,000 levels deep', document: `{"Logging":{"LogComponents":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`, expected: [`Logging.LogComponents${'[0]'.repeat(62)}: is nested more than 64 levels deep`] },
  { name: 'a null section where a key belongs', document: { TargetMetadata: { SupportLobs: null } }, expected: ['TargetMetadata.SupportLobs: must be true or false'] },
];

/** Accepted, with exactly these warnings: input that DMS shows or accepts but that is not passed on. */
// One case a line: a table to read down, kept so by the formatter.
// prettier-ignore
export const WARNED_SETTINGS: readonly CorpusEntry[] = [
  { name: 'an unknown section', document: { FullLoad: { CommitRate: 1 } }, expected: ['warning: FullLoad: is not a task-settings section this project knows; ignored (not passed to DMS)'] },
  { name: 'an unknown key in a known section', document: { TargetMetadata: { EnableRedshiftSpectrum: true } }, expected: ['warning: TargetMetadata.EnableRedshiftSpectrum: is not a setting this project knows; ignored (not passed to DMS)'] },
  { name: 'the lower-case historyTimeslotInMinutes DMS adds', document: { ControlTablesSettings: { HistoryTimeslotInMinutes: 5, historyTimeslotInMinutes: 5 } }, expected: ['warning: ControlTablesSettings.historyTimeslotInMinutes: is the lower-case copy of HistoryTimeslotInMinutes that DMS adds itself; ignored (not passed to DMS)'] },
  { name: 'a log component this project does not know', document: { Logging: { EnableLogging: true, LogComponents: [{ Id: 'DATA_RESYNC', Severity: 'LOGGER_SEVERITY_DEFAULT' }, { Id: 'VALIDATOR', Severity: 'LOGGER_SEVERITY_DEFAULT' }] } }, expected: ['warning: Logging.LogComponents[0].Id: DATA_RESYNC is not a log component this project knows (TRANSFORMATION, SOURCE_UNLOAD, IO, TARGET_LOAD, PERFORMANCE, SOURCE_CAPTURE, SORTER, REST_SERVER, VALIDATOR, VALIDATOR_EXT, TARGET_APPLY, TASK_MANAGER, TABLES_MANAGER, METADATA_MANAGER, FILE_FACTORY, COMMON, ADDONS, DATA_STRUCTURE, COMMUNICATION, FILE_TRANSFER); ignored (not passed to DMS)'] },
  { name: 'PostProcessingRules that are not null', document: { PostProcessingRules: { rules: [] } }, expected: ['warning: PostProcessingRules: is not a task-settings section this project knows; ignored (not passed to DMS)'] },
  { name: 'null sections as DMS returns them', document: { CharacterSetSettings: null, LoopbackPreventionSettings: null, BeforeImageSettings: null, PostProcessingRules: null, TTSettings: null }, expected: [] },
  { name: 'GROUP_LEVEL validation (DMS 3.5.4)', document: { ValidationSettings: { EnableValidation: true, ValidationMode: 'GROUP_LEVEL' } }, expected: [] },
  { name: 'ParallelApply* at their defaults for DynamoDB', target: 'dynamodb', document: { TargetMetadata: { ParallelApplyThreads: 0, ParallelApplyBufferSize: 100, ParallelApplyQueuesPerThread: 1 } }, expected: ['warning: TargetMetadata.ParallelApplyThreads: applies only to kinesis, kafka, opensearch, elasticsearch, redshift, redshift-serverless, docdb targets; 0 (its default) is accepted for dynamodb and not passed to DMS', 'warning: TargetMetadata.ParallelApplyBufferSize: applies only to kinesis, kafka, opensearch, elasticsearch, redshift, redshift-serverless, docdb targets; 100 (its default) is accepted for dynamodb and not passed to DMS', 'warning: TargetMetadata.ParallelApplyQueuesPerThread: applies only to kinesis, kafka, opensearch, elasticsearch, redshift, redshift-serverless, docdb targets; 1 (its default) is accepted for dynamodb and not passed to DMS'] },
];
