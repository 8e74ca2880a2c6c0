/**
 * `DmsIam` on its own: account-role modes, least-privilege statements, trust principals.
 */
import type { AccountRolesMode } from '../../../core/dms';
import { DmsIam, type DmsIamProps } from '../../../modules/dms-iam';
import { Testing } from '../../../platform/cdktf';
import { ReadableStack } from '../../../stacks/readable-stack';
import { type TerraformJson } from '../../support/synth';
import { testApp } from '../../support/test-app';

const SECRET = 'arn:aws:secretsmanager:us-west-2:459286107047:secret:dms/source-AbC123';
const OTHER_SECRET = 'arn:aws:secretsmanager:us-west-2:459286107047:secret:dms/target-DeF456';
const KEY = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function synth(overrides: Partial<DmsIamProps> = {}): TerraformJson {
  const app = testApp();
  const stack = new ReadableStack(app, 'test');
  new DmsIam(stack, 'dms_iam', {
    namePrefix: 'pipe',
    accountId: '459286107047',
    region: 'us-west-2',
    partition: 'aws',
    accountRoles: 'create',
    stagingBucket: { name: 'dms-staging-bucket' },
    secretArns: [SECRET, OTHER_SECRET],
    ...overrides,
  });
  return JSON.parse(Testing.synth(stack));
}

const policy = (tf: TerraformJson, name: string) => JSON.parse(tf.resource.aws_iam_role_policy[name].policy);
const trust = (tf: TerraformJson, role: string) => JSON.parse(tf.resource.aws_iam_role[role].assume_role_policy);

describe('account-global roles', () => {
  test('GIVEN mode create WHEN synthesized THEN both roles exist under their exact names with the AWS managed policies', () => {
    const tf = synth({ accountRoles: 'create' });
    expect(tf.resource.aws_iam_role.dms_vpc_role.name).toBe('dms-vpc-role');
    expect(tf.resource.aws_iam_role.dms_cloudwatch_logs_role.name).toBe('dms-cloudwatch-logs-role');
    expect(tf.resource.aws_iam_role_policy_attachment.dms_vpc_role_policy).toMatchObject({
      role: '${aws_iam_role.dms_vpc_role.name}',
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
    });
    expect(tf.resource.aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy).toMatchObject({
      role: '${aws_iam_role.dms_cloudwatch_logs_role.name}',
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole',
    });
    for (const role of ['dms_vpc_role', 'dms_cloudwatch_logs_role']) {
      expect(trust(tf, role).Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'dms.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    }
    expect(tf.import).toBeUndefined();
  });

  test('GIVEN mode import WHEN synthesized THEN import blocks adopt the roles and their attachments', () => {
    const tf = synth({ accountRoles: 'import' });
    expect(tf.import).toEqual(
      expect.arrayContaining([
        { to: 'aws_iam_role.dms_vpc_role', id: 'dms-vpc-role' },
        { to: 'aws_iam_role.dms_cloudwatch_logs_role', id: 'dms-cloudwatch-logs-role' },
        {
          to: 'aws_iam_role_policy_attachment.dms_vpc_role_policy',
          id: 'dms-vpc-role/arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
        },
        {
          to: 'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
          id: 'dms-cloudwatch-logs-role/arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole',
        },
      ]),
    );
    expect(tf.import).toHaveLength(4);
  });

  test('GIVEN mode existing WHEN synthesized THEN the account roles are neither created nor imported', () => {
    const tf = synth({ accountRoles: 'existing' });
    expect(Object.keys(tf.resource.aws_iam_role).sort()).toEqual(['dms_s3_role', 'dms_secrets_role']);
    expect(tf.resource.aws_iam_role_policy_attachment).toBeUndefined();
    expect(tf.import).toBeUndefined();
  });

  test.each<[AccountRolesMode, number]>([
    ['create', 2],
    ['import', 2],
    ['existing', 0],
  ])('GIVEN mode %s WHEN asked what DMS must wait for THEN it is the %i policy attachments', (mode, count) => {
    const app = testApp();
    const stack = new ReadableStack(app, 'test');
    const iam = new DmsIam(stack, 'dms_iam', {
      namePrefix: 'pipe',
      accountId: '459286107047',
      region: 'us-west-2',
      partition: 'aws',
      accountRoles: mode,
      secretArns: [SECRET],
    });
    expect(iam.accountRolesReady).toHaveLength(count);
  });
});

describe('staging bucket role', () => {
  test('GIVEN a staging bucket WHEN synthesized THEN the role reaches only that bucket, without bucket administration', () => {
    const tf = synth();
    expect(tf.resource.aws_iam_role.dms_s3_role.name).toBe('pipe-dms-s3-role');
    // DMS under the confused deputy conditions; Redshift's COPY (which is not a DMS source ARN) separately.
    expect(trust(tf, 'dms_s3_role').Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'dms.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '459286107047' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:dms:us-west-2:459286107047:*' },
        },
      },
      {
        Effect: 'Allow',
        Principal: { Service: ['redshift.amazonaws.com', 'redshift-serverless.amazonaws.com'] },
        Action: 'sts:AssumeRole',
      },
    ]);
    const statements = policy(tf, 'dms_s3_role_policy').Statement;
    expect(statements).toEqual([
      {
        Sid: 'StagingBucketListing',
        Effect: 'Allow',
        Action: ['s3:GetBucketAcl', 's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:ListBucket'],
        Resource: 'arn:aws:s3:::dms-staging-bucket',
      },
      {
        Sid: 'StagingObjects',
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
        Resource: 'arn:aws:s3:::dms-staging-bucket/*',
      },
    ]);
    const actions = statements.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).not.toContain('s3:*');
    expect(actions).not.toEqual(expect.arrayContaining(['s3:CreateBucket']));
    expect(actions).not.toEqual(expect.arrayContaining(['s3:PutBucketPolicy']));
  });

  test('GIVEN an SSE-KMS staging bucket WHEN synthesized THEN the role may use that key only through S3', () => {
    const tf = synth({ stagingBucket: { name: 'dms-staging-bucket', kmsKeyArn: KEY } });
    const keyStatement = policy(tf, 'dms_s3_role_policy').Statement[2];
    expect(keyStatement).toEqual({
      Sid: 'StagingBucketKey',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: KEY,
      Condition: { StringEquals: { 'kms:ViaService': 's3.us-west-2.amazonaws.com' } },
    });
  });

  test('GIVEN an SSE-S3 staging bucket WHEN synthesized THEN the role has no KMS permission at all', () => {
    const tf = synth();
    expect(JSON.stringify(policy(tf, 'dms_s3_role_policy'))).not.toContain('kms:');
  });

  test('GIVEN no staging bucket WHEN synthesized THEN there is no staging role', () => {
    const tf = synth({ stagingBucket: undefined });
    expect(tf.resource.aws_iam_role.dms_s3_role).toBeUndefined();
  });
});

