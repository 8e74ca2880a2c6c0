/** The normalised JSON DMS receives as `replication_task_settings`. */
import { SECTION_KEYS, TOP_LEVEL_KEYS, type TaskSettings } from './schema';

/** Serialise in schema order: sections and keys as declared in schema.ts, only what was set (nulls are unset). */
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
