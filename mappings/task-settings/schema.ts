/**
 * The task-settings document: its sections and keys in rendering order, typed. Unknown sections and keys pass
 * (and are warnings, normalize.ts); near misses of known names are errors.
 * Reference: AWS DMS user guide, "Specifying task settings for AWS Database Migration Service tasks".
 */
import { z } from 'zod';
import { intBetween } from '../fields';
import { nearestKey } from './near-miss';

const bool = z.boolean('must be true or false');
const int = (min: number, max: number) => intBetween(min, max, 'must be a number');
const nonNegative = z.number('must be a number').int('must be a whole number').min(0, 'must be 0 or more');
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** Known keys of each section, in rendering order (filled as the sections are declared below). */
export const SECTION_KEYS: Record<string, readonly string[]> = {};

/**
 * A section: the keys this project knows, typed; any other key passes the schema (AWS adds keys over time, and
 * settings DMS returns carry some this project does not model) and becomes a warning in
 * `normalizeTaskSettings`. A key that differs from a known one only by case or a letter or two is a typo and
 * an error (`MaxFullLoadSubtasks`), because DMS would silently ignore it. `null` is how DMS returns a section
 * that is not set (describe-replication-tasks, "Saving task settings").
 */
function section<const T extends z.core.$ZodLooseShape>(name: string, shape: T, allowed: readonly string[] = []) {
  SECTION_KEYS[name] = Object.keys(shape);
  return z
    .looseObject(shape)
    .partial()
    .superRefine((value, ctx) => reportTypos(value, Object.keys(shape), allowed, ctx))
    .nullable();
}

function reportTypos(value: Record<string, unknown>, known: readonly string[], allowed: readonly string[], ctx: z.RefinementCtx) {
  for (const key of Object.keys(value)) {
    if (known.includes(key) || allowed.includes(key)) continue;
    const near = nearestKey(key, known);
    if (near) ctx.addIssue({ code: 'custom', path: [key], message: `is not a known setting; did you mean ${near}?` });
  }
}

const TARGET_TABLE_PREP_MODES = ['DO_NOTHING', 'DROP_AND_CREATE', 'TRUNCATE_BEFORE_LOAD'] as const;

