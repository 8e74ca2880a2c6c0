/**
 * Every task-settings example of the AWS DMS user guide (fixtures/aws-guide-settings), through the entry point
 * `npm run check` uses: no errors, exactly the listed warnings, and what reaches DMS is the example minus
 * what the warnings name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatIssue } from '../../core/errors';
import type { TargetEngine } from '../../mappings/target-capabilities';
import { normalizeTaskSettings, renderTaskSettings, taskSettingsSchema } from '../../mappings/task-settings';
import { checkFile } from '../../app/check-file';

interface Example {
  file: string;
  source: string;
  example: string;
  target: TargetEngine;
  migrationType: 'full-load' | 'cdc' | 'full-load-and-cdc';
  edits: string;
  warnings: string[];
}

const dir = path.join(__dirname, 'fixtures', 'aws-guide-settings');
const examples: Example[] = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));

test('GIVEN the fixture index WHEN read THEN it lists every fixture file', () => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
  expect(examples.map((e) => e.file).sort()).toEqual(files);
  expect(examples.length).toBeGreaterThanOrEqual(14);
});

test.each(examples)(
  'GIVEN $file ($example) WHEN checked for a $target target THEN it is accepted with exactly the listed warnings',
  (example) => {
    const { issues } = checkFile(path.join(dir, example.file), {
      kind: 'settings',
      target: example.target,
      migrationType: example.migrationType,
      write: false,
    });
    expect(issues.map(formatIssue)).toEqual(example.warnings);
  },
);

test('GIVEN the settings DMS saves (null sections, PostProcessingRules, ParallelApply* at 0) WHEN normalised THEN nulls and the ignored keys are gone and everything else is passed on', () => {
  const document = JSON.parse(fs.readFileSync(path.join(dir, 'ts-saving-1.json'), 'utf8'));
  const { settings } = normalizeTaskSettings(taskSettingsSchema.parse(document), { target: 'postgres' });
  const rendered = JSON.parse(renderTaskSettings(settings));
  expect(Object.keys(rendered)).toEqual([
    'FailTaskWhenCleanTaskResourceFailed',
    'TargetMetadata',
    'FullLoadSettings',
    'Logging',
    'ControlTablesSettings',
    'StreamBufferSettings',
    'ChangeProcessingDdlHandlingPolicy',
    'ChangeProcessingTuning',
    'ErrorBehavior',
  ]);
  const { ParallelLoadQueuesPerThread, ParallelApplyThreads, ParallelApplyBufferSize, ParallelApplyQueuesPerThread, ...rest } =
    document.TargetMetadata;
  expect([ParallelLoadQueuesPerThread, ParallelApplyThreads, ParallelApplyBufferSize, ParallelApplyQueuesPerThread]).toEqual([0, 0, 0, 0]);
  expect(rendered.TargetMetadata).toEqual(rest);
  expect(rendered.ErrorBehavior).toEqual(document.ErrorBehavior);
  expect(rendered.Logging.LogComponents).toHaveLength(19);
});

test('GIVEN the saved settings WHEN checked for a Kinesis target THEN the Parallel* keys apply and are passed on without warnings', () => {
  const document = JSON.parse(fs.readFileSync(path.join(dir, 'ts-saving-1.json'), 'utf8'));
  const { settings, warnings } = normalizeTaskSettings(taskSettingsSchema.parse(document), { target: 'kinesis' });
  expect(warnings).toEqual([]);
  expect(JSON.parse(renderTaskSettings(settings)).TargetMetadata.ParallelApplyBufferSize).toBe(0);
});

test('GIVEN the Logging example with the CloudWatchLogGroup/CloudWatchLogStream nulls the guide prints WHEN checked THEN those two stay rejected with the reason', () => {
  const document = JSON.parse(fs.readFileSync(path.join(dir, 'ts-logging-1.json'), 'utf8'));
  document.Logging.CloudWatchLogGroup = null;
  document.Logging.CloudWatchLogStream = null;
  const result = taskSettingsSchema.safeParse(document);
  expect(result.success).toBe(false);
  expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
    'Logging.CloudWatchLogGroup: is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it',
    'Logging.CloudWatchLogStream: is set by AWS DMS and read-only: AWS rejects it on create and it causes a perpetual diff (terraform-provider-aws #21512); remove it',
  ]);
});
