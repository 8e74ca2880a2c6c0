/**
 * Cross-stack values through SSM Parameter Store: the stack that creates an instance publishes its ARN and id
 * under /dms-cdktf/<stack>/; a stack attaching tasks to it (`replicationInstance.from: stack`) reads exactly
 * those parameters, by names derived from the producer, and validation refuses producers that do not exist or
 * do not publish.
 */
import { type DynamoDbPipelineInput, type RedshiftPipelineInput, defaultInput, dynamodbConfig, redshiftConfig } from '../support/helpers';
import { problemsOf, synthesizeAll } from '../support/synth';
import { consumerConfig } from '../support/variants';
import { must } from '../support/must';

describe('producer', () => {
  test('GIVEN a stack creating its instance WHEN synthesized THEN it publishes the instance ARN and id under /dms-cdktf/<stack>/', () => {
    const tf = must(synthesizeAll(defaultInput()).get('redshift-fed-prod')).tf;
    expect(tf.resource.aws_ssm_parameter).toEqual({
      published_replication_instance_arn: expect.objectContaining({
        name: '/dms-cdktf/redshift-fed-prod/replication_instance_arn',
        type: 'String',
        insecure_value: '${aws_dms_replication_instance.replication_instance.replication_instance_arn}',
      }),
      published_replication_instance_id: expect.objectContaining({
        name: '/dms-cdktf/redshift-fed-prod/replication_instance_id',
        insecure_value: '${aws_dms_replication_instance.replication_instance.replication_instance_id}',
      }),
    });
  });

  test('GIVEN a stack on an instance owned elsewhere WHEN synthesized THEN it publishes nothing', () => {
    expect(must(synthesizeAll(defaultInput()).get('loanapp-dynamodb-dev')).tf.resource.aws_ssm_parameter).toBeUndefined();
  });
});

describe('consumer', () => {
  test("GIVEN tasks on another stack's instance WHEN synthesized THEN the ARN and the alarm dimension come from its SSM parameters, not its state", () => {
    const tf = must(synthesizeAll(consumerConfig()).get('loanapp-dynamodb-dev')).tf;
    expect(tf.data.aws_ssm_parameter).toEqual({
      replication_instance_arn: { name: '/dms-cdktf/redshift-fed-prod/replication_instance_arn' },
      replication_instance_id: { name: '/dms-cdktf/redshift-fed-prod/replication_instance_id' },
    });
    expect(tf.data.terraform_remote_state).toBeUndefined();
    expect(tf.resource.aws_dms_replication_task.replication_task.replication_instance_arn).toBe(
      '${data.aws_ssm_parameter.replication_instance_arn.insecure_value}',
    );
    expect(tf.resource.aws_cloudwatch_metric_alarm.replication_task_cdc_latency_source.dimensions.ReplicationInstanceIdentifier).toBe(
      '${data.aws_ssm_parameter.replication_instance_id.insecure_value}',
    );
  });

  test.each<[string, (c: DynamoDbPipelineInput) => void, string[]]>([
    [
      'a producer stack that does not exist',
      (c) => void ((c.replicationInstance as { stack: string }).stack = 'redshift-fed-prd'),
      [
        'pipelines[1].replicationInstance.stack: redshift-fed-prd is not a stack of this config (stacks publishing an instance: redshift-fed-prod)',
      ],
    ],
    [
      'itself as producer',
      (c) => void ((c.replicationInstance as { stack: string }).stack = 'loanapp-dynamodb-dev'),
      [
        'pipelines[1].replicationInstance.stack: loanapp-dynamodb-dev is not another stack of this config (stacks publishing an instance: redshift-fed-prod)',
      ],
    ],
    [
      'an output the producer does not publish',
      (c) => void ((c.replicationInstance as { output: string }).output = 'replication_instance_id'),
      ['pipelines[1].replicationInstance.output: must be an output the producer publishes: replication_instance_arn'],
    ],
  ])('GIVEN %s WHEN validated THEN it is refused by path', (_what, mutate, expected) => {
    expect(problemsOf(consumerConfig(mutate))).toEqual(expected);
  });

  test('GIVEN a producer that creates no instance WHEN validated THEN it publishes nothing to read', () => {
    const input = consumerConfig();
    const producer = input.pipelines[0] as { replicationInstance: unknown; network?: unknown; accountRoles?: unknown };
    producer.replicationInstance = { from: 'arn', id: 'shared', arn: 'arn:aws:dms:us-west-2:459286107047:rep:SHARED' };
    delete producer.network;
    delete producer.accountRoles;
    expect(problemsOf(input)).toEqual([
      'pipelines[1].replicationInstance.output: redshift-fed-prod does not publish replication_instance_arn: it creates no replication instance (from arn)',
    ]);
  });

  test('GIVEN a producer in another region WHEN validated THEN SSM cannot carry the value', () => {
    const input = consumerConfig((c) => {
      const moved = JSON.parse(JSON.stringify(c).replace(/us-west-2/g, 'us-east-1'));
      Object.assign(c, moved);
    });
    expect(problemsOf(input)).toEqual([
      'pipelines[1].replicationInstance.stack: redshift-fed-prod publishes in 459286107047 us-west-2; this pipeline is in 459286107047 us-east-1 (SSM parameters are per account and region)',
    ]);
  });
});

