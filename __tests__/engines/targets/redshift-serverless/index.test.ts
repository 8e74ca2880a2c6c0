/** engines/targets/redshift-serverless: what a Redshift Serverless target asks of IAM, adoption, validation and the runbook. */
import { redshiftServerlessTarget as adapter } from '../../../../engines/targets/redshift-serverless';
import type { TargetOf } from '../../../../engines/types';
import { opsPipelines } from '../../../support/ops-fixture';

const [warehouse] = opsPipelines();
// The fixture's first pipeline is its Redshift one; anything else is a broken fixture.
const target = ((t): TargetOf<'redshift-serverless'> => {
  if (t.engine !== 'redshift-serverless') throw new Error(`fixture target is ${t.engine}`);
  return t;
})(warehouse.target);

test('GIVEN the Redshift target WHEN its IAM needs are read THEN DMS reads its secret and writes the staging bucket', () => {
  // GIVEN / WHEN
  const needs = adapter.iam(target);
  // THEN
  expect(needs).toEqual({
    secretArns: [target.secretArn],
    secretKmsKeyArns: [],
    stagingBucket: { name: target.stagingBucket.name, kmsKeyArn: undefined },
  });
});

test('GIVEN an adoption record with the live staging bucket WHEN adopted THEN the bucket name is the live one and nothing else changes', () => {
  // GIVEN
  const live = (address: string, attribute: string) =>
    address === 'aws_s3_bucket.staging' && attribute === 'bucket' ? 'dms-live-bucket' : undefined;
  // WHEN
  const adopted = adapter.adopted(target, live);
  // THEN
  expect(adopted.stagingBucket).toEqual({ ...target.stagingBucket, name: 'dms-live-bucket' });
  expect({ ...adopted, stagingBucket: target.stagingBucket }).toEqual(target);
  expect(adapter.adopted(target, () => undefined)).toBe(target);
});

test('GIVEN the Redshift target WHEN validation and runbook parts are asked THEN it answers SQL and has no items', () => {
  // GIVEN / WHEN / THEN
  expect(adapter.validation.sql?.(target, [])).toEqual([
    expect.stringContaining('-- 2. On the TARGET (Redshift workgroup'),
    '-- No table is known by name.',
  ]);
  expect(adapter.validation.shell).toBeUndefined();
  expect(adapter.sampleItems(warehouse, target)).toEqual([]);
  expect(adapter.keyedFrom(target, 'dbo.FactOrders')).toBeUndefined();
  expect(adapter.mappings.derive).toBeUndefined();
  expect(adapter.runbookValidation('warehouse-prod', { redshift_workgroup_endpoint: { value: 'wg.example:5439' } })).toBe(
    "# Part 2 on Redshift (query editor v2, or psql to wg.example:5439); the row counts must equal part 1's",
  );
});
