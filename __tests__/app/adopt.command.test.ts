/**
 * `npm run adopt` below the Terraform level: matching by identity and references (never by address), what the
 * record keeps, what it cannot place and why, inline security group rules, import ids and the CLI's bad input.
 * The end-to-end proof on real legacy roots is __tests__/stacks/adopt.integration.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAdoption } from '../../config/adoption';
import { projectRoot } from '../../core/paths';
import { legacyResources, matchResources, stackResources } from '../../app/adopt/match';
import { buildAdoption, parseImports, withoutReadOnlySettings } from '../../app/adopt/record';
import { redshiftConfig } from '../support/helpers';
import { synthesizeOne } from '../support/synth';
import { must } from '../support/must';
import type { Json } from '../../review/synthesized';

const tf = synthesizeOne(
  redshiftConfig((p) => {
    p.monitoring = { enabled: false };
    p.accountRoles = 'import';
  }),
).tf;
const ACCOUNT = '459286107047';

/** A state (format v4) from `module.<module>.<type>.<name>` → attributes. */
function state(resources: Record<string, Json>): Json {
  return {
    version: 4,
    serial: 3,
    lineage: '6f1c2b1e-0000-4000-a000-000000000001',
    resources: Object.entries(resources).map(([address, attributes]) => {
      const [, module, type, name] = must(/^(module\.[^.]+)\.([^.]+)\.(.+)$/.exec(address));
      return { module, mode: 'managed', type, name, instances: [{ attributes }] };
    }),
  };
}

const role = (name: string) => ({ id: name, name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, path: '/' });
const LEGACY = {
  'module.iam.aws_iam_role.vpc': role('dms-vpc-role'),
  'module.iam.aws_iam_role_policy_attachment.vpc': {
    id: 'dms-vpc-role-2025',
    role: 'dms-vpc-role',
    policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
  },
  'module.iam.aws_iam_role.staging': role('team-dms-s3'),
  'module.iam.aws_iam_role_policy.staging': { id: 'team-dms-s3:s3', name: 's3', role: 'team-dms-s3', policy: '{"Statement":[]}' },
  'module.dms.aws_dms_endpoint.tgt': {
    id: 'redshift-fed-prod-target-redshift',
    endpoint_id: 'redshift-fed-prod-target-redshift',
    endpoint_arn: `arn:aws:dms:us-west-2:${ACCOUNT}:endpoint:TGT`,
    secrets_manager_access_role_arn: `arn:aws:iam::${ACCOUNT}:role/team-dms-s3`,
    redshift_settings: [
      { service_access_role_arn: `arn:aws:iam::${ACCOUNT}:role/team-dms-s3`, bucket_name: 'dms-redshift-fed-prod-staging-459286107047' },
    ],
  },
  'module.dms.aws_s3_bucket.old': { id: 'dms-old-staging', bucket: 'dms-old-staging' },
  'module.dms.aws_s3_bucket.staging': {
    id: 'dms-redshift-fed-prod-staging-459286107047',
    bucket: 'dms-redshift-fed-prod-staging-459286107047',
  },
  'module.dms.aws_s3_bucket_versioning.staging': {
    id: 'dms-redshift-fed-prod-staging-459286107047',
    bucket: 'dms-redshift-fed-prod-staging-459286107047',
  },
  'module.dms.aws_security_group.sg': {
    id: 'sg-0123456789abcdef0',
    name: 'legacy-dms',
    description: 'legacy',
    egress: [{ from_port: 4070 }],
  },
  'module.dms.aws_security_group_rule.out': { id: 'sgrule-1', type: 'egress', security_group_id: 'sg-0123456789abcdef0', from_port: 4070 },
  'module.dms.aws_dms_replication_instance.this': {
    id: 'legacy-instance',
    replication_instance_id: 'legacy-instance',
    replication_instance_arn: `arn:aws:dms:us-west-2:${ACCOUNT}:rep:REP`,
    vpc_security_group_ids: ['sg-0123456789abcdef0'],
    preferred_maintenance_window: 'wed:11:05-wed:11:35',
  },
  'module.dms.aws_dms_replication_task.this': {
    id: 'redshift-fed-prod-replication-task',
    replication_task_id: 'redshift-fed-prod-replication-task',
    replication_instance_arn: `arn:aws:dms:us-west-2:${ACCOUNT}:rep:REP`,
    table_mappings: '{"rules":[]}',
    replication_task_settings:
      '{"Logging":{"EnableLogging":true,"CloudWatchLogGroup":"dms-tasks-legacy-instance","CloudWatchLogStream":"dms-task-X"},"FullLoadSettings":{"CommitRate":50000}}',
  },
};

