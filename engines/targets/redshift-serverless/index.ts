/**
 * Redshift Serverless targets: DMS stages CSV files in an S3 bucket this stack creates and COPYs them into the
 * workgroup (AWS DMS user guide, "Using an Amazon Redshift database as a target for AWS Database Migration
 * Service"). The workgroup's connection values come from config or from the Redshift root's state.
 */
import type { TargetAdapter } from '../../types';
import { redshiftChecks } from './validation';

export const redshiftServerlessTarget: TargetAdapter<'redshift-serverless'> = {
  iam: (target) => ({
    secretArns: [target.secretArn],
    secretKmsKeyArns: target.secretKmsKeyArn ? [target.secretKmsKeyArn] : [],
    stagingBucket: { name: target.stagingBucket.name, kmsKeyArn: target.stagingBucket.kmsKeyArn },
  }),
  publicServices: 'Secrets Manager and S3',
  // Mapping files only: the tables are Redshift's (created by DMS or by people), not defined here.
  mappings: { check: () => [], targetTablesDefined: false },
  validation: { sql: redshiftChecks },
  checkDiscovered: () => [],
  keyedFrom: () => undefined,
  // IAM and bucket policies repeat the bucket name as a literal: an adopted bucket's live name replaces it.
  adopted: (target, live) => {
    const bucket = live('aws_s3_bucket.staging', 'bucket');
    return bucket ? { ...target, stagingBucket: { ...target.stagingBucket, name: bucket } } : target;
  },
  sampleItems: () => [],
  runbookValidation: (_stack, outputs) =>
    `# Part 2 on Redshift (query editor v2, or psql to ${String(outputs.redshift_workgroup_endpoint?.value ?? 'the workgroup endpoint')}); the row counts must equal part 1's`,
};
