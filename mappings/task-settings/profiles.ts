/** Named task-settings profiles and how a task's layers (profiles, then its overrides) merge. */
import type { TaskSettings } from './schema';

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
export const TASK_SETTINGS_PROFILE_NAMES = Object.keys(TASK_SETTINGS_PROFILES) as [TaskSettingsProfile, ...TaskSettingsProfile[]];

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
