/**
 * `StagingBucket`: the S3 bucket DMS stages CSV files in before Redshift's COPY loads them.
 *
 * Transient data, private, encrypted, TLS-only. Not versioned: AWS DMS user guide (Redshift target limitations)
 * warns that a versioned staging bucket causes endpoint test-connection failures from list-object timeouts.
 */
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { Construct } from '../../platform/cdktf';
import { policyDocument } from '../iam-policy';
import { arn } from '../../core/arn';

export interface StagingBucketProps {
  /** Bucket name; starts with `dms-` by convention (validated in config). */
  readonly name: string;
  readonly partition: string;
  /** Key prefix DMS writes under; the expiry rule applies to it. */
  readonly folder: string;
  /** Days after which staged objects expire. */
  readonly expireAfterDays: number;
  /** SSE-KMS key. Default: SSE-S3 (AES256). */
  readonly kmsKeyArn?: string;
}

export class StagingBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StagingBucketProps) {
    super(scope, id);
    const bucketArn = arn({ partition: props.partition, service: 's3', resource: props.name });

    const bucket = new S3Bucket(this, 'staging', {
      bucket: props.name,
      // Never empty a bucket on destroy: a plan that would delete staged data must fail loudly instead.
      forceDestroy: false,
    });

    new S3BucketOwnershipControls(this, 'staging_ownership', {
      bucket: bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'staging_public_access', {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketServerSideEncryptionConfigurationA(this, 'staging_encryption', {
      bucket: bucket.id,
      rule: [
        props.kmsKeyArn
          ? {
              applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyArn },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });

    new S3BucketPolicy(this, 'staging_policy', {
      bucket: bucket.id,
      policy: policyDocument([
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principal: '*',
          actions: ['s3:*'],
          resources: [bucketArn, `${bucketArn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': false } },
        },
      ]),
      // S3 rejects concurrent bucket-level configuration calls (OperationAborted).
      dependsOn: [publicAccessBlock],
    });

    new S3BucketLifecycleConfiguration(this, 'staging_lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'expire-staged-files',
          status: 'Enabled',
          filter: [{ prefix: `${props.folder}/` }],
          expiration: [{ days: props.expireAfterDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });

    this.bucketName = bucket.bucket;
    this.bucketArn = bucketArn;
  }
}
