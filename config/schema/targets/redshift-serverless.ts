/** A Redshift Serverless target: the workgroup, the schema the mappings write to, and the S3 staging bucket. */
import { z } from 'zod';
import { bucketName, dmsIdentifier, hostName, intBetween, kmsKeyArn, port, slug } from '../../rules';
import { credentials } from '../credentials';
import { outputName, remoteStateLocation } from '../remote-state';
import type { TargetSection } from './section';

/** The Redshift Serverless workgroup, written here or read from the Terraform root that deployed it. */
const workgroup = z.discriminatedUnion(
  'from',
  [
    z.strictObject({
      from: z.literal('config'),
      workgroupName: slug,
      namespaceName: slug.optional(),
      /** The workgroup endpoint host (DMS reads host and port from the secret; this documents and checks it). */
      host: hostName,
      port: port.default(5439),
      databaseName: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
    }),
    z.strictObject({
      from: z.literal('remote-state'),
      state: remoteStateLocation,
      /** Output names in that root's state. */
      outputs: z
        .strictObject({
          host: outputName.default('workgroup_endpoint_address'),
          port: outputName.default('workgroup_endpoint_port'),
          databaseName: outputName.default('database_name'),
          workgroupName: outputName.default('workgroup_name'),
          namespaceName: outputName.default('namespace_name'),
        })
        .default({
          host: 'workgroup_endpoint_address',
          port: 'workgroup_endpoint_port',
          databaseName: 'database_name',
          workgroupName: 'workgroup_name',
          namespaceName: 'namespace_name',
        }),
    }),
  ],
  { error: 'from must be one of config, remote-state' },
);

const stagingBucket = z.strictObject({
  /** Must start with `dms-` (the DMS-managed Redshift policies and the team convention). */
  name: bucketName.refine((value) => value.startsWith('dms-'), 'must start with "dms-"'),
  /** Prefix of staged files inside the bucket. */
  folder: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, 'must be an S3 key prefix without leading or trailing slash')
    .default('dms-staging'),
  /** Staged CSV files are transient: expire them after this many days. */
  expireAfterDays: intBetween(1, 365).default(7),
  /** SSE-KMS with this key; default SSE-S3. */
  kmsKeyArn: kmsKeyArn.optional(),
});

export const redshiftServerlessTarget = z.strictObject({
  engine: z.literal('redshift-serverless'),
  endpointId: dmsIdentifier(255),
  workgroup,
  /** The schema the table mappings write to (their schema rename target). */
  schemaName: z.string().min(1, 'must not be empty').max(127, 'must be at most 127 characters'),
  /**
   * Not settable: "An Amazon Redshift endpoint already uses an SSL connection and does not require an SSL
   * connection set up by AWS DMS" (AWS DMS user guide, "Using SSL with AWS Database Migration Service"). An
   * ssl_mode on a Redshift endpoint would be refused or revert and show a diff on every plan.
   */
  sslMode: z
    .never({
      error:
        'must not be set: a Redshift endpoint already uses SSL and DMS does not configure SSL for it (AWS DMS user guide, "Using SSL with AWS Database Migration Service")',
    })
    .optional(),
  /** The S3 bucket DMS stages files in before Redshift's COPY. */
  stagingBucket,
  ...credentials,
});

export type RedshiftServerlessTargetSpec = z.infer<typeof redshiftServerlessTarget>;

export const redshiftServerlessSection = {
  label: 'Redshift',
  port: (target) => (target.workgroup.from === 'config' ? target.workgroup.port : undefined),
  targetNetwork: 'the Redshift workgroup network',
  vpcEndpoints: { s3: 'for a Redshift target (DMS stages its files in S3)' },
  derivesMappings: false,
  resourceNames: (target) => [
    { kind: 'S3 bucket', scope: 'global', name: target.stagingBucket?.name, from: ['target', 'stagingBucket', 'name'] },
  ],
} satisfies TargetSection<RedshiftServerlessTargetSpec>;
