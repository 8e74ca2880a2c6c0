/**
 * Adopting live HCL state, end to end with the real Terraform CLI and the project's own commands:
 *
 * 1. each legacy root under __tests__/fixtures/legacy-roots is planned offline and its plan turned into the state
 *    AWS leaves after the apply (that state plans "No changes" against its own root);
 * 2. `npm run adopt` matches it to the stack (twice: the record must not change) and `npm run synth` builds the
 *    stack with the record, from a fixture pipeline config (never the team's config);
 * 3. the state is pushed into the stack's (local) backend and planned without refresh: no destroy, no replace,
 *    every update listed with its attributes, the CDC task untouched but for tags, its alarms on its ARN;
 * 4. the review gate passes the plan.
 *
 * Imports read live resources, so the AWS APIs they read (DMS, CloudWatch Logs) are served on loopback by
 * __tests__/support/live-aws.ts from the resources the legacy apply left.
 *
 * The three adoptions share nothing but the provider mirror: beforeAll starts them together (the Terraform work of
 * one overlaps the other's on a second core) and each test awaits its own and asserts on it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../core/paths';
import {
  type TerraformEnvironment,
  expectSuccess,
  offlineCopy,
  offlineOverride,
  offlineTerraformEnvironment,
  terraformAsync,
} from '../../app/terraform-offline';
import { type StateV4, planLegacyRoot, stateAfterApply } from '../support/applied-state';
import { type LiveAws, startLiveAws } from '../support/live-aws';
import { describeWithTerraform, pluginMirror } from '../support/terraform';
import { must } from '../support/must';
import { planAndShow, planAttached } from '../support/reattached-provider';
import type { Json } from '../../review/synthesized';

jest.setTimeout(600_000);

const ROOT = projectRoot();
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'legacy-roots');
const ACCOUNT = '459286107047';
const REGION = 'us-west-2';
const STACK = 'redshift-fed-prod';

interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Run a project command as users do (`node dist/...` after the build `npm run` does), with its env. Never
 * spawnSync: it would stall this process's fake AWS server, and the pipes of Terraform runs of another adoption.
 */
function command(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status: status ?? -1, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
    );
  });
}

/**
 * The env that points the provider's DMS and CloudWatch Logs clients at the fake AWS server. Environment variables
 * (AWS SDK service-specific endpoints) rather than the provider's `endpoints` block: that block alone makes
 * the provider's config validation cost about 3 CPU-seconds per plan (SDKv2 over its ~300 attributes).
 */
function servedBy(live: LiveAws, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, AWS_ENDPOINT_URL_DATABASE_MIGRATION_SERVICE: live.endpoint, AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: live.endpoint };
}

/** null, "", [] and {} alike, as Terraform's plan rendering treats an unset nested value. */
function normalized(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(normalized);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, normalized(v)] as const)
      .filter(([, v]) => v !== null);
    return entries.length === 0 ? null : Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
  }
  return value === '' || value === undefined ? null : value;
}

/** Attributes an update changes, from the plan's before/after; `(known after apply)` ones count as changed. */
function changedAttributes(change: Json): string[] {
  const { before, after, after_unknown: unknown } = change.change;
  return Object.keys({ ...before, ...after })
    .filter(
      (key) =>
        (unknown?.[key] === true && before?.[key] !== null) ||
        JSON.stringify(normalized(before?.[key])) !==
          JSON.stringify(normalized(after?.[key] ?? (unknown?.[key] === true ? before?.[key] : null))),
    )
    .sort();
}

interface Adopted {
  plan: Json;
  planText: string;
  state: StateV4;
  record: Json;
  report: Json;
  adoptSeconds: number[];
  review: CommandResult;
  live: LiveAws;
}

/** What the loanapp import leaves for its test to assert on. */
interface Imported {
  plan: Json;
  planText: string;
  taskArn: string;
  review: CommandResult;
  live: LiveAws;
}