export const LOG_COMPONENT_IDS = [
  'TRANSFORMATION',
  'SOURCE_UNLOAD',
  'IO',
  'TARGET_LOAD',
  'PERFORMANCE',
  'SOURCE_CAPTURE',
  'SORTER',
  'REST_SERVER',
  'VALIDATOR',
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

const LOG_SEVERITIES = [
  'LOGGER_SEVERITY_ERROR',
  'LOGGER_SEVERITY_WARNING',
  'LOGGER_SEVERITY_INFO',
  'LOGGER_SEVERITY_DEFAULT',
  'LOGGER_SEVERITY_DEBUG',
  'LOGGER_SEVERITY_DETAILED_DEBUG',
] as const;

const errorAction = oneOf(['IGNORE_RECORD', 'LOG_ERROR', 'SUSPEND_TABLE', 'STOP_TASK']);
const tableErrorAction = oneOf(['SUSPEND_TABLE', 'STOP_TASK']);

// Ranges from the AWS DMS user guide's task-settings pages; 0 means "service default" where AWS returns 0.
const targetMetadata = section('TargetMetadata', {
  TargetSchema: z.string(),
  SupportLobs: bool,
  FullLobMode: bool,
  LobChunkSize: nonNegative,
  LimitedSizeLobMode: bool,
  LobMaxSize: int(0, 102400),
  InlineLobMaxSize: int(0, 102400),
  LoadMaxFileSize: int(0, 100000),
  ParallelLoadThreads: nonNegative,
  ParallelLoadBufferSize: int(0, 1000),
  ParallelLoadQueuesPerThread: int(0, 512),
  ParallelApplyThreads: int(0, 32),
  ParallelApplyBufferSize: int(0, 1000),
  ParallelApplyQueuesPerThread: nonNegative,
  BatchApplyEnabled: bool,
  TaskRecoveryTableEnabled: bool,
});

const fullLoadSettings = section('FullLoadSettings', {
  TargetTablePrepMode: oneOf(TARGET_TABLE_PREP_MODES),
  CreatePkAfterFullLoad: bool,
  StopTaskCachedChangesApplied: bool,
  StopTaskCachedChangesNotApplied: bool,
  MaxFullLoadSubTasks: int(1, 49),
  TransactionConsistencyTimeout: nonNegative,
  CommitRate: int(1, 50000),
  PersistPartitionProgressForResumption: bool,
});

const readOnlyLoggingKey = z.never({
  error:
    'is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it',
});

const logging = section('Logging', {
  EnableLogging: bool,
  EnableLogContext: bool,
  LogComponents: z.array(
    z.strictObject({
      // Unknown ids are warnings (normalizeTaskSettings): DMS adds components over time.
      Id: z.string('must be a log component id such as SOURCE_UNLOAD'),
      Severity: oneOf(LOG_SEVERITIES),
    }),
  ),
  DeleteTaskLogs: bool,
  LogConfiguration: z.strictObject({ TraceOnErrorMb: nonNegative, EnableTraceOnError: bool }).partial(),
  CloudWatchLogGroup: readOnlyLoggingKey,
  CloudWatchLogStream: readOnlyLoggingKey,
});

const controlTablesSettings = section(
  'ControlTablesSettings',
  {
    ControlSchema: z.string(),
    HistoryTimeslotInMinutes: nonNegative,
    HistoryTableEnabled: bool,
    SuspendedTablesTableEnabled: bool,
    StatusTableEnabled: bool,
    FullLoadExceptionTableEnabled: bool,
  },
  ['historyTimeslotInMinutes'],
);

const streamBufferSettings = section('StreamBufferSettings', {
  StreamBufferCount: nonNegative,
  StreamBufferSizeInMB: nonNegative,
  CtrlStreamBufferSizeInMB: int(1, 8),
});

const changeProcessingDdlHandlingPolicy = section('ChangeProcessingDdlHandlingPolicy', {
  HandleSourceTableDropped: bool,
  HandleSourceTableTruncated: bool,
  HandleSourceTableAltered: bool,
});

const changeProcessingTuning = section('ChangeProcessingTuning', {
  BatchApplyPreserveTransaction: bool,
  BatchApplyTimeoutMin: nonNegative,
  BatchApplyTimeoutMax: nonNegative,
  BatchApplyMemoryLimit: nonNegative,
  BatchSplitSize: nonNegative,
  MinTransactionSize: nonNegative,
  CommitTimeout: nonNegative,
  MemoryLimitTotal: nonNegative,
  MemoryKeepTime: nonNegative,
  StatementCacheSize: int(0, 200),
  RecoveryTimeout: z.number().int().min(-1, 'must be -1 (no limit) or more'),
});

const errorBehavior = section('ErrorBehavior', {
  DataErrorPolicy: errorAction,
  DataTruncationErrorPolicy: errorAction,
  DataErrorEscalationPolicy: tableErrorAction,
  DataErrorEscalationCount: nonNegative,
  EventErrorPolicy: oneOf(['IGNORE', 'STOP_TASK']),
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
  DataMaskingErrorPolicy: errorAction,
});

const validationSettings = section('ValidationSettings', {
  EnableValidation: bool,
  // ROW_LEVEL (the default); GROUP_LEVEL from DMS 3.5.4 (current "Data validation task settings" page; the
  // archived guide says ROW_LEVEL only, and the current page could not be read offline: README).
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
});

const characterSetSettings = section('CharacterSetSettings', {
  CharacterReplacements: z.array(z.strictObject({ SourceCharacterCodePoint: nonNegative, TargetCharacterCodePoint: nonNegative })),
  CharacterSetSupport: z.strictObject({
    CharacterSet: z.string(),
    ReplaceWithCharacterCodePoint: nonNegative,
  }),
});

const beforeImageSettings = section('BeforeImageSettings', {
  EnableBeforeImage: bool,
  FieldName: z.string(),
  ColumnFilter: oneOf(['pk-only', 'non-lob', 'all']),
});

const loopbackPreventionSettings = section('LoopbackPreventionSettings', {
  EnableLoopbackPrevention: bool,
  SourceSchema: z.string(),
  TargetSchema: z.string(),
});

const timeTravelSettings = section('TTSettings', {
  EnableTT: bool,
  FailTaskOnTTFailure: bool,
  TTS3Settings: z
    .strictObject({
      EncryptionMode: oneOf(['SSE_S3', 'SSE_KMS']),
      ServerSideEncryptionKmsKeyId: z.string(),
      ServiceAccessRoleArn: z.string(),
      BucketName: z.string(),
      BucketFolder: z.string(),
      EnableDeletingFromS3OnTaskDelete: bool,
    })
    .partial(),
  TTRecordSettings: z
    .strictObject({
      EnableRawData: bool,
      OperationsToLog: z.string(),
      MaxRecordSize: nonNegative,
    })
    .partial(),
});

/** "Data resync settings" (AWS DMS user guide, CHAP_Tasks.CustomizingTasks.TaskSettings.DataResyncSettings). */
const resyncSettings = section('ResyncSettings', {
  EnableResync: bool,
  /** A cron expression, e.g. "30 9 ? * MON-FRI". */
  ResyncSchedule: z.string('must be a cron expression such as "30 9 ? * MON-FRI"').min(1, 'must not be empty'),
  MaxResyncTime: int(5, 14400),
  ValidationTaskId: z.string(),
});

const SECTION_NAMES = [
  'TargetMetadata',
  'FullLoadSettings',
  'Logging',
  'ControlTablesSettings',
  'StreamBufferSettings',
  'ChangeProcessingDdlHandlingPolicy',
  'ChangeProcessingTuning',
  'ErrorBehavior',
  'ValidationSettings',
  'CharacterSetSettings',
  'BeforeImageSettings',
  'LoopbackPreventionSettings',
  'TTSettings',
  'ResyncSettings',
] as const;
export const TOP_LEVEL_KEYS = ['FailTaskWhenCleanTaskResourceFailed', ...SECTION_NAMES];

/**
 * Sections in the order the AWS user guide lists them. Unknown sections and keys pass the schema and are
 * warnings (`normalizeTaskSettings` drops them); near misses of known names are errors (see `section`).
 * `PostProcessingRules: null` is what DMS returns for tasks without post-processing.
 */
export const taskSettingsSchema = z
  .looseObject({
    // A top-level flag, not a section.
    FailTaskWhenCleanTaskResourceFailed: bool,
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
    LoopbackPreventionSettings: loopbackPreventionSettings,
    TTSettings: timeTravelSettings,
    ResyncSettings: resyncSettings,
  })
  .partial()
  .superRefine((value, ctx) => reportTypos(value, TOP_LEVEL_KEYS, ['PostProcessingRules'], ctx));

export type TaskSettings = z.infer<typeof taskSettingsSchema>;
