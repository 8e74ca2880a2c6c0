/**
 * DMS replication task settings: a typed document, named profiles, merge, and a normalised JSON rendering.
 *
 * Only keys that were set are emitted, sections and keys in the order declared here, so the provider sees the
 * same document on every plan (terraform-provider-aws #19883, #21512: perpetual diffs from key order and from
 * read-only keys).
 * Reference: AWS DMS user guide, "Specifying task settings for AWS Database Migration Service tasks".
 */
import { z } from 'zod';

const bool = z.boolean('must be true or false');
const int = (min: number, max: number) => {
  const message = `must be between ${min} and ${max}`;
  return z.number('must be a number').int('must be a whole number').min(min, message).max(max, message);
};
const nonNegative = z.number('must be a number').int('must be a whole number').min(0, 'must be 0 or more');
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

export const TARGET_TABLE_PREP_MODES = ['DO_NOTHING', 'DROP_AND_CREATE', 'TRUNCATE_BEFORE_LOAD'] as const;

export const LOG_COMPONENT_IDS = [
  'TRANSFORMATION',
  'SOURCE_UNLOAD',
  'IO',
  'TARGET_LOAD',
  'PERFORMANCE',
  'SOURCE_CAPTURE',
  'SORTER',
  'REST_SERVER',
  'VALIDATOR_EXT',
  'TARGET_APPLY',
  'TASK_MANAGER',
  'TABLES_MANAGER',
  'METADATA_MANAGER',
  'FILE_FACTORY',
  'COMMON',
  'ADDONS',
  'DATA_STRUCTURE',
  'COMMUNICATION',
  'FILE_TRANSFER',
] as const;

export const LOG_SEVERITIES = [
  'LOGGER_SEVERITY_ERROR',
  'LOGGER_SEVERITY_WARNING',
  'LOGGER_SEVERITY_INFO',
  'LOGGER_SEVERITY_DEFAULT',
  'LOGGER_SEVERITY_DEBUG',
  'LOGGER_SEVERITY_DETAILED_DEBUG',
] as const;

const errorAction = oneOf(['IGNORE_RECORD', 'LOG_ERROR', 'SUSPEND_TABLE', 'STOP_TASK']);
const tableErrorAction = oneOf(['SUSPEND_TABLE', 'STOP_TASK']);

const targetMetadata = z.strictObject({
  TargetSchema: z.string(),
  SupportLobs: bool,
  FullLobMode: bool,
  LobChunkSize: nonNegative,
  LimitedSizeLobMode: bool,
  LobMaxSize: nonNegative,
  InlineLobMaxSize: nonNegative,
  LoadMaxFileSize: nonNegative,
  ParallelLoadThreads: nonNegative,
  ParallelLoadBufferSize: nonNegative,
  ParallelLoadQueuesPerThread: nonNegative,
  ParallelApplyThreads: nonNegative,
  ParallelApplyBufferSize: nonNegative,
  ParallelApplyQueuesPerThread: nonNegative,
  BatchApplyEnabled: bool,
  TaskRecoveryTableEnabled: bool,
}).partial();

const fullLoadSettings = z.strictObject({
  TargetTablePrepMode: oneOf(TARGET_TABLE_PREP_MODES),
  CreatePkAfterFullLoad: bool,
  StopTaskCachedChangesApplied: bool,
  StopTaskCachedChangesNotApplied: bool,
  MaxFullLoadSubTasks: int(1, 49),
  TransactionConsistencyTimeout: nonNegative,
  CommitRate: int(1, 50000),
}).partial();

const readOnlyLoggingKey = z.never({
  error: 'is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it',
});

const logging = z.strictObject({
  EnableLogging: bool,
  EnableLogContext: bool,
  LogComponents: z.array(
    z.strictObject({
      Id: oneOf(LOG_COMPONENT_IDS),
      Severity: oneOf(LOG_SEVERITIES),
    }),
  ),
  CloudWatchLogGroup: readOnlyLoggingKey,
  CloudWatchLogStream: readOnlyLoggingKey,
}).partial();

const controlTablesSettings = z.strictObject({
  ControlSchema: z.string(),
  HistoryTimeslotInMinutes: nonNegative,
  HistoryTableEnabled: bool,
  SuspendedTablesTableEnabled: bool,
  StatusTableEnabled: bool,
  FullLoadExceptionTableEnabled: bool,
}).partial();