describe('matching', () => {
  const { matches, unplaced } = matchResources(stackResources(tf), legacyResources(state(LEGACY)));
  const to = Object.fromEntries(matches.map((m) => [m.legacy, m.stack]));

  test('GIVEN legacy resources under other addresses WHEN matched THEN each goes by identity or by a reference from a matched one', () => {
    expect(to).toEqual({
      // Not by name (the stack would call it redshift-fed-prod-dms-s3-role): the live target endpoint stages through it.
      'module.iam.aws_iam_role.staging': 'aws_iam_role.dms_s3_role',
      'module.iam.aws_iam_role_policy.staging': 'aws_iam_role_policy.dms_s3_role_policy',
      'module.dms.aws_dms_endpoint.tgt': 'aws_dms_endpoint.target',
      'module.dms.aws_s3_bucket.staging': 'aws_s3_bucket.staging',
      'module.dms.aws_dms_replication_task.this': 'aws_dms_replication_task.replication_task',
      // Found through the task's instance ARN, then the instance's security group.
      'module.dms.aws_dms_replication_instance.this': 'aws_dms_replication_instance.replication_instance',
      'module.dms.aws_security_group.sg': 'aws_security_group.replication_instance',
    });
    expect(must(matches.find((m) => m.stack === 'aws_iam_role.dms_s3_role')).via).toBe(
      'arn used by module.dms.aws_dms_endpoint.tgt (redshift_settings.service_access_role_arn)',
    );
  });

  test('GIVEN legacy resources without a place WHEN matched THEN each is reported with its reason', () => {
    expect(unplaced).toEqual([
      // The account roles are the account stack's (dms-account-<id>), not the pipeline's.
      {
        legacy: 'module.iam.aws_iam_role.vpc',
        reason: 'no aws_iam_role of the stack has its identity (name dms-vpc-role) or a reference to it from a matched resource',
      },
      { legacy: 'module.iam.aws_iam_role_policy_attachment.vpc', reason: 'the stack has no aws_iam_role_policy_attachment' },
      { legacy: 'module.dms.aws_s3_bucket.old', reason: 'every aws_s3_bucket of the stack is already matched to another legacy resource' },
      { legacy: 'module.dms.aws_s3_bucket_versioning.staging', reason: 'the stack has no aws_s3_bucket_versioning' },
      { legacy: 'module.dms.aws_security_group_rule.out', reason: 'the stack has no aws_security_group_rule' },
    ]);
  });

  test('GIVEN two candidates that share as much with the stack resource WHEN matched THEN neither is taken', () => {
    const twins = {
      ...LEGACY,
      'module.iam.aws_iam_role_policy.staging2': { ...LEGACY['module.iam.aws_iam_role_policy.staging'], id: 'team-dms-s3:s3b', name: 's3' },
    };
    const result = matchResources(stackResources(tf), legacyResources(state(twins)));
    expect(result.matches.map((m) => m.stack)).not.toContain('aws_iam_role_policy.dms_s3_role_policy');
  });
});