describe('DynamoDB target role', () => {
  test('GIVEN DynamoDB tables WHEN synthesized THEN DMS may write items to them and its exception tables, not create or drop them', () => {
    const tf = synth({ stagingBucket: undefined, dynamodbTables: ['LoanApp-Payments-dev', 'LoanApp-IntegrationLogs-dev'] });
    expect(tf.resource.aws_iam_role.dms_dynamodb_role.name).toBe('pipe-dms-dynamodb-role');
    expect(trust(tf, 'dms_dynamodb_role').Statement[0].Principal).toEqual({ Service: 'dms.amazonaws.com' });
    const table = (name: string) => `arn:aws:dynamodb:us-west-2:459286107047:table/${name}`;
    expect(policy(tf, 'dms_dynamodb_role_policy').Statement).toEqual([
      {
        Sid: 'WriteTargetTables',
        Effect: 'Allow',
        Action: ['dynamodb:DeleteItem', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: [table('LoanApp-IntegrationLogs-dev'), table('LoanApp-Payments-dev')],
      },
      {
        Sid: 'DmsExceptionTables',
        Effect: 'Allow',
        Action: ['dynamodb:CreateTable', 'dynamodb:DescribeTable', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        Resource: [table('awsdms_apply_exceptions'), table('awsdms_full_load_exceptions')],
      },
      { Sid: 'ListTables', Effect: 'Allow', Action: 'dynamodb:ListTables', Resource: '*' },
    ]);
  });

  test('GIVEN no DynamoDB tables WHEN synthesized THEN there is no DynamoDB role', () => {
    expect(synth().resource.aws_iam_role.dms_dynamodb_role).toBeUndefined();
  });
});

describe('Secrets Manager access role', () => {
  test('GIVEN two secrets WHEN synthesized THEN the regional DMS principal may read exactly those', () => {
    const tf = synth();
    expect(tf.resource.aws_iam_role.dms_secrets_role.name).toBe('pipe-dms-secrets-role');
    expect(trust(tf, 'dms_secrets_role').Statement[0].Principal).toEqual({ Service: 'dms.us-west-2.amazonaws.com' });
    expect(policy(tf, 'dms_secrets_role_policy').Statement).toEqual([
      { Sid: 'ReadEndpointSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [SECRET, OTHER_SECRET] },
    ]);
  });

  test('GIVEN a customer managed key on the secrets WHEN synthesized THEN decrypt is allowed through Secrets Manager only', () => {
    const tf = synth({ secretKmsKeyArns: [KEY, KEY] });
    expect(policy(tf, 'dms_secrets_role_policy').Statement[1]).toEqual({
      Sid: 'DecryptEndpointSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: KEY,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-west-2.amazonaws.com' } },
    });
  });

  test('GIVEN the same secret twice WHEN synthesized THEN it is listed once', () => {
    const tf = synth({ secretArns: [SECRET, SECRET] });
    expect(policy(tf, 'dms_secrets_role_policy').Statement[0].Resource).toBe(SECRET);
  });
});

describe('DynamoDB tables with a customer managed key', () => {
  const TABLE_KEY = 'arn:aws:kms:us-west-2:459286107047:key/22222222-12ab-34cd-56ef-1234567890ab';

  test('GIVEN a table key WHEN synthesized THEN the writer may use it through DynamoDB in this region only', () => {
    const tf = synth({ stagingBucket: undefined, dynamodbTables: ['t1', 't2'], dynamodbKmsKeyArns: [TABLE_KEY, TABLE_KEY] });
    const statements = policy(tf, 'dms_dynamodb_role_policy').Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === 'TargetTableKeys')).toEqual({
      Sid: 'TargetTableKeys',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: TABLE_KEY,
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-west-2.amazonaws.com' } },
    });
    // Table creation (and its kms:CreateGrant) stays with Terraform.
    expect(statements.flatMap((s: { Action: string | string[] }) => [s.Action].flat())).not.toContain('kms:CreateGrant');
  });

  test('GIVEN no table key WHEN synthesized THEN the role has no KMS permission at all', () => {
    const tf = synth({ stagingBucket: undefined, dynamodbTables: ['t1'] });
    expect(JSON.stringify(policy(tf, 'dms_dynamodb_role_policy'))).not.toContain('kms:');
  });
});