const streamBufferSettings = z.strictObject({
  StreamBufferCount: nonNegative,
  StreamBufferSizeInMB: nonNegative,
  CtrlStreamBufferSizeInMB: nonNegative,
}).partial();

const changeProcessingDdlHandlingPolicy = z.strictObject({
  HandleSourceTableDropped: bool,
  HandleSourceTableTruncated: bool,
  HandleSourceTableAltered: bool,
}).partial();

const changeProcessingTuning = z.strictObject({
  BatchApplyPreserveTransaction: bool,
  BatchApplyTimeoutMin: nonNegative,
  BatchApplyTimeoutMax: nonNegative,
  BatchApplyMemoryLimit: nonNegative,
  BatchSplitSize: nonNegative,
  MinTransactionSize: nonNegative,
  CommitTimeout: nonNegative,
  MemoryLimitTotal: nonNegative,
  MemoryKeepTime: nonNegative,
  StatementCacheSize: nonNegative,
}).partial();

const errorBehavior = z.strictObject({
  DataErrorPolicy: errorAction,
  DataTruncationErrorPolicy: errorAction,
  DataErrorEscalationPolicy: tableErrorAction,
  DataErrorEscalationCount: nonNegative,
  TableErrorPolicy: tableErrorAction,
  TableErrorEscalationPolicy: oneOf(['STOP_TASK']),
  TableErrorEscalationCount: nonNegative,
  RecoverableErrorCount: z.number().int().min(-1, 'must be -1 (retry forever) or more'),
  RecoverableErrorInterval: nonNegative,
  RecoverableErrorThrottling: bool,
  RecoverableErrorThrottlingMax: nonNegative,
  RecoverableErrorStopRetryAfterThrottlingMax: bool,
  ApplyErrorDeletePolicy: errorAction,
  ApplyErrorInsertPolicy: oneOf(['IGNORE_RECORD', 'LOG_ERROR', 'SUSPEND_TABLE', 'STOP_TASK', 'INSERT_RECORD']),
  ApplyErrorUpdatePolicy: oneOf(['IGNORE_RECORD', 'LOG_ERROR', 'SUSPEND_TABLE', 'STOP_TASK', 'UPDATE_RECORD']),
  ApplyErrorEscalationPolicy: oneOf(['LOG_ERROR', 'SUSPEND_TABLE', 'STOP_TASK']),
  ApplyErrorEscalationCount: nonNegative,
  ApplyErrorFailOnTruncationDdl: bool,
  FullLoadIgnoreConflicts: bool,
  FailOnTransactionConsistencyBreached: bool,
  FailOnNoTablesCaptured: bool,
}).partial();

const validationSettings = z.strictObject({
  EnableValidation: bool,
  ValidationMode: oneOf(['ROW_LEVEL', 'GROUP_LEVEL']),
  ThreadCount: nonNegative,
  PartitionSize: nonNegative,
  FailureMaxCount: nonNegative,
  RecordFailureDelayInMinutes: nonNegative,
  RecordSuspendDelayInMinutes: nonNegative,
  MaxKeyColumnSize: nonNegative,
  TableFailureMaxCount: nonNegative,
  ValidationOnly: bool,
  HandleCollationDiff: bool,
  RecordFailureDelayLimitInMinutes: nonNegative,
  SkipLobColumns: bool,
  ValidationPartialLobSize: nonNegative,
  ValidationQueryCdcDelaySeconds: nonNegative,
}).partial();

const characterSetSettings = z.strictObject({
  CharacterReplacements: z.array(
    z.strictObject({ SourceCharacterCodePoint: nonNegative, TargetCharacterCodePoint: nonNegative }),
  ),
  CharacterSetSupport: z.strictObject({
    CharacterSet: z.string(),
    ReplaceWithCharacterCodePoint: nonNegative,
  }),
}).partial();

const beforeImageSettings = z.strictObject({
  EnableBeforeImage: bool,
  FieldName: z.string(),
  ColumnFilter: oneOf(['pk-only', 'non-lob', 'all']),
}).partial();

/**
 * Sections in the order the AWS user guide lists them. `strictObject` makes an unknown section or key an error,
 * which is how typos (`MaxFullLoadSubtasks`) are caught before DMS silently ignores them.
 */
