/** What reaches DMS from an accepted document: what DMS would ignore is removed, each with a warning. */
import { type ValidationIssue, warning } from '../../core/errors';
import { LOG_COMPONENT_IDS, SECTION_KEYS, type TaskSettings } from './schema';
import { OTHER_TARGET_KEYS, isDefault } from './target-keys';
import type { TaskSettingsContext } from './validate';

/**
 * What reaches DMS from a document that passed `taskSettingsSchema`: `null` sections (DMS's way of returning
 * "not set") are removed silently; everything else that is accepted but not passed on is removed with a
 * warning naming it: unknown sections and keys, unknown log components, the lower-case
 * `historyTimeslotInMinutes` DMS adds next to `HistoryTimeslotInMinutes`, and keys of other targets at their
 * defaults (only when the target is known). Paths are relative to the document.
 */
export function normalizeTaskSettings(
  settings: TaskSettings,
  context: TaskSettingsContext = {},
): { settings: TaskSettings; warnings: ValidationIssue[] } {
  const warnings: ValidationIssue[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (key === 'FailTaskWhenCleanTaskResourceFailed') {
      out[key] = value;
    } else if (!Object.hasOwn(SECTION_KEYS, key)) {
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
          warnings.push(
            warning(
              `${key}.${name}`,
              'is the lower-case copy of HistoryTimeslotInMinutes that DMS adds itself; ignored (not passed to DMS)',
            ),
          );
        } else warnings.push(warning(`${key}.${name}`, 'is not a setting this project knows; ignored (not passed to DMS)'));
      }
      out[key] = section;
    }
  }
  const target = out.TargetMetadata as Record<string, unknown> | undefined;
  if (target && context.target) {
    for (const [key, targets] of OTHER_TARGET_KEYS) {
      if (target[key] !== undefined && !targets.includes(context.target) && isDefault(key, target[key])) {
        warnings.push(
          warning(
            `TargetMetadata.${key}`,
            `applies only to ${targets.join(', ')} targets; ${String(target[key])} (its default) is accepted for ${context.target} and not passed to DMS`,
          ),
        );
        delete target[key];
      }
    }
  }
  const logging = out.Logging as { LogComponents?: { Id: string }[] } | undefined;
  if (Array.isArray(logging?.LogComponents)) {
    logging.LogComponents = logging.LogComponents.filter((component, index) => {
      if (typeof component?.Id !== 'string' || (LOG_COMPONENT_IDS as readonly string[]).includes(component.Id)) return true;
      warnings.push(
        warning(
          `Logging.LogComponents[${index}].Id`,
          `${component.Id} is not a log component this project knows (${LOG_COMPONENT_IDS.join(', ')}); ignored (not passed to DMS)`,
        ),
      );
      return false;
    });
  }
  return { settings: out as TaskSettings, warnings };
}
