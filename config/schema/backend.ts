/** Where each stack keeps its Terraform state. */
import { z } from 'zod';
import { bucketName, hostName, kmsKeyArn, region } from '../rules';

const s3Backend = z.strictObject({
  type: z.literal('s3'),
  /** State bucket; the key is always `<environment>/<stack>/terraform.tfstate`. */
  bucket: bucketName,
  region,
  /** S3 native locking (conditional writes, Terraform ≥ 1.10). Default true. */
  useLockfile: z.boolean().default(true),
  /** DynamoDB lock table, for teams still migrating to the S3 lockfile (both may be on during the move). */
  dynamodbTable: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')
    .optional(),
  /** KMS key for state encryption; without it the bucket's default encryption applies (`encrypt` is always on). */
  kmsKeyId: kmsKeyArn.optional(),
});

const cloudBackend = z.strictObject({
  type: z.literal('cloud'),
  organization: z.string().min(1, 'must not be empty'),
  /** Workspace name; default: the stack name. */
  workspace: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,90}$/, 'must be letters, digits, - and _')
    .optional(),
  project: z.string().min(1).optional(),
  hostname: hostName.optional(),
});

/** Only for tests and throwaway experiments: state in the stack directory. */
const localBackend = z.strictObject({ type: z.literal('local') });

export const backend = z.discriminatedUnion('type', [s3Backend, cloudBackend, localBackend], {
  error: 'type must be one of s3, cloud, local',
});

export type BackendSpec = z.infer<typeof backend>;
