/**
 * Task settings: profiles merge in order, overrides win, and the rendering is stable and minimal.
 */
import {
  TASK_SETTINGS_PROFILES,
  mergeTaskSettings,
  normalizeTaskSettings,
  renderTaskSettings,
  taskSettingsSchema,
} from '../../mappings/task-settings';

describe('merge', () => {
  test('GIVEN two profiles and an override WHEN merged THEN later layers win key by key within a section', () => {
    const merged = mergeTaskSettings(TASK_SETTINGS_PROFILES['full-load-tuning'], TASK_SETTINGS_PROFILES.logging, {
      FullLoadSettings: { CommitRate: 10000 },
    });
    expect(merged.FullLoadSettings).toEqual({ TargetTablePrepMode: 'TRUNCATE_BEFORE_LOAD', MaxFullLoadSubTasks: 16, CommitRate: 10000 });
    expect(merged.Logging?.EnableLogging).toBe(true);
    expect(merged.TargetMetadata).toEqual({ BatchApplyEnabled: true });
  });

  test('GIVEN an override of a list WHEN merged THEN the list is replaced, not appended', () => {
    const merged = mergeTaskSettings(TASK_SETTINGS_PROFILES.logging, {
      Logging: { LogComponents: [{ Id: 'TARGET_APPLY', Severity: 'LOGGER_SEVERITY_DEBUG' }] },
    });
    expect(merged.Logging?.LogComponents).toEqual([{ Id: 'TARGET_APPLY', Severity: 'LOGGER_SEVERITY_DEBUG' }]);
  });
});

describe('render', () => {
  test('GIVEN keys set in any order WHEN rendered THEN sections and keys follow the documented order', () => {
    const rendered = renderTaskSettings({
      ChangeProcessingTuning: { StatementCacheSize: 50, BatchApplyPreserveTransaction: true },
      FullLoadSettings: { CommitRate: 1000, TargetTablePrepMode: 'DO_NOTHING' },
      TargetMetadata: { BatchApplyEnabled: true },
    });
    expect(rendered).toBe(
      '{"TargetMetadata":{"BatchApplyEnabled":true},"FullLoadSettings":{"TargetTablePrepMode":"DO_NOTHING","CommitRate":1000},' +
        '"ChangeProcessingTuning":{"BatchApplyPreserveTransaction":true,"StatementCacheSize":50}}',
    );
  });

  test('GIVEN only one section WHEN rendered THEN nothing else is emitted (no defaults that would drift)', () => {
    expect(renderTaskSettings({ Logging: { EnableLogging: true } })).toBe('{"Logging":{"EnableLogging":true}}');
    expect(renderTaskSettings({})).toBe('{}');
  });
});

describe('schema', () => {
  test('GIVEN every profile WHEN validated THEN it is a valid settings document', () => {
    for (const profile of Object.values(TASK_SETTINGS_PROFILES)) {
      expect(taskSettingsSchema.safeParse(profile).success).toBe(true);
    }
  });

  test('GIVEN CloudWatchLogStream WHEN validated THEN it is rejected as read-only', () => {
    const result = taskSettingsSchema.safeParse({ Logging: { CloudWatchLogStream: 'x' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/read-only/);
  });
});

describe('normalize', () => {
  test('GIVEN a section named like an Object.prototype member WHEN normalised THEN it is an unknown section with a warning, not a crash', () => {
    // GIVEN
    const settings = taskSettingsSchema.parse({ toString: { A: 1 }, constructor: { B: 2 }, FullLoadSettings: { CommitRate: 1000 } });
    // WHEN
    const { settings: normalised, warnings } = normalizeTaskSettings(settings);
    // THEN
    expect(normalised).toEqual({ FullLoadSettings: { CommitRate: 1000 } });
    expect(warnings.map((w) => `${w.path}: ${w.message}`)).toEqual([
      'toString: is not a task-settings section this project knows; ignored (not passed to DMS)',
      'constructor: is not a task-settings section this project knows; ignored (not passed to DMS)',
    ]);
  });
});
