/**
 * Defensive reads of input that may have failed validation: a missing or non-object step gives undefined.
 */
import { valueAt } from '../../core/value-at';

test('GIVEN a nested value WHEN read by its path THEN it is returned, array indexes included', () => {
  // GIVEN
  const pipeline = {
    target: { stagingBucket: { kmsKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/x' } },
    tasks: [{ id: 'a' }, { id: 'b' }],
  };
  // WHEN / THEN
  expect(valueAt(pipeline, ['target', 'stagingBucket', 'kmsKeyArn'])).toBe('arn:aws:kms:us-west-2:123456789012:key/x');
  expect(valueAt(pipeline, ['tasks', 1, 'id'])).toBe('b');
});

test('GIVEN a path through a missing field, a string or null WHEN read THEN undefined, never a throw', () => {
  // GIVEN
  const pipeline = { target: { stagingBucket: 'not-an-object' }, monitoring: null };
  // WHEN / THEN
  expect(valueAt(pipeline, ['source', 'secretArn'])).toBeUndefined();
  expect(valueAt(pipeline, ['target', 'stagingBucket', 'kmsKeyArn'])).toBeUndefined();
  expect(valueAt(pipeline, ['monitoring', 'topicKmsKeyArn'])).toBeUndefined();
  expect(valueAt(undefined, ['a'])).toBeUndefined();
});