describe('the record', () => {
  const { record, report } = buildAdoption({ stack: 'redshift-fed-prod', tf, state: state(LEGACY), imports: {} });

  test('GIVEN a match WHEN recorded THEN live names, the secret role, the policy and the task documents are kept, without what DMS fills in', () => {
    expect(record.resources['aws_iam_role.dms_s3_role']).toEqual({
      from: 'module.iam.aws_iam_role.staging',
      set: { name: 'team-dms-s3', path: '/' },
    });
    expect(record.resources['aws_iam_role_policy.dms_s3_role_policy'].set).toEqual({ name: 's3', policy: '{"Statement":[]}' });
    expect(record.resources['aws_dms_endpoint.target'].set).toEqual({
      endpoint_id: 'redshift-fed-prod-target-redshift',
      secrets_manager_access_role_arn: `arn:aws:iam::${ACCOUNT}:role/team-dms-s3`,
    });
    expect(record.resources['aws_dms_replication_task.replication_task'].set).toEqual({
      replication_task_id: 'redshift-fed-prod-replication-task',
      table_mappings: '{"rules":[]}',
      replication_task_settings: '{"Logging":{"EnableLogging":true},"FullLoadSettings":{"CommitRate":50000}}',
    });
    expect(record.adoptedFrom).toEqual({ lineage: '6f1c2b1e-0000-4000-a000-000000000001', serial: 3 });
    // What the synth reads back passes its validation.
    expect(parseAdoption(JSON.parse(JSON.stringify(record)), 'x.json', 'redshift-fed-prod')).toEqual(record);
  });

  test('GIVEN separate aws_security_group_rule egress rules on the adopted group WHEN recorded THEN rules go inline and the rule resources are forgotten, not destroyed', () => {
    expect(record.resources['aws_security_group.replication_instance'].inlineEgress).toBe(true);
    expect(record.removed).toEqual([
      { from: 'module.dms.aws_s3_bucket.old', reason: 'every aws_s3_bucket of the stack is already matched to another legacy resource' },
      { from: 'module.dms.aws_s3_bucket_versioning.staging', reason: 'the stack has no aws_s3_bucket_versioning' },
      {
        from: 'module.dms.aws_security_group_rule.out',
        reason:
          'an egress rule of the adopted group: its rules are managed inline on the group now (the same rule twice is rejected by AWS)',
      },
      {
        from: 'module.iam.aws_iam_role.vpc',
        reason: 'account-global (dms-vpc-role): the account baseline stack imports it (accountRoles: "import"); forgotten here',
        accountRole: true,
      },
      {
        from: 'module.iam.aws_iam_role_policy_attachment.vpc',
        reason: 'account-global (dms-vpc-role): the account baseline stack imports it (accountRoles: "import"); forgotten here',
        accountRole: true,
      },
    ]);
    expect(report.created.filter((address) => address.startsWith('aws_vpc_security_group_egress_rule.'))).toEqual([]);
  });

  test('GIVEN a logging task WHEN recorded THEN the log group DMS created is imported, and live values that differ are listed', () => {
    expect(record.imports).toEqual({ 'aws_cloudwatch_log_group.task_logs': 'dms-tasks-legacy-instance' });
    expect(report.differences).toContainEqual({
      address: 'aws_dms_replication_instance.replication_instance',
      attribute: 'preferred_maintenance_window',
      live: 'wed:11:05-wed:11:35',
      configured: 'sun:10:30-sun:14:30',
    });
  });

  test('GIVEN the same inputs twice, or a later run with imports only WHEN recorded THEN the record is the same and earlier entries are kept', () => {
    expect(buildAdoption({ stack: 'redshift-fed-prod', tf, state: state(LEGACY), imports: {} }).record).toEqual(record);
    const later = buildAdoption({
      stack: 'redshift-fed-prod',
      tf,
      imports: { 'aws_iam_role.dms_secrets_role': 'existing-secrets-role' },
      previous: record,
    }).record;
    expect(later.resources).toEqual(record.resources);
    expect(later.imports).toEqual({
      'aws_cloudwatch_log_group.task_logs': 'dms-tasks-legacy-instance',
      'aws_iam_role.dms_secrets_role': 'existing-secrets-role',
    });
  });

  test('GIVEN --import values WHEN parsed THEN format, address and id shape are checked, every problem at once', () => {
    const { imports, issues } = parseImports(
      [
        'aws_dms_replication_task.replication_task=redshift-fed-prod-replication-task',
        'nothing',
        'aws_dms_endpoint.sourcex=abc',
        'aws_security_group.replication_instance=group-1',
        'aws_iam_role_policy.dms_s3_role_policy=dms-s3-role',
      ],
      stackResources(tf),
    );
    expect(imports).toEqual({ 'aws_dms_replication_task.replication_task': 'redshift-fed-prod-replication-task' });
    expect(issues).toEqual([
      { path: '--import[1]', message: 'must be <address>=<id>, not "nothing"' },
      { path: '--import[2]', message: 'aws_dms_endpoint.sourcex is not a resource of the stack' },
      { path: '--import[3]', message: 'aws_security_group.replication_instance: id must be a security group id (sg-...), not "group-1"' },
      { path: '--import[4]', message: 'aws_iam_role_policy.dms_s3_role_policy: id must be role-name:policy-name, not "dms-s3-role"' },
    ]);
  });

  test('GIVEN settings DMS returned WHEN cleaned THEN only the read-only log group and stream go', () => {
    expect(withoutReadOnlySettings('{"Logging":{"CloudWatchLogGroup":"g","CloudWatchLogStream":"s","EnableLogging":true},"B":1}')).toBe(
      '{"Logging":{"EnableLogging":true},"B":1}',
    );
  });
});

