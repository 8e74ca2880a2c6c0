/**
 * DMS replication task settings: a typed document, named profiles, merge, and a normalised JSON rendering.
 *
 * Only keys that were set are emitted, sections and keys in the order declared here, so the provider sees the
 * same document on every plan (terraform-provider-aws #19883, #21512: perpetual diffs from key order and from
 * read-only keys).
 * Reference: AWS DMS user guide, "Specifying task settings for AWS Database Migration Service tasks".
 */
import { z } from 'zod';
import type { MigrationType } from '../core/dms';
import { repeats } from '../core/duplicates';
import { type ValidationIssue, warning } from '../core/errors';
import {
  MAX_PARALLEL_LOAD_THREADS,
  NO_BATCH_APPLY_TARGETS,
  NO_FULL_LOB_TARGETS,
  PARALLEL_APPLY_TARGETS,
  PARALLEL_QUEUE_TARGETS,
  type TargetEngine,
} from './target-capabilities';

const bool = z.boolean('must be true or false');
const int = (min: number, max: number) => {
  const message = `must be between ${min} and ${max}`;
  return z.number('must be a number').int('must be a whole number').min(min, message).max(max, message);
};
const nonNegative = z.number('must be a number').int('must be a whole number').min(0, 'must be 0 or more');
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` });

/** Known keys of each section, in rendering order (filled as the sections are declared below). */
const SECTION_KEYS: Record<string, readonly string[]> = {};

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

/** A known key within a case change or two edits of `key`: almost certainly what was meant. */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  for (const candidate of known) if (candidate.toLowerCase() === lower) return candidate;
  if (key.length < 6) return undefined;
  return known.find((candidate) => Math.abs(candidate.length - key.length) <= 2 && editDistance(candidate.toLowerCase(), lower, 2) <= 2);
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

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
  error: 'is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it',
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

const controlTablesSettings = section('ControlTablesSettings', {
  ControlSchema: z.string(),
  HistoryTimeslotInMinutes: nonNegative,
  HistoryTableEnabled: bool,
  SuspendedTablesTableEnabled: bool,
  StatusTableEnabled: bool,
  FullLoadExceptionTableEnabled: bool,
}, ['historyTimeslotInMinutes']);

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
  CharacterReplacements: z.array(
    z.strictObject({ SourceCharacterCodePoint: nonNegative, TargetCharacterCodePoint: nonNegative }),
  ),
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
  'TargetMetadata', 'FullLoadSettings', 'Logging', 'ControlTablesSettings', 'StreamBufferSettings',
  'ChangeProcessingDdlHandlingPolicy', 'ChangeProcessingTuning', 'ErrorBehavior', 'ValidationSettings',
  'CharacterSetSettings', 'BeforeImageSettings', 'LoopbackPreventionSettings', 'TTSettings', 'ResyncSettings',
] as const;
const TOP_LEVEL_KEYS = ['FailTaskWhenCleanTaskResourceFailed', ...SECTION_NAMES];

/**
 * Sections in the order the AWS user guide lists them. Unknown sections and keys pass the schema and are
 * warnings (`normalizeTaskSettings` drops them); near misses of known names are errors (see `section`).
 * `PostProcessingRules: null` is what DMS returns for tasks without post-processing.
 */
export const taskSettingsSchema = z.looseObject({
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
}).partial().superRefine((value, ctx) => reportTypos(value, TOP_LEVEL_KEYS, ['PostProcessingRules'], ctx));

export type TaskSettings = z.infer<typeof taskSettingsSchema>;

export interface TaskSettingsContext {
  /** The pipeline's target engine; target-specific limits are checked only when known. */
  readonly target?: TargetEngine;
  readonly migrationType?: MigrationType;
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
  for (const { index, first, value } of repeats(logging.LogComponents ?? [], (component) => component.Id)) {
    at(`Logging.LogComponents[${index}].Id`, `duplicate component ${value.Id} (also LogComponents[${first}])`);
  }

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

  // "ResyncSchedule and MaxResyncTime parameters are required if the resync process is enabled and the task has
  // a CDC component. They are not valid for full-load only tasks." (Data resync settings)
  const resync = settings.ResyncSettings ?? {};
  if (settings.ResyncSettings && resync.EnableResync === undefined) at('ResyncSettings.EnableResync', 'is required when ResyncSettings is present');
  if (migrationType === 'full-load') {
    for (const key of ['ResyncSchedule', 'MaxResyncTime'] as const) {
      if (resync[key] !== undefined) at(`ResyncSettings.${key}`, 'is not valid for full-load-only tasks');
    }
  } else if (resync.EnableResync === true && migrationType !== undefined) {
    for (const key of ['ResyncSchedule', 'MaxResyncTime'] as const) {
      if (resync[key] === undefined) at(`ResyncSettings.${key}`, 'is required when EnableResync is true on a task with CDC');
    }
  }

  // Target-specific limits.
  if (engine) {
    const maxThreads = MAX_PARALLEL_LOAD_THREADS[engine];
    if (target.ParallelLoadThreads !== undefined && maxThreads !== undefined && target.ParallelLoadThreads > maxThreads) {
      at('TargetMetadata.ParallelLoadThreads', `must be at most ${maxThreads} for a ${engine} target`);
    }
    // At a default value (0, as DMS saves it for every target, or the documented default) these are accepted
    // and dropped by normalizeTaskSettings; any other value would be ignored by DMS, so it is an error.
    for (const [key, targets] of OTHER_TARGET_KEYS) {
      const value = target[key];
      if (value !== undefined && !targets.includes(engine) && !isDefault(key, value)) {
        at(`TargetMetadata.${key}`, `applies only to ${targets.join(key === 'ParallelLoadQueuesPerThread' ? ' and ' : ', ')} targets, not ${engine} (only its default ${DEFAULTS[key].join(' or ')} is accepted here)`);
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

/** TargetMetadata keys that only some targets read, with the targets. */
const OTHER_TARGET_KEYS: [('ParallelLoadQueuesPerThread' | 'ParallelApplyThreads' | 'ParallelApplyBufferSize' | 'ParallelApplyQueuesPerThread'), readonly TargetEngine[]][] = [
  ['ParallelLoadQueuesPerThread', PARALLEL_QUEUE_TARGETS],
  ['ParallelApplyThreads', PARALLEL_APPLY_TARGETS],
  ['ParallelApplyBufferSize', PARALLEL_APPLY_TARGETS],
  ['ParallelApplyQueuesPerThread', PARALLEL_APPLY_TARGETS],
];

/**
 * Values that mean "not used": 0, which DMS saves for every target (the guide's "Saving task settings"
 * example), and the documented defaults (TargetMetadata task settings: queues per thread 1, apply buffer 100).
 */
const DEFAULTS: Record<(typeof OTHER_TARGET_KEYS)[number][0], readonly number[]> = {
  ParallelLoadQueuesPerThread: [0, 1],
  ParallelApplyThreads: [0],
  ParallelApplyBufferSize: [0, 100],
  ParallelApplyQueuesPerThread: [0, 1],
};
const isDefault = (key: keyof typeof DEFAULTS, value: unknown) => DEFAULTS[key].includes(value as number);

/**
 * What reaches DMS from a document that passed `taskSettingsSchema`: `null` sections (DMS's way of returning
 * "not set") are removed silently; everything else that is accepted but not passed on is removed with a
 * warning naming it: unknown sections and keys, unknown log components, the lower-case
 * `historyTimeslotInMinutes` DMS adds next to `HistoryTimeslotInMinutes`, and keys of other targets at their
 * defaults (only when the target is known). Paths are relative to the document.
 */
export function normalizeTaskSettings(settings: TaskSettings, context: TaskSettingsContext = {}): { settings: TaskSettings; warnings: ValidationIssue[] } {
  const warnings: ValidationIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (key === 'FailTaskWhenCleanTaskResourceFailed') {
      out[key] = value;
    } else if (!(key in SECTION_KEYS)) {
      warnings.push(warning(key, 'is not a task-settings section this project knows; ignored (not passed to DMS)'));
    } else if (typeof value !== 'object' || Array.isArray(value)) {
      out[key] = value; // reported by the schema
    } else {
      const known = SECTION_KEYS[key];
      const section: Record<string, unknown> = {};
      for (const [name, inner] of Object.entries(value as Record<string, unknown>)) {
        if (inner === undefined) continue;
        if (known.includes(name)) section[name] = inner;
        else if (key === 'ControlTablesSettings' && name === 'historyTimeslotInMinutes') {
          warnings.push(warning(`${key}.${name}`, 'is the lower-case copy of HistoryTimeslotInMinutes that DMS adds itself; ignored (not passed to DMS)'));
        } else warnings.push(warning(`${key}.${name}`, 'is not a setting this project knows; ignored (not passed to DMS)'));
      }
      out[key] = section;
    }
  }
  const target = out.TargetMetadata as Record<string, unknown> | undefined;
  if (target && context.target) {
    for (const [key, targets] of OTHER_TARGET_KEYS) {
      if (target[key] !== undefined && !targets.includes(context.target) && isDefault(key, target[key])) {
        warnings.push(warning(`TargetMetadata.${key}`, `applies only to ${targets.join(', ')} targets; ${String(target[key])} (its default) is accepted for ${context.target} and not passed to DMS`));
        delete target[key];
      }
    }
  }
  const logging = out.Logging as { LogComponents?: { Id: string }[] } | undefined;
  if (Array.isArray(logging?.LogComponents)) {
    logging.LogComponents = logging.LogComponents.filter((component, index) => {
      if (typeof component?.Id !== 'string' || (LOG_COMPONENT_IDS as readonly string[]).includes(component.Id)) return true;
      warnings.push(warning(`Logging.LogComponents[${index}].Id`, `${component.Id} is not a log component this project knows (${LOG_COMPONENT_IDS.join(', ')}); ignored (not passed to DMS)`));
      return false;
    });
  }
  return { settings: out as TaskSettings, warnings };
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

/** Serialise in schema order: sections and keys as declared above, only what was set (nulls are unset). */
export function renderTaskSettings(settings: TaskSettings): string {
  const ordered: Record<string, unknown> = {};
  for (const section of TOP_LEVEL_KEYS) {
    const values = (settings as Record<string, unknown>)[section];
    if (values === undefined || values === null) continue;
    const keys = SECTION_KEYS[section];
    if (!keys) {
      ordered[section] = values;
      continue;
    }
    const orderedSection: Record<string, unknown> = {};
    for (const key of keys) {
      const value = (values as Record<string, unknown>)[key];
      if (value !== undefined) orderedSection[key] = value;
    }
    ordered[section] = orderedSection;
  }
  return JSON.stringify(ordered);
}
