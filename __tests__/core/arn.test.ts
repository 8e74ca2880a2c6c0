/**
 * ARNs built from their parts read like the ones AWS documents, in every partition this project deploys to,
 * and read back to the same parts.
 */
import { arn, parseArn, partitionOf } from '../../core/arn';

test.each([
  ['us-west-2', 'aws'],
  ['eu-central-1', 'aws'],
  ['cn-north-1', 'aws-cn'],
  ['cn-northwest-1', 'aws-cn'],
  ['us-gov-west-1', 'aws-us-gov'],
  ['us-gov-east-1', 'aws-us-gov'],
] as const)('GIVEN region %s WHEN its partition is asked THEN it is %s', (region, partition) => {
  // GIVEN / WHEN / THEN
  expect(partitionOf(region)).toBe(partition);
});

test.each([
  ['us-west-2', 'arn:aws:dynamodb:us-west-2:123456789012:table/integration_logs'],
  ['cn-north-1', 'arn:aws-cn:dynamodb:cn-north-1:123456789012:table/integration_logs'],
  ['us-gov-west-1', 'arn:aws-us-gov:dynamodb:us-gov-west-1:123456789012:table/integration_logs'],
])('GIVEN a DynamoDB table in %s WHEN its ARN is built THEN it carries the region partition: %s', (region, expected) => {
  // GIVEN
  const parts = {
    partition: partitionOf(region),
    service: 'dynamodb',
    region,
    account: '123456789012',
    resource: 'table/integration_logs',
  };
  // WHEN
  const built = arn(parts);
  // THEN
  expect(built).toBe(expected);
  expect(parseArn(built)).toEqual(parts);
});

test.each([
  ['aws', 'arn:aws:s3:::dms-staging'],
  ['aws-cn', 'arn:aws-cn:s3:::dms-staging'],
  ['aws-us-gov', 'arn:aws-us-gov:s3:::dms-staging'],
] as const)(
  'GIVEN an S3 bucket in partition %s WHEN its ARN is built without region and account THEN both fields are empty: %s',
  (partition, expected) => {
    // GIVEN / WHEN / THEN
    expect(arn({ partition, service: 's3', resource: 'dms-staging' })).toBe(expected);
  },
);

test('GIVEN global IAM ARNs WHEN built THEN the region is empty and an AWS managed policy has account aws', () => {
  // GIVEN / WHEN
  const root = arn({ partition: 'aws-us-gov', service: 'iam', account: '123456789012', resource: 'root' });
  const managed = arn({ partition: 'aws-cn', service: 'iam', account: 'aws', resource: 'policy/service-role/AmazonDMSVPCManagementRole' });
  // THEN
  expect(root).toBe('arn:aws-us-gov:iam::123456789012:root');
  expect(managed).toBe('arn:aws-cn:iam::aws:policy/service-role/AmazonDMSVPCManagementRole');
});

test('GIVEN a resource with colons WHEN the ARN is read back THEN the resource keeps them; text that is no ARN gives undefined', () => {
  // GIVEN
  const subscription = arn({ partition: 'aws', service: 'dms', region: 'us-west-2', account: '123456789012', resource: 'es:*' });
  // WHEN / THEN
  expect(subscription).toBe('arn:aws:dms:us-west-2:123456789012:es:*');
  expect(parseArn(subscription)?.resource).toBe('es:*');
  expect(parseArn('arn:aws:s3')).toBeUndefined();
  expect(parseArn('urn:aws:s3:::bucket:x')).toBeUndefined();
});
