/**
 * `StagingBucket`: private, encrypted, TLS-only, expiring, unversioned, never force-destroyed.
 */
import { StagingBucket, type StagingBucketProps } from '../../../modules/dms/staging-bucket';
import { Testing } from '../../../platform/cdktf';
import { ReadableStack } from '../../../stacks/readable-stack';
import { type TerraformJson } from '../../support/synth';
import { testApp } from '../../support/test-app';

const KEY = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synth(overrides: Partial<StagingBucketProps> = {}): TerraformJson {
  const stack = new ReadableStack(testApp(), 'test');
  new StagingBucket(stack, 'staging_bucket', {
    name: 'dms-pipe-staging',
    partition: 'aws',
    folder: 'redshift',
    expireAfterDays: 3,
    ...overrides,
  });
  return JSON.parse(Testing.synth(stack)).resource;
}

test('GIVEN a bucket name WHEN synthesized THEN the bucket exists without force_destroy and without versioning', () => {
  const resources = synth();
  expect(resources.aws_s3_bucket.staging).toMatchObject({ bucket: 'dms-pipe-staging', force_destroy: false });
  expect(resources.aws_s3_bucket_versioning).toBeUndefined();
});

test('GIVEN the bucket WHEN synthesized THEN all four public access blocks are on and ACLs are disabled', () => {
  const resources = synth();
  expect(resources.aws_s3_bucket_public_access_block.staging_public_access).toMatchObject({
    bucket: '${aws_s3_bucket.staging.id}',
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  });
  expect(resources.aws_s3_bucket_ownership_controls.staging_ownership.rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
});

test('GIVEN no key WHEN synthesized THEN objects are encrypted with SSE-S3', () => {
  expect(synth().aws_s3_bucket_server_side_encryption_configuration.staging_encryption.rule).toEqual([
    { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
  ]);
});

test('GIVEN a KMS key WHEN synthesized THEN objects are encrypted with SSE-KMS and a bucket key', () => {
  expect(synth({ kmsKeyArn: KEY }).aws_s3_bucket_server_side_encryption_configuration.staging_encryption.rule).toEqual([
    { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY }, bucket_key_enabled: true },
  ]);
});

test('GIVEN the bucket WHEN synthesized THEN its policy denies every request without TLS', () => {
  const policy = synth().aws_s3_bucket_policy.staging_policy;
  expect(policy.depends_on).toEqual(['aws_s3_bucket_public_access_block.staging_public_access']);
  expect(JSON.parse(policy.policy).Statement).toEqual([
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::dms-pipe-staging', 'arn:aws:s3:::dms-pipe-staging/*'],
      Condition: { Bool: { 'aws:SecureTransport': false } },
    },
  ]);
});

test('GIVEN an expiry WHEN synthesized THEN staged files under the folder expire and stale uploads are aborted', () => {
  expect(synth().aws_s3_bucket_lifecycle_configuration.staging_lifecycle.rule).toEqual([
    {
      id: 'expire-staged-files',
      status: 'Enabled',
      filter: [{ prefix: 'redshift/' }],
      expiration: [{ days: 3 }],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
    },
  ]);
});