describe('the command', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-adopt-cli-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const adopt = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [path.join(projectRoot(), 'dist', 'cli', 'adopt.js'), ...args], {
      cwd: projectRoot(),
      encoding: 'utf8',
      env: { ...process.env, DMS_ADOPTION_DIR: work, ...env },
    });

  test('GIVEN bad arguments WHEN run THEN every problem is printed by flag, exit 1, nothing written', () => {
    fs.writeFileSync(path.join(work, 'not-a-state.json'), JSON.stringify({ version: 3, modules: [] }));
    const bogus = adopt(['--bogus']);
    expect(bogus.status).toBe(2);
    expect(bogus.stderr).toContain('--bogus: not a flag of dms adopt');
    const missing = adopt([]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--stack: is required');
    expect(missing.stderr).toContain('--state: is required unless --import is given');
    const old = adopt(['--stack', 'redshift-fed-prod', '--state', path.join(work, 'not-a-state.json')]);
    expect(old.status).toBe(1);
    expect(old.stderr).toContain('is not a Terraform state in format v4 (what terraform state pull prints)');
    const unknown = adopt(['--stack', 'nope', '--import', 'aws_s3_bucket.staging=b']);
    expect(unknown.stderr).toContain('--stack: nope is not a stack of the active config');
    expect(fs.readdirSync(work).filter((file) => file !== 'not-a-state.json')).toEqual([]);
  });

  test('GIVEN a record that fails validation WHEN a command loads the config THEN it names the file and field', () => {
    fs.writeFileSync(
      path.join(work, 'redshift-fed-prod.json'),
      JSON.stringify({
        stack: 'redshift-fed-prod',
        resources: { 'aws_s3_bucket.staging': { from: 'module.dms.aws_s3_bucket.x', set: { acl: 'private' } } },
      }),
    );
    const result = adopt(['--stack', 'redshift-fed-prod', '--import', 'aws_s3_bucket.staging=b']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /redshift-fed-prod\.json: resources\["aws_s3_bucket\.staging"\]\.set\.acl: is not adoptable on aws_s3_bucket \(only bucket\)/,
    );
    fs.rmSync(path.join(work, 'redshift-fed-prod.json'));
  });
});
