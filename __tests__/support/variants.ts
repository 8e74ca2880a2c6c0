/**
 * The stack variants the suites run through Terraform and through review's security checks: account-role modes,
 * backends, remote state, KMS everywhere, DynamoDB shapes, DMS Serverless, monitoring options.
 */
import type { PipelineConfigInput } from '../../config/schema';
import { type DynamoDbPipelineInput, dynamodbConfig, redshiftConfig, serverlessDynamodbConfig } from './helpers';

const KEY = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export function stackVariants(): [string, PipelineConfigInput][] {
  return [
    ['the default pipeline', redshiftConfig()],
    ['account roles imported', redshiftConfig((p) => void (p.accountRoles = 'import'))],
    ['account roles existing', redshiftConfig((p) => void (p.accountRoles = 'existing'))],
    ['Terraform Cloud backend', redshiftConfig((p) => void (p.backend = { type: 'cloud', organization: 'golfnow' }))],
    [
      'Redshift from remote state',
      redshiftConfig((p) => {
        p.target.workgroup = {
          from: 'remote-state',
          state: { backend: 's3', bucket: 'tf-state-redshift', key: 'prod/redshift/terraform.tfstate', region: 'us-west-2' },
        };
      }),
    ],
    [
      'SSE-KMS everywhere',
      redshiftConfig((p) => {
        p.target.stagingBucket.kmsKeyArn = KEY;
        p.replicationInstance.kmsKeyArn = KEY;
        p.source.secretKmsKeyArn = KEY;
      }),
    ],
    [
      'verify-full source with its CA, KMS-encrypted task logs',
      redshiftConfig((p) => {
        Object.assign(p.source, {
          sslMode: 'verify-full',
          certificatePem: '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXn3+exampleCA\n-----END CERTIFICATE-----\n',
        });
        p.logKmsKeyArn = KEY;
      }),
    ],
    ['the DynamoDB pipeline', dynamodbConfig()],
    [
      'DynamoDB: instance from remote state, tables existing',
      dynamodbConfig((p) => {
        p.replicationInstance = {
          from: 'remote-state',
          id: 'shared-dev',
          state: { backend: 's3', bucket: 'tfstate-shared', key: 'dev/dms-shared/terraform.tfstate', region: 'us-west-2' },
        };
        for (const table of p.target.tables) table.managed = false;
      }),
    ],
    ['DynamoDB on DMS Serverless', serverlessDynamodbConfig()],
    ['monitoring off', redshiftConfig((p) => void (p.monitoring = { enabled: false }))],
    [
      'monitoring with a topic key from config and an HTTPS endpoint',
      redshiftConfig((p) => {
        p.monitoring = {
          topicKmsKeyArn: KEY,
          notify: [{ protocol: 'https', endpoint: 'https://events.pagerduty.com/integration/abc/enqueue' }],
          thresholds: { cdcLatencySourceSeconds: 120 },
        };
      }),
    ],
    [
      'DynamoDB: provisioned, KMS-encrypted, protected tables',
      dynamodbConfig((p) => {
        const dynamoKey = 'arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
        Object.assign(p.target.tables[1], {
          billingMode: 'PROVISIONED',
          readCapacity: 5,
          writeCapacity: 50,
          kmsKeyArn: dynamoKey,
          deletionProtection: true,
        });
        p.source.secretKmsKeyArn = dynamoKey;
      }),
    ],
  ];
}

/** The Redshift pipeline moved to another partition: every ARN, principal and kms:ViaService follows. */
export function partitionVariant(region: 'cn-north-1' | 'us-gov-west-1'): PipelineConfigInput {
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws-us-gov';
  return redshiftConfig((p) => {
    const json = JSON.stringify(p)
      .replace(/arn:aws:/g, `arn:${partition}:`)
      .replace(/us-west-2/g, region);
    Object.assign(p, JSON.parse(json));
    p.target.stagingBucket.kmsKeyArn = `arn:${partition}:kms:${region}:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  });
}

/** The loan application pipeline moved into the Redshift pipeline's account, on that stack's instance. */
export function consumerConfig(mutate: (consumer: DynamoDbPipelineInput) => void = () => {}): PipelineConfigInput {
  const consumer = JSON.parse(
    JSON.stringify(dynamodbConfig().pipelines[0]).replace(/210987654321/g, '459286107047'),
  ) as DynamoDbPipelineInput;
  (consumer as { replicationInstance: unknown }).replicationInstance = { from: 'stack', stack: 'redshift-fed-prod' };
  mutate(consumer);
  return { pipelines: [redshiftConfig().pipelines[0], consumer as PipelineConfigInput['pipelines'][number]] };
}