describe('log group key and source certificate verification', () => {
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUXn3+exampleCA\n-----END CERTIFICATE-----\n';
  const KEY = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  test('GIVEN logKmsKeyArn WHEN synthesized THEN the task log group is encrypted with it, keeping its retention', () => {
    const tf = must(synthesizeAll(redshiftConfig((p) => void (p.logKmsKeyArn = KEY))).get('redshift-fed-prod')).tf;
    expect(tf.resource.aws_cloudwatch_log_group.task_logs).toMatchObject({
      name: 'dms-tasks-redshift-fed-prod-replication-instance',
      retention_in_days: 30,
      kms_key_id: KEY,
    });
  });

  test('GIVEN verify-full with the CA PEM WHEN synthesized THEN a DMS certificate is imported and the source endpoint verifies against it', () => {
    const tf = must(
      synthesizeAll(redshiftConfig((p) => Object.assign(p.source, { sslMode: 'verify-full', certificatePem: PEM }))).get(
        'redshift-fed-prod',
      ),
    ).tf;
    expect(tf.resource.aws_dms_certificate.source_ca).toEqual({
      certificate_id: 'redshift-fed-prod-source-sqlserver-ca',
      certificate_pem: PEM,
    });
    expect(tf.resource.aws_dms_endpoint.source).toMatchObject({
      ssl_mode: 'verify-full',
      certificate_arn: '${aws_dms_certificate.source_ca.certificate_arn}',
    });
  });

  test.each<[string, (p: RedshiftPipelineInput) => void, string[]]>([
    [
      'verify-full without a CA',
      (p) => void (p.source.sslMode = 'verify-full'),
      ['pipelines[0].source.certificatePem: is required with sslMode verify-full: DMS verifies the server certificate against this CA'],
    ],
    [
      'a CA with require',
      (p) => void (p.source.certificatePem = PEM),
      ['pipelines[0].source.certificatePem: is used only with sslMode verify-ca or verify-full, not require'],
    ],
    [
      'a CA that is not PEM',
      (p) => Object.assign(p.source, { sslMode: 'verify-ca', certificatePem: 'MIIB...' }),
      ['pipelines[0].source.certificatePem: must be a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)'],
    ],
    [
      'a log key in another account',
      (p) => void (p.logKmsKeyArn = KEY.replace('459286107047', '111122223333')),
      ["pipelines[0].logKmsKeyArn: must be in the pipeline's account 459286107047, not 111122223333"],
    ],
  ])('GIVEN %s WHEN validated THEN it is refused by path', (_what, mutate, expected) => {
    expect(problemsOf(redshiftConfig(mutate))).toEqual(expected);
  });

  test('GIVEN a log key on a stack whose instance is owned elsewhere WHEN validated THEN there is no log group to encrypt', () => {
    expect(
      problemsOf(
        dynamodbConfig((p) => void (p.logKmsKeyArn = 'arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab')),
      ),
    ).toEqual([
      'pipelines[0].logKmsKeyArn: applies to the log groups of an instance this stack creates (from this-stack) or of DMS Serverless replications, not from arn',
    ]);
  });
});
