/**
 * Review's security checks: every default stack and every variant passes with no suppression; each check fails
 * on the synthesized output a wrong implementation would produce; suppressions need a reason and go stale loudly.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import { projectRoot } from '../../core/paths';
import { resolvePipelines } from '../../app/resolve';
import { Testing } from '../../platform/cdktf';
import type { DmsAccountStack } from '../../stacks/dms-account-stack';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { SECURITY_CHECKS, type SecurityCheck, applySuppressions, loadSuppressions, securityFindings } from '../../review/security';
import { FIXTURE_MAPPINGS, defaultInput, dynamodbConfig, redshiftConfig } from '../support/helpers';
import { synthesizeAll, synthesizeOne, type TerraformJson } from '../support/synth';
import { consumerConfig, partitionVariant, stackVariants } from '../support/variants';
import { testApp } from '../support/test-app';

const checksOf = (name: string, tf: TerraformJson) => securityFindings({ name, tf }).map((f) => f.check);
const policyOf = (document: string) => JSON.parse(document);

describe('every synthesized stack passes', () => {
  test.each([...synthesizeAll(defaultInput())].map(([name, stack]) => [name, stack.tf]))(
    'GIVEN the default stack %s WHEN checked THEN nothing fails',
    (name, tf) => {
      expect(securityFindings({ name, tf })).toEqual([]);
    },
  );

  test.each(stackVariants())('GIVEN the variant "%s" WHEN checked THEN nothing fails, account baseline stack included', (_label, input) => {
    const app = testApp();
    for (const pipeline of resolvePipelines(parseConfig(input), FIXTURE_MAPPINGS)) new DmsPipelineStack(app, pipeline);
    for (const stack of app.node.children) {
      expect(securityFindings({ name: stack.node.id, tf: JSON.parse(Testing.synth(stack as DmsPipelineStack, true)) })).toEqual([]);
    }
  });

  test.each(['cn-north-1', 'us-gov-west-1'] as const)('GIVEN the Redshift pipeline in %s WHEN checked THEN nothing fails', (region) => {
    const { tf } = synthesizeOne(partitionVariant(region));
    expect(securityFindings({ name: 'p', tf })).toEqual([]);
    expect(tf.provider.aws[0].region).toBe(region);
  });

  test("GIVEN a consumer reading its instance from the producer's SSM parameters WHEN checked THEN both stacks pass", () => {
    for (const [name, stack] of synthesizeAll(consumerConfig())) expect(securityFindings({ name, tf: stack.tf })).toEqual([]);
  });

  test('GIVEN internet egress with a reason WHEN checked THEN it passes', () => {
    const { tf } = synthesizeOne(
      redshiftConfig((p) => {
        p.network.vpcEndpoints = {};
        p.network.egress.httpsCidrs = ['0.0.0.0/0'];
        p.network.allowInternetEgress = { reason: 'no endpoints in the shared VPC until NET-123' };
      }),
    );
    expect(securityFindings({ name: 'p', tf })).toEqual([]);
  });
});

describe('each check fails on what a wrong implementation would synthesize', () => {
  const redshift = () => structuredClone(synthesizeOne(redshiftConfig()).tf);
  const accountStack = () => {
    const app = testApp();
    new DmsPipelineStack(app, resolvePipelines(parseConfig(redshiftConfig()), FIXTURE_MAPPINGS)[0]);
    return JSON.parse(Testing.synth(app.node.findChild('dms-account-459286107047') as DmsAccountStack, true));
  };
  const dynamo = () => structuredClone(synthesizeOne(serverlessWithKey()).tf);
  const serverlessWithKey = () =>
    dynamodbConfig((p) => {
      (p as { replicationInstance: unknown }).replicationInstance = { from: 'serverless', minCapacityUnits: 1, maxCapacityUnits: 4 };
      p.accountRoles = 'create';
      p.network = structuredClone((redshiftConfig().pipelines[0] as { network: NonNullable<typeof p.network> }).network);
      p.network.vpcEndpoints = {
        s3: { prefixListIds: ['pl-68a54001'] },
        dynamodb: { prefixListIds: ['pl-00a54069'] },
        secretsManager: { cidrs: ['10.50.0.0/16'] },
      };
      p.target.tables[1].kmsKeyArn = 'arn:aws:kms:us-west-2:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    });
  const editPolicy = (holder: TerraformJson, field: string, edit: (doc: TerraformJson) => void) => {
    const doc = policyOf(holder[field]);
    edit(doc);
    holder[field] = JSON.stringify(doc);
  };

  test.each<[SecurityCheck, () => TerraformJson]>([
    [
      'dynamodb-table-key',
      () => {
        const tf = dynamo();
        editPolicy(
          tf.resource.aws_iam_role_policy.dms_dynamodb_role_policy,
          'policy',
          (d) => void (d.Statement = d.Statement.filter((s: { Sid: string }) => s.Sid !== 'TargetTableKeys')),
        );
        return tf;
      },
    ],
    [
      'redshift-ssl-mode',
      () => {
        const tf = redshift();
        tf.resource.aws_dms_endpoint.target.ssl_mode = 'require';
        return tf;
      },
    ],
    [
      'confused-deputy',
      () => {
        const tf = redshift();
        editPolicy(tf.resource.aws_iam_role.dms_secrets_role, 'assume_role_policy', (d) => void delete d.Statement[0].Condition);
        return tf;
      },
    ],
    [
      'confused-deputy',
      () => {
        const tf = dynamo();
        editPolicy(
          tf.resource.aws_iam_role.dms_dynamodb_role,
          'assume_role_policy',
          (d) => void (d.Statement[0].Condition.ArnLike['aws:SourceArn'] = 'arn:aws:dms:us-west-2:111122223333:*'),
        );
        return tf;
      },
    ],
    [
      'account-roles-unconditioned',
      () => {
        // The account baseline stack the default Redshift pipeline asks for.
        const tf = structuredClone(accountStack());
        editPolicy(
          tf.resource.aws_iam_role.dms_vpc_role,
          'assume_role_policy',
          (d) => void (d.Statement[0].Condition = { StringEquals: { 'aws:SourceAccount': '459286107047' } }),
        );
        return tf;
      },
    ],
    [
      'sns-dms-source',
      () => {
        const tf = redshift();
        editPolicy(tf.resource.aws_sns_topic_policy.alerts_policy, 'policy', (d) => {
          const dms = d.Statement.find((s: { Sid: string }) => s.Sid === 'DmsEventsOfThisAccountPublish');
          dms.Condition = { StringEquals: { 'aws:SourceAccount': '459286107047' } };
        });
        return tf;
      },
    ],
    [
      'partition',
      () => {
        const tf = redshift();
        editPolicy(
          tf.resource.aws_iam_role_policy.dms_s3_role_policy,
          'policy',
          (d) => void (d.Statement[0].Resource = 'arn:aws-cn:s3:::dms-redshift-fed-prod-staging-459286107047'),
        );
        return tf;
      },
    ],
    [
      'partition',
      () => {
        const tf = synthesizeOne(partitionVariant('cn-north-1')).tf;
        // kms:ViaService hard-coded to the aws partition's suffix, as before this check existed.
        editPolicy(
          tf.resource.aws_iam_role_policy.dms_s3_role_policy,
          'policy',
          (d) => void (d.Statement[2].Condition.StringEquals['kms:ViaService'] = 's3.cn-north-1.amazonaws.com'),
        );
        return tf;
      },
    ],
    [
      'service-path',
      () => {
        const tf = redshift();
        delete tf.resource.aws_vpc_security_group_egress_rule.https_pl_68a54001;
        return tf;
      },
    ],
    [
      'service-path',
      () => {
        const tf = dynamo();
        delete tf.resource.aws_vpc_security_group_egress_rule.https_pl_00a54069;
        return tf;
      },
    ],
    [
      'internet-egress',
      () => {
        const tf = redshift();
        tf.resource.aws_vpc_security_group_egress_rule.https_10_50_0_0_16.cidr_ipv4 = '0.0.0.0/0';
        return tf;
      },
    ],
    [
      'nullable-key-template',
      () => {
        const tf = dynamo();
        const task = tf.resource.aws_dms_replication_config.replication_task;
        const mappings = JSON.parse(task.table_mappings.replace(/\$\$\{/g, '${'));
        mappings.rules[2]['mapping-parameters']['attribute-mappings'].push({
          'target-attribute-name': 'ErrorStatus',
          'attribute-type': 'scalar',
          'attribute-sub-type': 'string',
          value: '${ErrorStatus}',
        });
        task.table_mappings = JSON.stringify(mappings).replace(/\$\{/g, '$${');
        return tf;
      },
    ],
    [
      'staging-encryption-change',
      () => {
        const tf = redshift();
        delete tf.resource.aws_dms_endpoint.target.lifecycle;
        return tf;
      },
    ],
    [
      'staging-encryption-change',
      () => {
        const tf = redshift();
        tf.resource.aws_dms_endpoint.target.redshift_settings.encryption_mode = 'SSE_KMS';
        return tf;
      },
    ],
    [
      'log-group-retention',
      () => {
        const tf = redshift();
        delete tf.resource.aws_cloudwatch_log_group.task_logs.retention_in_days;
        return tf;
      },
    ],
  ])('GIVEN a stack breaking %s WHEN checked THEN exactly that check fails', (check, broken) => {
    expect(checksOf('p', broken())).toEqual([check]);
  });

  test('GIVEN the check list WHEN read THEN every check above has a case (none is dead code)', () => {
    expect(Object.keys(SECURITY_CHECKS).sort()).toEqual([
      'account-roles-unconditioned',
      'confused-deputy',
      'dynamodb-table-key',
      'internet-egress',
      'log-group-retention',
      'nullable-key-template',
      'partition',
      'redshift-ssl-mode',
      'service-path',
      'sns-dms-source',
      'staging-encryption-change',
    ]);
  });
});

describe('suppressions', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-suppressions-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const file = (content: unknown) => {
    const name = path.join(work, `${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(name, typeof content === 'string' ? content : JSON.stringify(content));
    return name;
  };
  const broken = () => {
    const tf = structuredClone(synthesizeOne(redshiftConfig()).tf);
    tf.resource.aws_dms_endpoint.target.ssl_mode = 'require';
    return securityFindings({ name: 'redshift-fed-prod', tf });
  };

  test('GIVEN the committed suppression file WHEN loaded THEN it is valid and empty', () => {
    expect(loadSuppressions(path.join(projectRoot(), 'config', 'security-suppressions.json'))).toEqual({ suppressions: [], problems: [] });
  });

  test('GIVEN a suppression with a reason for that finding WHEN applied THEN the finding is kept, marked with the reason', () => {
    const reason = 'DMS engine 3.5.4 accepts require on this workgroup; ticket DMS-77 tracks removing it';
    const { suppressions, problems } = loadSuppressions(
      file({ suppressions: [{ stack: 'redshift-fed-prod', check: 'redshift-ssl-mode', resource: 'aws_dms_endpoint.target', reason }] }),
    );
    expect(problems).toEqual([]);
    const findings = broken();
    expect(applySuppressions(findings, suppressions, ['redshift-fed-prod'])).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'redshift-ssl-mode', resource: 'aws_dms_endpoint.target', suppressed: reason }),
    ]);
  });

  test('GIVEN a suppression that matches nothing WHEN applied THEN it is reported as stale', () => {
    const { suppressions } = loadSuppressions(
      file({
        suppressions: [
          {
            stack: 'redshift-fed-prod',
            check: 'confused-deputy',
            resource: 'aws_iam_role.dms_s3_role',
            reason: 'kept from an old review, no longer needed',
          },
        ],
      }),
    );
    expect(applySuppressions(broken(), suppressions, ['redshift-fed-prod'])).toEqual([
      'suppressions[0]: matches no confused-deputy finding on redshift-fed-prod aws_iam_role.dms_s3_role; remove it',
    ]);
  });

  test('GIVEN bad suppressions WHEN loaded THEN every problem is named by path', () => {
    const { problems } = loadSuppressions(
      file({
        suppressions: [
          { stack: 'x', check: 'tls', resource: 'aws_dms_endpoint.target', reason: 'ok' },
          { stack: 'x', check: 'partition', resource: 'target', reason: 'a reason long enough to pass', extra: 1 },
        ],
      }),
    );
    expect(problems.map((p) => p.replace(/^.*\.json: /, ''))).toEqual([
      `suppressions[0].check: must be one of ${Object.keys(SECURITY_CHECKS).join(', ')}`,
      'suppressions[0].reason: must say why this finding is acceptable (at least 20 characters)',
      'suppressions[1].resource: must be a resource address such as aws_iam_role.dms_s3_role',
      'suppressions[1]: Unrecognized key: "extra"',
    ]);
  });

  test('GIVEN a suppression file that is not JSON WHEN loaded THEN it is a problem, not an empty list', () => {
    expect(loadSuppressions(file('{ suppressions: ')).problems).toEqual([expect.stringMatching(/not JSON/)]);
  });
});
