/**
 * The account baseline stack: dms-vpc-role and dms-cloudwatch-logs-role in `dms-account-<id>`, asked for by the
 * pipeline that creates or imports them; pipeline stacks keep only the names and forget any role state.
 */
import { parseConfig } from '../../config/load';
import type { PipelineConfigInput } from '../../config/schema';
import { resolvePipelines } from '../../app/resolve';
import { Testing } from '../../platform/cdktf';
import { DmsAccountStack } from '../../stacks/dms-account-stack';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { FIXTURE_MAPPINGS, defaultInput, dynamodbConfig, redshiftConfig } from '../support/helpers';
import { type TerraformJson } from '../support/synth';
import { must } from '../support/must';
import { testApp } from '../support/test-app';

/** Every stack of the app, as main.ts builds it: name → synthesized JSON. */
function synthApp(input: PipelineConfigInput): Map<string, TerraformJson> {
  const app = testApp();
  const pipelines = resolvePipelines(parseConfig(input), FIXTURE_MAPPINGS).map((pipeline) => new DmsPipelineStack(app, pipeline));
  const stacks = app.node.children.filter(
    (child): child is DmsPipelineStack | DmsAccountStack => child instanceof DmsPipelineStack || child instanceof DmsAccountStack,
  );
  expect(stacks.length).toBeGreaterThanOrEqual(pipelines.length);
  return new Map(stacks.map((stack) => [stack.node.id, JSON.parse(Testing.synth(stack, true))]));
}

const ROLE_ADDRESSES = [
  'aws_iam_role.dms_cloudwatch_logs_role',
  'aws_iam_role.dms_vpc_role',
  'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
  'aws_iam_role_policy_attachment.dms_vpc_role_policy',
];
const addresses = (tf: TerraformJson) =>
  Object.entries(tf.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName as object).map((name) => `${type}.${name}`))
    .sort();

