/**
 * Resolving a pipeline's tasks: mapping files validated against the pipeline's target engine, settings merged
 * and validated against the target and migration type, one file read once.
 */
import * as path from 'node:path';
import { ValidationFailed, formatIssue } from '../../core/errors';
import { parseConfig } from '../../config/load';
import { resolvePipelines } from '../../app/resolve';
import { redshiftConfig } from '../support/helpers';

const fixtures = path.join(__dirname, '..', 'mappings', 'fixtures', 'pipeline');

function problems(mutate: Parameters<typeof redshiftConfig>[0]): string[] {
  try {
    resolvePipelines(parseConfig(redshiftConfig(mutate)), fixtures);
    return [];
  } catch (error) {
    if (error instanceof ValidationFailed) return error.issues.map(formatIssue);
    throw error;
  }
}

test('GIVEN the default pipeline WHEN resolved THEN mappings are canonical JSON and settings merge the profiles', () => {
  const [pipeline] = resolvePipelines(parseConfig(redshiftConfig()), fixtures);
  const [task] = pipeline.tasks;
  expect(task.tableMappingsDocument.rules).toHaveLength(5);
  expect(JSON.parse(task.tableMappingsJson)).toEqual(task.tableMappingsDocument);
  expect(task.effectiveSettings.FullLoadSettings?.CommitRate).toBe(50000);
  expect(JSON.parse(task.settingsJson)).toEqual(task.effectiveSettings);
});

test('GIVEN an object-mapping file on a Redshift pipeline WHEN resolved THEN the rule is reported in the file', () => {
  expect(problems((p) => void (p.tasks[0].tableMappings = 'object-mapping-for-dynamodb.json'))).toEqual([
    'mappings/object-mapping-for-dynamodb.json: rules[1].rule-type: object-mapping rules apply only to dynamodb, kinesis, kafka targets, not redshift-serverless',
  ]);
});

test('GIVEN settings the target does not support WHEN resolved THEN the effective settings are reported under the task', () => {
  expect(
    problems((p) => {
      p.tasks[0].settings = {
        profiles: ['full-load-tuning'],
        overrides: { TargetMetadata: { ParallelLoadThreads: 64, ParallelLoadQueuesPerThread: 8 } },
      };
    }),
  ).toEqual([
    'pipelines[0].tasks[0].settings: TargetMetadata.ParallelLoadThreads: must be at most 32 for a redshift-serverless target',
    'pipelines[0].tasks[0].settings: TargetMetadata.ParallelLoadQueuesPerThread: applies only to kinesis and kafka targets, not redshift-serverless (only its default 0 or 1 is accepted here)',
  ]);
});

test('GIVEN a before-image setting on a full-load task WHEN resolved THEN the migration type is taken into account', () => {
  expect(
    problems((p) => {
      p.tasks[0].migrationType = 'full-load';
      p.tasks[0].settings = { overrides: { BeforeImageSettings: { EnableBeforeImage: true, FieldName: 'before' } } };
    }),
  ).toEqual(['pipelines[0].tasks[0].settings: BeforeImageSettings.EnableBeforeImage: does not apply to full-load-only tasks']);
});

test('GIVEN two tasks sharing one invalid file WHEN resolved THEN the file problem is reported once', () => {
  expect(
    problems((p) => {
      p.tasks[0].tableMappings = 'object-mapping-for-dynamodb.json';
      p.tasks.push({ ...p.tasks[0], id: 'redshift-fed-prod-backfill', resourceIdentifier: undefined });
    }),
  ).toHaveLength(1);
});
