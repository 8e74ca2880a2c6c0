/** engines/types.ts combineIamNeeds: both sides' needs of the DMS roles together. */
import { combineIamNeeds } from '../../engines/types';

test('GIVEN a source and a target need WHEN combined THEN secrets and keys are concatenated, bucket and tables kept from the side that has them', () => {
  // GIVEN
  const source = { secretArns: ['source-secret'], secretKmsKeyArns: ['source-key'] };
  const target = { secretArns: ['target-secret'], secretKmsKeyArns: [], stagingBucket: { name: 'dms-bucket' } };
  // WHEN
  const needs = combineIamNeeds(source, target);
  // THEN
  expect(needs).toEqual({
    secretArns: ['source-secret', 'target-secret'],
    secretKmsKeyArns: ['source-key'],
    stagingBucket: { name: 'dms-bucket' },
    dynamodbTables: undefined,
    dynamodbKmsKeyArns: undefined,
  });
});

test('GIVEN only one side writes DynamoDB tables WHEN combined THEN the tables are listed, not left undefined', () => {
  // GIVEN / WHEN
  const needs = combineIamNeeds(
    { secretArns: [], secretKmsKeyArns: [] },
    { secretArns: [], secretKmsKeyArns: [], dynamodbTables: ['T'], dynamodbKmsKeyArns: [] },
  );
  // THEN
  expect(needs.dynamodbTables).toEqual(['T']);
  expect(needs.dynamodbKmsKeyArns).toEqual([]);
  expect(needs.stagingBucket).toBeUndefined();
});