describe('the default config', () => {
  const stacks = synthApp(defaultInput());
  const account = must(stacks.get('dms-account-459286107047'));
  const pipeline = must(stacks.get('redshift-fed-prod'));

  test('GIVEN accountRoles create on redshift-fed-prod WHEN synthesized THEN dms-account-459286107047 holds both roles and their policies, protected from destroy', () => {
    expect([...stacks.keys()].sort()).toEqual(['dms-account-459286107047', 'loanapp-dynamodb-dev', 'redshift-fed-prod']);
    expect(addresses(account)).toEqual(ROLE_ADDRESSES);
    expect(account.resource.aws_iam_role.dms_vpc_role).toMatchObject({ name: 'dms-vpc-role', lifecycle: { prevent_destroy: true } });
    expect(account.resource.aws_iam_role.dms_cloudwatch_logs_role).toMatchObject({
      name: 'dms-cloudwatch-logs-role',
      lifecycle: { prevent_destroy: true },
    });
    expect(account.resource.aws_iam_role_policy_attachment.dms_vpc_role_policy).toMatchObject({
      role: '${aws_iam_role.dms_vpc_role.name}',
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
      lifecycle: { prevent_destroy: true },
    });
    expect(JSON.parse(account.resource.aws_iam_role.dms_vpc_role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'dms.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(account.import).toBeUndefined();
  });

  test("GIVEN the account stack WHEN its backend and provider are read THEN it has its own state key in the pipeline's bucket and only that account", () => {
    expect(account.terraform.backend.s3).toMatchObject({
      bucket: 'tfstate-459286107047-us-west-2',
      key: 'account/dms-account-459286107047/terraform.tfstate',
      encrypt: true,
      use_lockfile: true,
    });
    expect(account.provider.aws[0]).toMatchObject({ region: 'us-west-2', allowed_account_ids: ['459286107047'] });
  });

  test('GIVEN the pipeline stack WHEN synthesized THEN it has no account role, waits for nothing of them, and forgets any it held', () => {
    expect(addresses(pipeline).filter((a) => ROLE_ADDRESSES.includes(a))).toEqual([]);
    expect(pipeline.resource.aws_dms_replication_subnet_group.replication_subnet_group.depends_on).toBeUndefined();
    expect(pipeline.resource.aws_dms_replication_instance.replication_instance.depends_on).toBeUndefined();
    expect(JSON.stringify(pipeline)).not.toContain('terraform_remote_state.dms_account');
    expect(pipeline.removed).toEqual(
      [
        'aws_iam_role.dms_vpc_role',
        'aws_iam_role_policy_attachment.dms_vpc_role_policy',
        'aws_iam_role.dms_cloudwatch_logs_role',
        'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
      ].map((from) => ({ from, lifecycle: { destroy: false } })),
    );
  });

  test('GIVEN the DynamoDB pipeline on a shared instance WHEN synthesized THEN it neither holds nor forgets account roles', () => {
    const loanapp = must(stacks.get('loanapp-dynamodb-dev'));
    expect(addresses(loanapp).filter((a) => ROLE_ADDRESSES.includes(a))).toEqual([]);
    expect(loanapp.removed).toBeUndefined();
  });
});

describe('modes and accounts', () => {
  test('GIVEN accountRoles import WHEN synthesized THEN the account stack imports the roles and attachments', () => {
    const account = must(synthApp(redshiftConfig((p) => void (p.accountRoles = 'import'))).get('dms-account-459286107047'));
    expect(account.import).toEqual([
      { to: 'aws_iam_role.dms_vpc_role', id: 'dms-vpc-role' },
      {
        to: 'aws_iam_role_policy_attachment.dms_vpc_role_policy',
        id: 'dms-vpc-role/arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
      },
      { to: 'aws_iam_role.dms_cloudwatch_logs_role', id: 'dms-cloudwatch-logs-role' },
      {
        to: 'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
        id: 'dms-cloudwatch-logs-role/arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole',
      },
    ]);
  });

  test('GIVEN accountRoles existing WHEN synthesized THEN there is no account stack and nothing is forgotten', () => {
    const stacks = synthApp(redshiftConfig((p) => void (p.accountRoles = 'existing')));
    expect([...stacks.keys()]).toEqual(['redshift-fed-prod']);
    expect(must(stacks.get('redshift-fed-prod')).removed).toBeUndefined();
  });

  test('GIVEN two pipelines of one account, one managing the roles WHEN synthesized THEN there is one account stack', () => {
    const input = defaultInput();
    const second = structuredClone(redshiftConfig().pipelines[0]) as (typeof input.pipelines)[number] & { accountRoles?: string };
    Object.assign(second, { name: 'redshift-fed-prod-2', accountRoles: 'existing' });
    input.pipelines.push(
      JSON.parse(
        JSON.stringify(second)
          .replace(/redshift-fed-prod-(replication|source|target|dms)/g, 'redshift-fed-prod-2-$1')
          .replace(/dms-redshift-fed-prod-staging/g, 'dms-redshift-fed-prod-2-staging'),
      ),
    );
    const stacks = synthApp(input);
    expect([...stacks.keys()].filter((name) => name.startsWith('dms-account-'))).toEqual(['dms-account-459286107047']);
    expect(must(stacks.get('redshift-fed-prod-2')).removed).toBeUndefined();
  });

  test('GIVEN a pipeline in GovCloud WHEN synthesized THEN the account stack attaches the aws-us-gov managed policies', () => {
    const stacks = synthApp(
      dynamodbConfig((p) => {
        const text = JSON.stringify(p)
          .replace(/arn:aws:/g, 'arn:aws-us-gov:')
          .replace(/us-west-2/g, 'us-gov-west-1');
        Object.assign(p, JSON.parse(text));
        (p as { replicationInstance: unknown }).replicationInstance = { from: 'serverless', minCapacityUnits: 1, maxCapacityUnits: 4 };
        p.accountRoles = 'create';
        p.network = {
          vpcId: 'vpc-0a1b2c3d4e5f60718',
          subnets: [
            { id: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'us-gov-west-1a' },
            { id: 'subnet-0a1b2c3d4e5f60002', availabilityZone: 'us-gov-west-1b' },
          ],
          egress: { sourceCidrs: ['10.60.0.0/16'] },
          vpcEndpoints: {
            s3: { prefixListIds: ['pl-68a54001'] },
            dynamodb: { prefixListIds: ['pl-00a54069'] },
            secretsManager: { cidrs: ['10.61.0.0/16'] },
          },
        };
      }),
    );
    const account = must(stacks.get('dms-account-210987654321'));
    expect(account.resource.aws_iam_role_policy_attachment.dms_vpc_role_policy.policy_arn).toBe(
      'arn:aws-us-gov:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
    );
  });
});
