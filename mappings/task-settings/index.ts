/**
 * DMS replication task settings: a typed document, named profiles, merge, and a normalised JSON rendering.
 *
 * Only keys that were set are emitted, sections and keys in the order schema.ts declares them, so the provider sees the
 * same document on every plan (terraform-provider-aws #19883, #21512: perpetual diffs from key order and from
 * read-only keys).
 * schema.ts (the document) → validate.ts (rules across keys) → normalize.ts (what reaches DMS) → profiles.ts
 * (named layers, merge) → render.ts (the JSON).
 * Reference: AWS DMS user guide, "Specifying task settings for AWS Database Migration Service tasks".
 */
export { taskSettingsSchema, type TaskSettings } from './schema';
export { validateTaskSettings, type TaskSettingsContext } from './validate';
export { normalizeTaskSettings } from './normalize';
export { TASK_SETTINGS_PROFILES, TASK_SETTINGS_PROFILE_NAMES, mergeTaskSettings } from './profiles';
export { renderTaskSettings } from './render';
