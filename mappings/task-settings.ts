/**
 * DMS replication task settings: a typed document, named profiles, merge, and a normalised JSON rendering.
 *
 * Only keys that were set are emitted, sections and keys in the order declared here, so the provider sees the
 * same document on every plan (terraform-provider-aws #19883, #21512: perpetual diffs from key order and from
 * read-only keys).
 * Reference: AWS DMS user guide, "Specifying task settings for AWS Database Migration Service tasks".
 */
import { z } from 'zod';
import type { ValidationIssue } from '../config/errors';
import {
  MAX_PARALLEL_LOAD_THREADS,
  NO_BATCH_APPLY_TARGETS,
  NO_FULL_LOB_TARGETS,
  PARALLEL_APPLY_TARGETS,
  PARALLEL_QUEUE_TARGETS,
  type TargetEngine,
} from './engines';

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

// Ranges from the AWS DMS user guide's task-settings pages; 0 means "service default" where AWS returns 0.
const targetMetadata = z.strictObject({
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
}).partial();

const fullLoadSettings = z.strictObject({
  TargetTablePrepMode: oneOf(TARGET_TABLE_PREP_MODES),
  CreatePkAfterFullLoad: bool,
  StopTaskCachedChangesApplied: bool,
  StopTaskCachedChangesNotApplied: bool,
  MaxFullLoadSubTasks: int(1, 49),
  TransactionConsistencyTimeout: nonNegative,
  CommitRate: int(1, 50000),
  PersistPartitionProgressForResumption: bool,
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
  DeleteTaskLogs: bool,
  LogConfiguration: z.strictObject({ TraceOnErrorMb: nonNegative, EnableTraceOnError: bool }).partial(),
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
  CtrlStreamBufferSizeInMB: int(1, 8),
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
  StatementCacheSize: int(0, 200),
  RecoveryTimeout: z.number().int().min(-1, 'must be -1 (no limit) or more'),
}).partial();

const errorBehavior = z.strictObject({
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
}).partial();