describeWithTerraform('adopting the state of hand-written HCL roots', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-adopt-'));
  let tf: TerraformEnvironment;
  const lives: LiveAws[] = [];
  const adoptions = new Map<string, Promise<Adopted>>();
  let loanapp: Promise<Imported>;

  beforeAll(() => {
    tf = offlineTerraformEnvironment(pluginMirror, work);
    // dist/ (what `npm run adopt` / `npm run synth` / `npm run review` build first) is built by Jest's global
    // set-up (__tests__/global-setup.js) before any worker starts: a second build here would be a no-op.
    for (const script of ['dist/cli/adopt.js', 'dist/cli/review.js', 'dist/main.js'])
      expect(fs.existsSync(path.join(ROOT, script))).toBe(true);
    // Started, not awaited: each test awaits its own, so a failure fails that test only (the catch only keeps
    // a rejection from being reported as unhandled before its test awaits it).
    for (const name of ['prefixed', 'hand-named']) adoptions.set(name, adopt(name));
    loanapp = importLoanapp();
    for (const started of [...adoptions.values(), loanapp]) started.catch(() => undefined);
  });
  afterAll(async () => {
    // A test filtered out (-t) still had its adoption started: let it finish before its directory goes.
    await Promise.allSettled([...adoptions.values(), loanapp]);
    for (const live of lives) await live.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const run = async (args: string[], cwd: string, env = tf.env) =>
    expectSuccess(await terraformAsync([...args, '-no-color'], cwd, env), args[0]);

  async function adopt(name: string): Promise<Adopted> {
    const dir = path.join(work, name);
    const { plan: legacyPlan, schemas } = await planLegacyRoot(path.join(FIXTURES, name, 'terraform'), path.join(dir, 'legacy'), tf);
    const state = stateAfterApply(legacyPlan, schemas, { accountId: ACCOUNT, region: REGION });
    const stateFile = path.join(dir, 'legacy.tfstate');
    fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
    // The state is what that root's apply leaves, where it leaves it (its local backend's file: no `state push`
    // needed): planned against its own root, nothing changes. That plan needs nothing of the adoption below, so it
    // runs alongside; asserted at the end.
    fs.copyFileSync(stateFile, path.join(dir, 'legacy', 'terraform.tfstate'));
    const legacyReplan = planAttached(path.join(dir, 'legacy'), tf.env, ['-refresh=false']).then((result) => expectSuccess(result, 'plan'));
    legacyReplan.catch(() => undefined);

    const env = {
      DMS_CONFIG: path.join(FIXTURES, name, 'pipeline.json'),
      DMS_MAPPINGS_DIR: path.join(FIXTURES, name, 'terraform'),
      DMS_ADOPTION_DIR: path.join(dir, 'adoption'),
      CDKTF_OUTDIR: path.join(dir, 'cdktf.out'),
    };
    const adoptSeconds: number[] = [];
    const records: string[] = [];
    let report: Json;
    for (let attempt = 0; attempt < 2; attempt++) {
      const adopted = await command('dist/cli/adopt.js', ['--stack', STACK, '--state', stateFile, '--json'], env);
      expect(adopted.stderr).toBe('');
      expect(adopted.status).toBe(0);
      adoptSeconds.push(adopted.seconds);
      report = JSON.parse(adopted.stdout);
      records.push(fs.readFileSync(path.join(env.DMS_ADOPTION_DIR, `${STACK}.json`), 'utf8'));
    }
    expect(records[1]).toBe(records[0]);
    const text = await command('dist/cli/adopt.js', ['--stack', STACK, '--state', stateFile], env);
    expect(text.stdout).toContain('legacy address');

    const synth = await command('tools/synth.mjs', [], env);
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);

    // The log group DMS made when the task logged exists in AWS (not in the state): served for its import.
    const record = JSON.parse(records[0]);
    const live = await startLiveAws({
      logGroups: Object.entries<string>(record.imports)
        .filter(([address]) => address.startsWith('aws_cloudwatch_log_group.'))
        .map(([, id]) => ({ name: id, arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${id}` })),
    });
    lives.push(live);
    const stackDir = offlineCopy(path.join(env.CDKTF_OUTDIR, 'stacks', STACK), path.join(dir, 'stack'), offlineOverride(REGION));
    await run(['init', '-input=false'], stackDir);
    await run(['state', 'push', stateFile], stackDir);
    const { text: plannedText, plan } = await planAndShow(stackDir, servedBy(live, tf.env), ['-refresh=false']);
    fs.writeFileSync(path.join(stackDir, 'plan.json'), JSON.stringify(plan));
    // The team's reviewed suppressions, if the root needs any (hand-named: its inline HTTPS rule, kept as is).
    const suppressions = path.join(FIXTURES, name, 'security-suppressions.json');
    const review = await command(
      'dist/cli/review.js',
      [
        '--out',
        env.CDKTF_OUTDIR,
        '--plan',
        path.join(stackDir, 'plan.json'),
        ...(fs.existsSync(suppressions) ? ['--suppressions', suppressions] : []),
      ],
      env,
    );
    if (process.env.DEBUG_ADOPTION) fs.writeFileSync(`/tmp/adopt-${name}.txt`, `${plannedText}\n${review.stdout}\n${review.stderr}`);
    if (process.env.DEBUG_ADOPTION) fs.writeFileSync(`/tmp/adopt-${name}.plan.json`, JSON.stringify(plan));
    expect((await legacyReplan).stdout).toContain('No changes.');
    return { plan, planText: plannedText, state, record, report, adoptSeconds, review, live };
  }

  /** Every resource change by action; updates with the attributes they change. */
  function summary(plan: Json) {
    const changes: Json[] = plan.resource_changes;
    const by = (action: string) => changes.filter((change) => change.change.actions.join('+') === action);
    return {
      deletes: changes.filter((change) => change.change.actions.includes('delete')).map((change) => change.address),
      moves: changes
        .filter((change) => change.previous_address)
        .map((change) => `${change.previous_address} -> ${change.address}`)
        .sort(),
      forgets: changes
        .filter((change) => change.change.actions.join() === 'forget')
        .map((change) => change.address)
        .sort(),
      imports: changes
        .filter((change) => change.change.importing)
        .map((change) => change.address)
        .sort(),
      creates: by('create')
        .filter((change) => !change.change.importing)
        .map((change) => change.address)
        .sort(),
      updates: Object.fromEntries(by('update').map((change) => [change.address, changedAttributes(change)])),
    };
  }

  /** The alarms of the adopted task watch its live resource identifier, read from the ARN in the state. */
  function expectAlarmsOnTask(plan: Json, state: StateV4) {
    const task = must(state.resources.find((resource) => resource.type === 'aws_dms_replication_task')).instances[0].attributes;
    const instance = must(state.resources.find((resource) => resource.type === 'aws_dms_replication_instance')).instances[0].attributes;
    const alarms = plan.resource_changes.filter((change: Json) => /_cdc_latency_(source|target)$/.test(change.address));
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect(alarm.change.after.dimensions).toEqual({
        ReplicationInstanceIdentifier: instance.replication_instance_id,
        ReplicationTaskIdentifier: task.replication_task_arn.split(':')[6],
      });
    }
  }

  /** The running task: only tags change; table mappings and settings are the live ones. */
  function expectTaskUntouched(plan: Json, name: string) {
    const task = plan.resource_changes.find((change: Json) => change.type === 'aws_dms_replication_task');
    expect(task.previous_address).toMatch(/^module\.dms\.aws_dms_replication_task\./);
    expect({
      name,
      task: task.address,
      actions: task.change.actions,
      changed: changedAttributes(task).filter((attribute) => !['tags', 'tags_all'].includes(attribute)),
    }).toEqual({
      name,
      task: 'aws_dms_replication_task.replication_task',
      actions: ['update'],
      changed: [],
    });
    expect(changedAttributes(task)).toContain('tags_all');
  }

  const TAGS = ['tags', 'tags_all'];
  const MONITORING = [
    'aws_cloudwatch_dashboard.dashboard',
    'aws_cloudwatch_metric_alarm.replication_instance_cpu_utilization',
    'aws_cloudwatch_metric_alarm.replication_instance_free_storage_space',
    'aws_cloudwatch_metric_alarm.replication_instance_freeable_memory',
    'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_source',
    'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_target',
    'aws_dms_event_subscription.replication_instance_events',
    'aws_dms_event_subscription.replication_task_events',
    'aws_kms_alias.alerts_key_alias',
    'aws_kms_key.alerts_key',
    'aws_sns_topic.alerts',
    'aws_sns_topic_policy.alerts_policy',
    'aws_sns_topic_subscription.alerts_email_data_eng_oncall_example_com',
  ];

  test.each(['prefixed', 'hand-named'])(
    'GIVEN the %s legacy root applied WHEN adopted, synthesized and planned without refresh THEN nothing is destroyed or replaced',
    async (name) => {
      // GIVEN the root applied, WHEN adopted, synthesized and planned (started in beforeAll)
      const adopted = await must(adoptions.get(name));
      // THEN
      const result = summary(adopted.plan);
      if (process.env.DEBUG_ADOPTION)
        fs.writeFileSync(
          `/tmp/adopt-${name}.json`,
          JSON.stringify({ result, report: adopted.report, seconds: adopted.adoptSeconds }, null, 2),
        );
      expect(result.deletes).toEqual([]);
      expect(adopted.planText).toMatch(/Plan: \d+ to import, \d+ to add, \d+ to change, 0 to destroy\./);
      // Every legacy resource moves to the resource the record names, except the account roles and their policy
      // attachments: forgotten here (removed, destroy = false), imported by the account stack.
      const legacyAddresses = adopted.state.resources.map((r) => `${r.module}.${r.type}.${r.name}`).sort();
      expect([...result.moves.map((move: string) => move.split(' -> ')[0]), ...result.forgets].sort()).toEqual(legacyAddresses);
      expect(result.moves).toEqual(
        Object.entries<Json>(adopted.record.resources)
          .map(([to, entry]) => `${entry.from} -> ${to}`)
          .sort(),
      );
      expect(result.forgets).toEqual(adopted.record.removed.map((entry: Json) => entry.from).sort());
      expect(adopted.record.removed.every((entry: Json) => entry.accountRole === true)).toBe(true);
      expect(result.forgets).toHaveLength(4);
      const accountStack = JSON.parse(
        fs.readFileSync(path.join(work, name, 'cdktf.out', 'stacks', `dms-account-${ACCOUNT}`, 'cdk.tf.json'), 'utf8'),
      );
      expect(accountStack.import.map((i: Json) => i.id).sort()).toEqual([
        'dms-cloudwatch-logs-role',
        'dms-cloudwatch-logs-role/arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole',
        'dms-vpc-role',
        'dms-vpc-role/arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole',
      ]);
      expect(result.imports).toEqual(['aws_cloudwatch_log_group.task_logs']);
      expect(adopted.live.refused).toEqual([]);
      // The import read the log group from the fake server (the endpoint env reached the provider).
      expect(adopted.live.calls).toContain('Logs_20140328.DescribeLogGroups');
      expect(result.creates).toEqual(adopted.report.created);
      expect(result.creates.filter((address: string) => !MONITORING.includes(address))).toEqual(
        {
          prefixed: [
            'aws_iam_role.dms_secrets_role',
            'aws_iam_role_policy.dms_secrets_role_policy',
            'aws_s3_bucket_lifecycle_configuration.staging_lifecycle',
            'aws_s3_bucket_ownership_controls.staging_ownership',
            'aws_s3_bucket_policy.staging_policy',
            // HTTPS to the S3 gateway endpoint: the root reached S3 through 10.50.0.0/16 only.
            'aws_ssm_parameter.published_replication_instance_arn',
            'aws_ssm_parameter.published_replication_instance_id',
            'aws_vpc_security_group_egress_rule.https_pl_68a54001',
            'terraform_data.staging_encryption_mode',
          ],
          // Its inline rules are kept as they are: no rule is added to the group.
          'hand-named': [
            'aws_iam_role.dms_secrets_role',
            'aws_iam_role_policy.dms_secrets_role_policy',
            'aws_s3_bucket_lifecycle_configuration.staging_lifecycle',
            'aws_s3_bucket_ownership_controls.staging_ownership',
            'aws_s3_bucket_policy.staging_policy',
            'aws_s3_bucket_server_side_encryption_configuration.staging_encryption',
            'aws_ssm_parameter.published_replication_instance_arn',
            'aws_ssm_parameter.published_replication_instance_id',
            'terraform_data.staging_encryption_mode',
          ],
        }[name],
      );
      expectTaskUntouched(adopted.plan, name);
      expectAlarmsOnTask(adopted.plan, adopted.state);
      expect(adopted.review.stderr).toBe('');
      expect(adopted.review.status).toBe(0);
      expect(result.updates).toEqual(EXPECTED_UPDATES[name]);
    },
  );

  /**
   * Every in-place update of each adoption plan, with the attributes it changes (README, "Adopting live
   * resources", explains each). None touches the running task's replication: endpoints and the task change
   * tags only, the secret access role and its policy stay the live ones.
   */
  const common = {
    'aws_cloudwatch_log_group.task_logs': ['retention_in_days', 'tags_all'],
    'aws_dms_replication_instance.replication_instance': ['apply_immediately', 'preferred_maintenance_window', 'tags_all'],
    'aws_dms_replication_subnet_group.replication_subnet_group': ['replication_subnet_group_description', 'tags_all'],
    'aws_dms_replication_task.replication_task': ['tags_all'],
    'aws_dms_endpoint.source': TAGS,
    'aws_dms_endpoint.target': TAGS,
    'aws_iam_role.dms_s3_role': ['assume_role_policy', 'description', 'tags_all'],
    'aws_s3_bucket.staging': ['tags_all'],
    'aws_security_group.replication_instance': ['tags_all'],
  };
  // hand-named tagged resources itself (Name): those tags go, the provider's default tags come.
  const withTags = (attributes: string[]) => [...new Set([...attributes, ...TAGS])].sort();
  const EXPECTED_UPDATES: Record<string, Record<string, string[]>> = {
    prefixed: {
      ...common,
      'aws_vpc_security_group_egress_rule.https_10_50_0_0_16': ['description', 'tags_all'],
      'aws_vpc_security_group_egress_rule.source_database_10_40_0_0_16': ['description', 'tags_all'],
      'aws_vpc_security_group_egress_rule.target_database_10_50_0_0_16': ['description', 'tags_all'],
    },
    'hand-named': {
      ...common,
      'aws_dms_replication_instance.replication_instance': withTags(common['aws_dms_replication_instance.replication_instance']),
      'aws_dms_replication_task.replication_task': TAGS,
      'aws_iam_role.dms_s3_role': withTags(common['aws_iam_role.dms_s3_role']),
      'aws_s3_bucket.staging': TAGS,
    },
  };

  /** The loanapp task the guide's script created, in no state: adopted with --import, synthesized and planned. */
  async function importLoanapp(): Promise<Imported> {
    const dir = path.join(work, 'loanapp');
    const stack = 'loanapp-dynamodb-dev';
    const account = '210987654321';
    const instanceArn = `arn:aws:dms:${REGION}:${account}:rep:LOANAPPDEVSHAREDINSTANCE`;
    // What create-dms-task.ps1 left: its own endpoint ids and role, a task DMS named (no resource identifier).
    const sourceArn = `arn:aws:dms:${REGION}:${account}:endpoint:OQ6XK2S7ZQXR3A5HOYVJBN4C7M`;
    const targetArn = `arn:aws:dms:${REGION}:${account}:endpoint:HH3WQ7PLDVW5JQ2I6X4S3T2KUE`;
    const taskArn = `arn:aws:dms:${REGION}:${account}:task:V5CWKQ7XH2GKUPMZ3B6Z4Y2ERA`;
    const live = await startLiveAws({
      endpoints: [
        {
          EndpointIdentifier: 'loanapp-dev-postgres-source',
          EndpointArn: sourceArn,
          EndpointType: 'SOURCE',
          EngineName: 'aurora-postgresql',
          EngineDisplayName: 'Amazon Aurora PostgreSQL',
          DatabaseName: 'LoanApplication',
          ServerName: 'loanapp-dev.cluster-abcdefghijkl.us-west-2.rds.amazonaws.com',
          Port: 5432,
          Username: 'dms_user',
          SslMode: 'require',
          Status: 'active',
          KmsKeyId: `arn:aws:kms:${REGION}:${account}:key/0f6c3a52-2b1e-4c43-9f0e-7b7c5b0a1d11`,
          PostgreSQLSettings: {
            DatabaseName: 'LoanApplication',
            Port: 5432,
            ServerName: 'loanapp-dev.cluster-abcdefghijkl.us-west-2.rds.amazonaws.com',
            Username: 'dms_user',
            PluginName: 'test-decoding',
          },
        },
        {
          EndpointIdentifier: 'loanapp-dev-dynamodb-target',
          EndpointArn: targetArn,
          EndpointType: 'TARGET',
          EngineName: 'dynamodb',
          EngineDisplayName: 'Amazon DynamoDB',
          SslMode: 'none',
          Status: 'active',
          KmsKeyId: `arn:aws:kms:${REGION}:${account}:key/0f6c3a52-2b1e-4c43-9f0e-7b7c5b0a1d11`,
          ServiceAccessRoleArn: `arn:aws:iam::${account}:role/dms-dynamodb-access-role`,
          DynamoDbSettings: { ServiceAccessRoleArn: `arn:aws:iam::${account}:role/dms-dynamodb-access-role` },
        },
      ],
      tasks: [
        {
          ReplicationTaskIdentifier: 'loanapp-dynamodb-dev-replication-task',
          ReplicationTaskArn: taskArn,
          ReplicationInstanceArn: instanceArn,
          SourceEndpointArn: sourceArn,
          TargetEndpointArn: targetArn,
          MigrationType: 'full-load-and-cdc',
          TableMappings: JSON.stringify({
            rules: [
              {
                'rule-type': 'selection',
                'rule-id': '1',
                'rule-name': 'include-integration-logs',
                'object-locator': { 'schema-name': 'dbo', 'table-name': 'IntegrationLogs' },
                'rule-action': 'include',
              },
            ],
          }),
          ReplicationTaskSettings: JSON.stringify({
            TargetMetadata: { ParallelLoadThreads: 0 },
            Logging: {
              EnableLogging: true,
              CloudWatchLogGroup: 'dms-tasks-loanapp-dev-shared-instance',
              CloudWatchLogStream: 'dms-task-V5CWKQ7XH2GKUPMZ3B6Z4Y2ERA',
            },
          }),
          Status: 'running',
        },
      ],
    });
    lives.push(live);
    const env = {
      DMS_CONFIG: path.join(__dirname, '..', 'fixtures', 'adoption', `${stack}.pipeline.json`),
      DMS_ADOPTION_DIR: path.join(dir, 'adoption'),
      CDKTF_OUTDIR: path.join(dir, 'cdktf.out'),
    };
    const imports = [
      'aws_dms_replication_task.replication_task=loanapp-dynamodb-dev-replication-task',
      'aws_dms_endpoint.source=loanapp-dev-postgres-source',
      'aws_dms_endpoint.target=loanapp-dev-dynamodb-target',
    ];
    // Ids of the wrong shape are refused before anything is written.
    const refused = await command(
      'dist/cli/adopt.js',
      ['--stack', stack, '--import', `aws_dms_replication_task.replication_task=${taskArn}`, '--import', 'aws_dms_endpoint.sourc=x'],
      env,
    );
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--import[0]: aws_dms_replication_task.replication_task: id must be the task identifier, not its ARN');
    expect(refused.stderr).toContain('--import[1]: aws_dms_endpoint.sourc is not a resource of the stack');
    expect(fs.existsSync(path.join(env.DMS_ADOPTION_DIR, `${stack}.json`))).toBe(false);

    const adopted = await command('dist/cli/adopt.js', ['--stack', stack, ...imports.flatMap((i) => ['--import', i])], env);
    expect(adopted.stderr).toBe('');
    expect(adopted.status).toBe(0);
    const record = fs.readFileSync(path.join(env.DMS_ADOPTION_DIR, `${stack}.json`), 'utf8');
    const again = await command('dist/cli/adopt.js', ['--stack', stack, ...imports.flatMap((i) => ['--import', i])], env);
    expect(again.stdout).toBe(adopted.stdout);
    expect(fs.readFileSync(path.join(env.DMS_ADOPTION_DIR, `${stack}.json`), 'utf8')).toBe(record);
    expect((await command('tools/synth.mjs', [], env)).status).toBe(0);

    const stackDir = offlineCopy(path.join(env.CDKTF_OUTDIR, 'stacks', stack), path.join(dir, 'stack'), offlineOverride(REGION));
    await run(['init', '-input=false'], stackDir);
    const { text: plannedText, plan } = await planAndShow(stackDir, servedBy(live, tf.env), ['-refresh=false']);
    fs.writeFileSync(path.join(stackDir, 'plan.json'), JSON.stringify(plan));
    if (process.env.DEBUG_ADOPTION) fs.writeFileSync('/tmp/adopt-loanapp.txt', plannedText);
    const review = await command('dist/cli/review.js', ['--out', env.CDKTF_OUTDIR, '--plan', path.join(stackDir, 'plan.json')], env);
    return { plan, planText: plannedText, taskArn, review, live };
  }

  test("GIVEN the loanapp task the guide's script created (in no state) WHEN adopted with --import THEN it and its endpoints are imported as they are, with no replace", async () => {
    // GIVEN the task and its endpoints, WHEN adopted, synthesized and planned (started in beforeAll)
    const { plan, planText, taskArn, review, live } = await loanapp;
    // THEN
    const result = summary(plan);
    expect(live.refused).toEqual([]);
    expect(result.deletes).toEqual([]);
    expect(result.imports).toEqual(['aws_dms_endpoint.source', 'aws_dms_endpoint.target', 'aws_dms_replication_task.replication_task']);
    // Imported as they are: no attribute of the task or its endpoints changes (the script set a username and
    // server name on the source, the config reads them from a secret; that change is a later, reviewed step).
    for (const address of result.imports) {
      const change = plan.resource_changes.find((c: Json) => c.address === address);
      expect({ address, actions: change.change.actions }).toEqual({ address, actions: ['no-op'] });
    }
    expect(result.updates).toEqual({});
    expectAlarmsOnTask(plan, {
      resources: [
        { type: 'aws_dms_replication_task', instances: [{ attributes: { replication_task_arn: taskArn } }] },
        { type: 'aws_dms_replication_instance', instances: [{ attributes: { replication_instance_id: 'loanapp-dev-shared-instance' } }] },
      ],
    } as unknown as StateV4);
    expect(planText).toMatch(/Plan: 3 to import, \d+ to add, 0 to change, 0 to destroy\./);
    expect(review.stderr).toBe('');
    expect(review.status).toBe(0);
  });
});
