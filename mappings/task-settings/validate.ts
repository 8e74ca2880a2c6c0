/** Rules across the keys of a task-settings document, and against the task's target and migration type. */
import type { MigrationType } from '../../core/dms';
import { repeats } from '../../core/duplicates';
import type { ValidationIssue } from '../../core/errors';
import { MAX_PARALLEL_LOAD_THREADS, NO_BATCH_APPLY_TARGETS, NO_FULL_LOB_TARGETS, type TargetEngine } from '../target-capabilities';
import type { TaskSettings } from './schema';
import { DEFAULTS, OTHER_TARGET_KEYS, isDefault } from './target-keys';

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
    at(
      'FullLoadSettings.TargetTablePrepMode',
      `must be DO_NOTHING: the target tables are defined by Terraform and DMS would drop and recreate them without their indexes (now ${settings.FullLoadSettings?.TargetTablePrepMode ?? 'unset, so DROP_AND_CREATE'})`,
    );
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
    at(
      'TargetMetadata.BatchApplyEnabled',
      'works only in limited LOB mode when LOB columns are replicated; turn off FullLobMode or BatchApplyEnabled',
    );
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
  if (settings.ResyncSettings && resync.EnableResync === undefined)
    at('ResyncSettings.EnableResync', 'is required when ResyncSettings is present');
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
        at(
          `TargetMetadata.${key}`,
          `applies only to ${targets.join(key === 'ParallelLoadQueuesPerThread' ? ' and ' : ', ')} targets, not ${engine} (only its default ${DEFAULTS[key].join(' or ')} is accepted here)`,
        );
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