describe('confused deputy conditions', () => {
  const conditions = {
    StringEquals: { 'aws:SourceAccount': '459286107047' },
    ArnLike: { 'aws:SourceArn': 'arn:aws:dms:us-west-2:459286107047:*' },
  };

  test.each(['dms_secrets_role', 'dms_dynamodb_role', 'dms_s3_role'])(
    'GIVEN the pipeline role %s WHEN synthesized THEN DMS may assume it only for this account and region',
    (role) => {
      const tf = synth({ dynamodbTables: ['t1'] });
      const dms = trust(tf, role).Statement.filter((s: { Principal: { Service: string } }) =>
        String(s.Principal.Service).startsWith('dms.'),
      );
      expect(dms).toHaveLength(1);
      expect(dms[0].Condition).toEqual(conditions);
    },
  );

  test('GIVEN the account-global roles WHEN synthesized THEN they stay unconditioned (terraform-aws-dms #84)', () => {
    const tf = synth({ accountRoles: 'create' });
    for (const role of ['dms_vpc_role', 'dms_cloudwatch_logs_role']) expect(trust(tf, role).Statement[0].Condition).toBeUndefined();
  });
});

describe('partitions', () => {
  test.each([
    ['aws', 'us-west-2', 'amazonaws.com'],
    ['aws-us-gov', 'us-gov-west-1', 'amazonaws.com'],
    ['aws-cn', 'cn-north-1', 'amazonaws.com.cn'],
  ])(
    "GIVEN partition %s (%s) WHEN synthesized THEN ARNs, principals and kms:ViaService are that partition's",
    (partition, region, suffix) => {
      const account = '459286107047';
      const key = `arn:${partition}:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
      const tf = synth({
        partition,
        region,
        accountRoles: 'create',
        stagingBucket: { name: 'dms-staging-bucket', kmsKeyArn: key },
        dynamodbTables: ['t1'],
        dynamodbKmsKeyArns: [key],
        secretArns: [`arn:${partition}:secretsmanager:${region}:${account}:secret:dms/source-AbC123`],
        secretKmsKeyArns: [key],
      });
      const text = JSON.stringify(tf);
      // Every ARN is in the partition: none of another one slipped in.
      for (const arn of text.match(/arn:[a-z-]+:/g) ?? []) expect(arn).toBe(`arn:${partition}:`);
      expect(tf.resource.aws_iam_role_policy_attachment.dms_vpc_role_policy.policy_arn).toBe(
        `arn:${partition}:iam::aws:policy/service-role/AmazonDMSVPCManagementRole`,
      );
      expect(trust(tf, 'dms_secrets_role').Statement[0]).toMatchObject({
        Principal: { Service: `dms.${region}.amazonaws.com` },
        Condition: { ArnLike: { 'aws:SourceArn': `arn:${partition}:dms:${region}:${account}:*` } },
      });
      const via = (name: string, sid: string) =>
        policy(tf, name).Statement.find((s: { Sid: string }) => s.Sid === sid).Condition.StringEquals['kms:ViaService'];
      expect(via('dms_s3_role_policy', 'StagingBucketKey')).toBe(`s3.${region}.${suffix}`);
      expect(via('dms_dynamodb_role_policy', 'TargetTableKeys')).toBe(`dynamodb.${region}.${suffix}`);
      expect(via('dms_secrets_role_policy', 'DecryptEndpointSecrets')).toBe(`secretsmanager.${region}.${suffix}`);
      expect(policy(tf, 'dms_dynamodb_role_policy').Statement[0].Resource).toBe(`arn:${partition}:dynamodb:${region}:${account}:table/t1`);
    },
  );
});
