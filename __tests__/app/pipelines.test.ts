/**
 * What synth, review and check see of warnings: printed to stderr after a successful resolution, part of the
 * failure otherwise, and fatal with DMS_STRICT=1.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ValidationFailed, formatIssue } from '../../core/errors';
import { parseConfig } from '../../config/load';
import { resolvePipelinesReport } from '../../app/resolve';
import { activePipelines } from '../../app/pipelines';
import { redshiftConfig } from '../support/helpers';
import { must } from '../support/must';

const fixtures = path.join(__dirname, '..', 'mappings', 'fixtures', 'pipeline');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-active-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const P = 'pipelines[0].tasks[0].settings';
const pasted = redshiftConfig((p) => {
  // Settings as DMS returns them, pasted into the overrides.
  p.tasks[0].settings = {
    profiles: ['full-load-tuning'],
    overrides: {
      ControlTablesSettings: { HistoryTimeslotInMinutes: 5, historyTimeslotInMinutes: 5 },
      CharacterSetSettings: null,
      PostProcessingRules: null,
      TargetMetadata: { ParallelLoadQueuesPerThread: 0 },
    } as never,
  };
});
const WARNINGS = [
  `warning: ${P}.overrides.ControlTablesSettings.historyTimeslotInMinutes: is the lower-case copy of HistoryTimeslotInMinutes that DMS adds itself; ignored (not passed to DMS)`,
  `warning: ${P}.overrides.TargetMetadata.ParallelLoadQueuesPerThread: applies only to kinesis, kafka targets; 0 (its default) is accepted for redshift-serverless and not passed to DMS`,
];

test('GIVEN overrides pasted from DMS WHEN resolved THEN the task gets only what DMS should see, and each ignored key is a warning by path', () => {
  const { pipelines, warnings } = resolvePipelinesReport(parseConfig(pasted), fixtures);
  expect(warnings.map(formatIssue)).toEqual(WARNINGS);
  expect(JSON.parse(pipelines[0].tasks[0].settingsJson)).toEqual({
    TargetMetadata: { BatchApplyEnabled: true },
    FullLoadSettings: { TargetTablePrepMode: 'TRUNCATE_BEFORE_LOAD', MaxFullLoadSubTasks: 16, CommitRate: 50000 },
    ControlTablesSettings: { HistoryTimeslotInMinutes: 5 },
  });
});

describe('activePipelines', () => {
  const config = path.join(work, 'pasted.json');
  fs.writeFileSync(config, JSON.stringify(pasted));
  const env = { DMS_CONFIG: config, DMS_MAPPINGS_DIR: fixtures };
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  test('GIVEN warnings WHEN resolved THEN they are printed to stderr and the pipelines are returned', () => {
    expect(activePipelines(env)).toHaveLength(1);
    expect(stderr.join('')).toBe(WARNINGS.map((w) => `${w}\n`).join(''));
  });

  test.each(['1', 'true'])('GIVEN warnings and DMS_STRICT=%s WHEN resolved THEN they are errors and nothing is returned', (strict) => {
    let failure: unknown;
    try {
      activePipelines({ ...env, DMS_STRICT: strict });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(ValidationFailed);
    expect((failure as ValidationFailed).issues.map(formatIssue)).toEqual(WARNINGS.map((w) => w.replace(/^warning: /, '')));
    expect(stderr).toEqual([]);
  });

  test('GIVEN warnings and an error WHEN resolved THEN the failure carries the error first and the warnings after it', () => {
    const broken = path.join(work, 'broken.json');
    const value = structuredClone(pasted);
    // A rule checked at resolution (schema errors stop before warnings are known).
    (must(value.pipelines[0].tasks[0].settings).overrides as Record<string, unknown>).Logging = { EnableLogContext: true };
    fs.writeFileSync(broken, JSON.stringify(value));
    let failure: unknown;
    try {
      activePipelines({ ...env, DMS_CONFIG: broken });
    } catch (error) {
      failure = error;
    }
    expect((failure as ValidationFailed).issues.map(formatIssue)).toEqual([
      `${P}: Logging.EnableLogContext: is not allowed unless Logging.EnableLogging is true`,
      ...WARNINGS,
    ]);
  });
});