const validationSettings = z.strictObject({
  EnableValidation: bool,
  // "Currently, the default and only valid value is ROW_LEVEL."
  ValidationMode: oneOf(['ROW_LEVEL']),
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

const loopbackPreventionSettings = z.strictObject({
  EnableLoopbackPrevention: bool,
  SourceSchema: z.string(),
  TargetSchema: z.string(),
}).partial();

const timeTravelSettings = z.strictObject({
  EnableTT: bool,
  FailTaskOnTTFailure: bool,
  TTS3Settings: z.strictObject({
    EncryptionMode: oneOf(['SSE_S3', 'SSE_KMS']),
    ServerSideEncryptionKmsKeyId: z.string(),
    ServiceAccessRoleArn: z.string(),
    BucketName: z.string(),
    BucketFolder: z.string(),
    EnableDeletingFromS3OnTaskDelete: bool,
  }).partial(),
  TTRecordSettings: z.strictObject({
    EnableRawData: bool,
    OperationsToLog: z.string(),
    MaxRecordSize: nonNegative,
  }).partial(),
}).partial();

/**
 * Sections in the order the AWS user guide lists them. `strictObject` makes an unknown section or key an error,
 * which is how typos (`MaxFullLoadSubtasks`) are caught before DMS silently ignores them.
 */
export const taskSettingsSchema = z.strictObject({
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
}).partial();

export type TaskSettings = z.infer<typeof taskSettingsSchema>;

export interface TaskSettingsContext {
  /** The pipeline's target engine; target-specific limits are checked only when known. */
  readonly target?: TargetEngine;
  readonly migrationType?: 'full-load' | 'cdc' | 'full-load-and-cdc';
  /** The target tables exist with keys and indexes defined outside DMS (Terraform), which DMS must not drop. */
  readonly targetTablesDefined?: boolean;
}

/**
 * Rules across keys and against the target, on a document whose shape already passed `taskSettingsSchema`.
 * Paths are relative to the document, e.g. `TargetMetadata.ParallelLoadThreads`.
 * Sources: AWS DMS user guide task-settings pages (TargetMetadata, Logging, BeforeImage, DataValidation) and
 * each target's page; terraform-provider-aws task_settings_json.go for EnableLogContext.
 */
export function validateTaskSettings(settings: TaskSettings, context: TaskSettingsContext = {}): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const at = (path: string, message: string) => issues.push({ path, message });
  const target = settings.TargetMetadata ?? {};
  const { target: engine, migrationType } = context;

  if (context.targetTablesDefined && settings.FullLoadSettings?.TargetTablePrepMode !== 'DO_NOTHING') {
    // DMS's default is DROP_AND_CREATE, which recreates the table without its secondary indexes.
    at('FullLoadSettings.TargetTablePrepMode', `must be DO_NOTHING: the target tables are defined by Terraform and DMS would drop and recreate them without their indexes (now ${settings.FullLoadSettings?.TargetTablePrepMode ?? 'unset, so DROP_AND_CREATE'})`);
  }

  // LOB modes.
  if (target.SupportLobs === true) {
    if (target.FullLobMode !== true && target.LimitedSizeLobMode !== true) {
      at('TargetMetadata.SupportLobs', 'needs FullLobMode or LimitedSizeLobMode set to true');
    }
  }
  if (target.FullLobMode === true && target.LimitedSizeLobMode === true) {
    at('TargetMetadata.LimitedSizeLobMode', 'cannot be true together with FullLobMode: choose one LOB mode');
  }
  if (target.FullLobMode === true && !target.LobChunkSize) {
    at('TargetMetadata.LobChunkSize', 'is required when FullLobMode is true (64 KB is the recommended value)');
  }
  if (target.LimitedSizeLobMode === true && !target.LobMaxSize) {
    at('TargetMetadata.LobMaxSize', 'is required when LimitedSizeLobMode is true');
  }
  if (target.InlineLobMaxSize && target.FullLobMode !== true) {
    at('TargetMetadata.InlineLobMaxSize', 'applies only with FullLobMode true');
  }
  if (target.BatchApplyEnabled === true && target.FullLobMode === true) {
    at('TargetMetadata.BatchApplyEnabled', 'works only in limited LOB mode when LOB columns are replicated; turn off FullLobMode or BatchApplyEnabled');
  }

  // Logging.
  const logging = settings.Logging ?? {};
  if (logging.EnableLogContext !== undefined && logging.EnableLogging !== true) {
    at('Logging.EnableLogContext', 'is not allowed unless Logging.EnableLogging is true');
  }
  const seenComponents = new Map<string, number>();
  (logging.LogComponents ?? []).forEach((component, index) => {
    const first = seenComponents.get(component.Id);
    if (first !== undefined) at(`Logging.LogComponents[${index}].Id`, `duplicate component ${component.Id} (also LogComponents[${first}])`);
    else seenComponents.set(component.Id, index);
  });

  // Before-image and validation settings that depend on the migration type.
  const beforeImage = settings.BeforeImageSettings ?? {};
  if (beforeImage.EnableBeforeImage === true) {
    if (!beforeImage.FieldName) at('BeforeImageSettings.FieldName', 'is required when EnableBeforeImage is true');
    if (migrationType === 'full-load') at('BeforeImageSettings.EnableBeforeImage', 'does not apply to full-load-only tasks');
    if (engine === 's3') at('BeforeImageSettings.EnableBeforeImage', 'is not supported for S3 targets');
  }
  if (settings.ValidationSettings?.ValidationOnly === true && migrationType !== undefined && migrationType !== 'cdc') {
    at('ValidationSettings.ValidationOnly', 'requires migration type cdc');
  }

  // Target-specific limits.
  if (engine) {
    const maxThreads = MAX_PARALLEL_LOAD_THREADS[engine];
    if (target.ParallelLoadThreads !== undefined && maxThreads !== undefined && target.ParallelLoadThreads > maxThreads) {
      at('TargetMetadata.ParallelLoadThreads', `must be at most ${maxThreads} for a ${engine} target`);
    }
    if (target.ParallelLoadQueuesPerThread !== undefined && !PARALLEL_QUEUE_TARGETS.includes(engine)) {
      at('TargetMetadata.ParallelLoadQueuesPerThread', `applies only to ${PARALLEL_QUEUE_TARGETS.join(' and ')} targets, not ${engine}`);
    }
    for (const key of ['ParallelApplyThreads', 'ParallelApplyBufferSize', 'ParallelApplyQueuesPerThread'] as const) {
      if (target[key] !== undefined && !PARALLEL_APPLY_TARGETS.includes(engine)) {
        at(`TargetMetadata.${key}`, `applies only to ${PARALLEL_APPLY_TARGETS.join(', ')} targets, not ${engine}`);
      }
    }
    if (target.FullLobMode === true && NO_FULL_LOB_TARGETS.includes(engine)) {
      at('TargetMetadata.FullLobMode', `is not supported for ${engine} targets`);
    }
    if (target.BatchApplyEnabled === true && NO_BATCH_APPLY_TARGETS.includes(engine)) {
      at('TargetMetadata.BatchApplyEnabled', `is not supported for ${engine} targets (it can lose data)`);
    }
  }
  return issues;
}

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
  /**
   * DynamoDB targets whose tables (keys, indexes) Terraform owns: DMS must not drop and recreate them, which
   * would lose the global secondary indexes. Parallel loading within DynamoDB's limits; errors on one record
   * are logged, a table that keeps failing is suspended, deletes of missing items are ignored.
   */
  'dynamodb-target': {
    FullLoadSettings: { TargetTablePrepMode: 'DO_NOTHING', MaxFullLoadSubTasks: 8 },
    TargetMetadata: { ParallelLoadThreads: 8, ParallelLoadBufferSize: 50 },
    ErrorBehavior: {
      DataErrorPolicy: 'LOG_ERROR',
      DataTruncationErrorPolicy: 'LOG_ERROR',
      TableErrorPolicy: 'SUSPEND_TABLE',
      ApplyErrorDeletePolicy: 'IGNORE_RECORD',
      ApplyErrorInsertPolicy: 'LOG_ERROR',
      ApplyErrorUpdatePolicy: 'LOG_ERROR',
      FailOnNoTablesCaptured: true,
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
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [section, values] of Object.entries(layer)) {
      if (values === undefined) continue;
      const previous = merged[section];
      merged[section] =
        typeof values === 'object' && values !== null && !Array.isArray(values) && typeof previous === 'object'
          ? { ...(previous as object), ...values }
          : values;
    }
  }
  return merged as TaskSettings;
}

/** Serialise in schema order: sections and keys as declared above, only what was set. */
export function renderTaskSettings(settings: TaskSettings): string {
  const ordered: Record<string, unknown> = {};
  for (const [section, sectionSchema] of Object.entries(taskSettingsSchema.shape)) {
    const values = (settings as Record<string, unknown>)[section];
    if (values === undefined) continue;
    const inner = (sectionSchema as unknown as { unwrap(): z.ZodType }).unwrap();
    if (!(inner instanceof z.ZodObject)) {
      ordered[section] = values;
      continue;
    }
    const keys = Object.keys(inner.shape);
    const orderedSection: Record<string, unknown> = {};
    for (const key of keys) {
      const value = (values as Record<string, unknown>)[key];
      if (value !== undefined) orderedSection[key] = value;
    }
    ordered[section] = orderedSection;
  }
  return JSON.stringify(ordered);
}