export const taskSettingsSchema = z.strictObject({
  TargetMetadata: targetMetadata,
  FullLoadSettings: fullLoadSettings,
  Logging: logging,
  ControlTablesSettings: controlTablesSettings,
  StreamBufferSettings: streamBufferSettings,
  ChangeProcessingDdlHandlingPolicy: changeProcessingDdlHandlingPolicy,
  ChangeProcessingTuning: changeProcessingTuning,
  ErrorBehavior: errorBehavior,
  ValidationSettings: validationSettings,
  CharacterSetSettings: characterSetSettings,
  BeforeImageSettings: beforeImageSettings,
}).partial();

export type TaskSettings = z.infer<typeof taskSettingsSchema>;

/**
 * Named profiles a task composes, in order, before its own overrides. The seed's tuning lives here rather than
 * in each task so a change to it is reviewed once.
 */
export const TASK_SETTINGS_PROFILES = {
  /** The seed's "Optimize Full Load" block. `BatchApplyEnabled` belongs to TargetMetadata, not FullLoadSettings. */
  'full-load-tuning': {
    FullLoadSettings: { TargetTablePrepMode: 'TRUNCATE_BEFORE_LOAD', MaxFullLoadSubTasks: 16, CommitRate: 50000 },
    TargetMetadata: { BatchApplyEnabled: true },
  },
  /** The seed's "Optimize CDC" block. */
  'cdc-tuning': {
    ChangeProcessingTuning: {
      BatchApplyPreserveTransaction: true,
      BatchApplyTimeoutMin: 1,
      BatchApplyTimeoutMax: 30,
      BatchApplyMemoryLimit: 500,
      BatchSplitSize: 0,
      MinTransactionSize: 1000,
      CommitTimeout: 1,
      MemoryLimitTotal: 1024,
      MemoryKeepTime: 60,
      StatementCacheSize: 50,
    },
  },
  /** Task logging to CloudWatch (log group `dms-tasks-<instance id>`), errors and warnings from every stage. */
  logging: {
    Logging: {
      EnableLogging: true,
      LogComponents: [
        { Id: 'SOURCE_UNLOAD', Severity: 'LOGGER_SEVERITY_DEFAULT' },
        { Id: 'SOURCE_CAPTURE', Severity: 'LOGGER_SEVERITY_DEFAULT' },
        { Id: 'TARGET_LOAD', Severity: 'LOGGER_SEVERITY_DEFAULT' },
        { Id: 'TARGET_APPLY', Severity: 'LOGGER_SEVERITY_DEFAULT' },
        { Id: 'TASK_MANAGER', Severity: 'LOGGER_SEVERITY_DEFAULT' },
      ],
    },
  },
} as const satisfies Record<string, TaskSettings>;

export type TaskSettingsProfile = keyof typeof TASK_SETTINGS_PROFILES;
export const TASK_SETTINGS_PROFILE_NAMES = Object.keys(TASK_SETTINGS_PROFILES) as [
  TaskSettingsProfile,
  ...TaskSettingsProfile[],
];

/** Merge section by section; a later layer replaces a key (arrays are replaced whole, not concatenated). */
export function mergeTaskSettings(...layers: TaskSettings[]): TaskSettings {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const layer of layers) {
    for (const [section, values] of Object.entries(layer)) {
      if (values === undefined) continue;
      merged[section] = { ...(merged[section] ?? {}), ...values };
    }
  }
  return merged as TaskSettings;
}

/** Serialise in schema order: sections and keys as declared above, only what was set. */
export function renderTaskSettings(settings: TaskSettings): string {
  const ordered: Record<string, unknown> = {};
  for (const [section, sectionSchema] of Object.entries(taskSettingsSchema.shape)) {
    const values = (settings as Record<string, Record<string, unknown> | undefined>)[section];
    if (values === undefined) continue;
    const keys = Object.keys((sectionSchema as unknown as { unwrap(): z.ZodObject }).unwrap().shape);
    const orderedSection: Record<string, unknown> = {};
    for (const key of keys) {
      if (values[key] !== undefined) orderedSection[key] = values[key];
    }
    ordered[section] = orderedSection;
  }
  return JSON.stringify(ordered);
}
