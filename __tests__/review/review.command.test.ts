/**
 * `npm run review`: the summary of synthesized stacks, the diff of two synthesized trees, and plan checks that
 * stop a pull request from silently replacing a replication task.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import { projectRoot } from '../../core/paths';
import { resolvePipelines } from '../../app/resolve';
import { diffTrees } from '../../review/diff';
import { plannedChanges, reviewPlan } from '../../review/plan';
import { summarizeStack } from '../../review/summary';
import { readSynthesizedTree } from '../../review/synthesized';
import { DmsPipelineStack } from '../../stacks/dms-pipeline-stack';
import { synthesizeAtomically } from '../../app/synthesize';
import { activePipelines } from '../../app/pipelines';
import { defaultConfig } from '../../config/default';
import { FIXTURE_MAPPINGS, dynamodbConfig, fixtureEnv, redshiftConfig } from '../support/helpers';
import { must } from '../support/must';

const root = projectRoot();
const fixtures = path.join(__dirname, '..', 'fixtures', 'plans');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-review-'));
const base = path.join(work, 'base');
const changed = path.join(work, 'changed');

const review = (...args: string[]) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'review.js'), ...args], { cwd: root, encoding: 'utf8' });
// --sample-items previews the active config's DynamoDB tables: here the fixture's.
const reviewFixture = (...args: string[]) =>
  spawnSync('node', [path.join(root, 'dist', 'cli', 'review.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...fixtureEnv() },
  });

async function synth(outdir: string, mutate: Parameters<typeof redshiftConfig>[0], mappings = FIXTURE_MAPPINGS) {
  const pipelines = resolvePipelines(parseConfig(redshiftConfig(mutate)), mappings);
  await synthesizeAtomically(outdir, (app) => pipelines.forEach((p) => new DmsPipelineStack(app, p)));
}

beforeAll(async () => {
  await synth(base, () => {});
  // The changed tree: a bigger instance, one more table, a stricter transformation, a new IAM key grant.
  const mappings = path.join(work, 'mappings');
  fs.mkdirSync(mappings);
  const document = JSON.parse(fs.readFileSync(path.join(FIXTURE_MAPPINGS, 'dms-table-mappings.json'), 'utf8'));
  document.rules.splice(2, 0, {
    'rule-type': 'selection',
    'rule-id': '6',
    'rule-name': 'include-dbo-dimcustomer',
    'object-locator': { 'schema-name': 'dbo', 'table-name': 'DimCustomer' },
    'rule-action': 'include',
  });
  document.rules.find((r: { 'rule-id': string }) => r['rule-id'] === '3').value = 'raptor';
  document.rules = document.rules.filter((r: { 'rule-id': string }) => r['rule-id'] !== '5');
  fs.writeFileSync(path.join(mappings, 'dms-table-mappings.json'), JSON.stringify(document, null, 2));
  await synth(
    changed,
    (p) => {
      p.replicationInstance.instanceClass = 'dms.r5.large';
      p.source.secretKmsKeyArn = 'arn:aws:kms:us-west-2:459286107047:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    },
    mappings,
  );
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('summary', () => {
  test('GIVEN the default synth WHEN summarized THEN instance, endpoints, task mappings, backend and IAM are listed', () => {
    const summary = must(
      readSynthesizedTree(base)
        .map(summarizeStack)
        .find((s) => s.stack === 'redshift-fed-prod'),
    );
    expect(summary.backend).toBe(
      'S3: s3://tfstate-459286107047-us-west-2/prod/redshift-fed-prod/terraform.tfstate (us-west-2), encrypted, locking: S3 lockfile',
    );
    expect(summary.instances).toEqual([
      {
        address: 'aws_dms_replication_instance.replication_instance',
        id: 'redshift-fed-prod-replication-instance',
        class: 'dms.t3.medium',
        storageGb: 100,
        multiAz: false,
        publiclyAccessible: false,
        engineVersion: 'DMS default',
        kmsKey: 'AWS managed key',
      },
    ]);
    expect(summary.endpoints.map((e) => [e.id, e.engine, e.host, e.port, e.database, e.sslMode])).toEqual([
      ['redshift-fed-prod-source-sqlserver', 'sqlserver', 'LSNRGNP04A (from the secret)', '4070', 'Raptor', 'require'],
      [
        'redshift-fed-prod-target-redshift',
        'redshift',
        'redshift-fed-prod-workgroup.459286107047.us-west-2.redshift-serverless.amazonaws.com (from the secret)',
        '5439',
        'dev',
        'set by Redshift',
      ],
    ]);
    expect(summary.tasks[0]).toMatchObject({
      migrationType: 'full-load-and-cdc',
      startOnApply: false,
      selections: ['#1 include dbo.DimLocation', '#2 include dbo.DimDate'],
      transformations: ['#3 rename schema dbo → public', '#4 convert-lowercase table dbo.%', '#5 convert-lowercase column dbo.%.%'],
    });
    const secrets = must(summary.iam.find((r) => r.name === 'redshift-fed-prod-dms-secrets-role'));
    expect(secrets.trustedBy).toEqual(['dms.us-west-2.amazonaws.com']);
    expect(secrets.statements).toEqual([expect.objectContaining({ effect: 'Allow', actions: ['secretsmanager:GetSecretValue'] })]);
    expect(summary.security).toEqual(
      expect.arrayContaining([
        { topic: 'aws_s3_bucket.staging', finding: 'public access blocks: 4/4' },
        { topic: 'aws_s3_bucket.staging', finding: 'TLS required (non-TLS requests denied)' },
        { topic: 'aws_security_group.replication_instance', finding: 'no ingress' },
        { topic: 'aws_dms_replication_instance.replication_instance', finding: 'not publicly accessible' },
      ]),
    );
  });

  test('GIVEN the CLI WHEN run on a synth THEN it prints Markdown with a section per stack and exits 0', () => {
    const result = review('--out', base);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Stack `redshift-fed-prod`');
    expect(result.stdout).toContain(
      '| aws_dms_replication_instance.replication_instance | redshift-fed-prod-replication-instance | dms.t3.medium | 100 | no | no |',
    );
    expect(result.stdout).toContain('### Task `redshift-fed-prod-replication-task` (full-load-and-cdc, started by hand)');
    expect(result.stdout).toContain('### Security posture');
    expect(result.stdout).toContain('## Security checks');
    expect(result.stdout).toContain('All 11 checks pass on 2 stack(s).');
  });

  test('GIVEN a stack failing a security check WHEN reviewed THEN it exits 1 naming it, and 0 once a reasoned suppression covers it', () => {
    const broken = path.join(work, 'insecure');
    fs.cpSync(base, broken, { recursive: true, dereference: true });
    // A copy of the file, not a write through a link into the base tree.
    const file = path.join(broken, 'stacks', 'redshift-fed-prod', 'cdk.tf.json');
    const tf = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file);
    tf.resource.aws_dms_endpoint.target.ssl_mode = 'require';
    fs.writeFileSync(file, JSON.stringify(tf));
    const failed = review('--out', broken);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('1 security finding(s) fail: redshift-fed-prod aws_dms_endpoint.target (redshift-ssl-mode)');
    expect(failed.stdout).toContain('| redshift-fed-prod | redshift-ssl-mode | aws_dms_endpoint.target |');
    const suppressions = path.join(work, 'suppressions.json');
    const reason = 'accepted for the DMS-77 experiment, removed with it';
    fs.writeFileSync(
      suppressions,
      JSON.stringify({
        suppressions: [{ stack: 'redshift-fed-prod', check: 'redshift-ssl-mode', resource: 'aws_dms_endpoint.target', reason }],
      }),
    );
    const accepted = review('--out', broken, '--suppressions', suppressions);
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain(reason);
    // The same suppression on the clean tree is stale: the gate fails closed.
    const stale = review('--out', base, '--suppressions', suppressions);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('suppressions[0]: matches no redshift-ssl-mode finding');
  });
});

describe('operations', () => {
  test('GIVEN the default synth WHEN summarized THEN alarms with thresholds, event categories and who is notified are listed', () => {
    const summary = must(
      readSynthesizedTree(base)
        .map(summarizeStack)
        .find((s) => s.stack === 'redshift-fed-prod'),
    );
    const { operations } = summary;
    expect(operations.alarms.map((a) => [a.name, a.metric, a.condition])).toEqual([
      [
        'redshift-fed-prod-replication-instance-cpu-utilization',
        'AWS/DMS/CPUUtilization',
        'Average > 80 for 3 × 5 min → aws_sns_topic.alerts.arn',
      ],
      [
        'redshift-fed-prod-replication-instance-free-storage-space',
        'AWS/DMS/FreeStorageSpace',
        'Minimum < 10.0 GiB for 3 × 5 min → aws_sns_topic.alerts.arn',
      ],
      [
        'redshift-fed-prod-replication-instance-freeable-memory',
        'AWS/DMS/FreeableMemory',
        'Minimum < 0.4 GiB for 3 × 5 min → aws_sns_topic.alerts.arn',
      ],
      [
        'redshift-fed-prod-replication-task-cdc-latency-source',
        'AWS/DMS/CDCLatencySource',
        'Maximum > 300 for 3 × 5 min → aws_sns_topic.alerts.arn',
      ],
      [
        'redshift-fed-prod-replication-task-cdc-latency-target',
        'AWS/DMS/CDCLatencyTarget',
        'Maximum > 600 for 3 × 5 min → aws_sns_topic.alerts.arn',
      ],
    ]);
    expect(operations.alarms[3].dimensions).toBe(
      'ReplicationInstanceIdentifier=redshift-fed-prod-replication-instance, ReplicationTaskIdentifier=element(split(":", aws_dms_replication_task.replication_task.replication_task_arn), 6)',
    );
    expect(operations.events).toEqual([
      {
        address: 'aws_dms_event_subscription.replication_instance_events',
        sourceType: 'replication-instance',
        sources: ['aws_dms_replication_instance.replication_instance.replication_instance_id'],
        categories: ['failure', 'failover', 'low storage', 'maintenance', 'configuration change'],
      },
      {
        address: 'aws_dms_event_subscription.replication_task_events',
        sourceType: 'replication-task',
        sources: ['aws_dms_replication_task.replication_task.replication_task_id'],
        categories: ['failure', 'state change'],
      },
    ]);
    expect(operations.topics).toEqual([
      {
        address: 'aws_sns_topic.alerts',
        name: 'redshift-fed-prod-dms-alerts',
        encryption: 'KMS aws_kms_key.alerts_key.arn',
        subscriptions: ['email: data-platform-oncall@example.com'],
      },
    ]);
    expect(operations.dashboards).toEqual(['redshift-fed-prod-dms']);
  });

  test('GIVEN the CLI WHEN run THEN the Markdown has an operations section per stack', () => {
    const result = review('--out', base);
    expect(result.stdout).toContain('### Operations');
    expect(result.stdout).toContain('| redshift-fed-prod-replication-task-cdc-latency-source | AWS/DMS/CDCLatencySource |');
    expect(result.stdout).toContain(
      '- DMS events replication-task (aws_dms_replication_task.replication_task.replication_task_id): failure, state change',
    );
    expect(result.stdout).toContain(
      '- Topic `redshift-fed-prod-dms-alerts`, KMS aws_kms_key.alerts_key.arn; notifies email: data-platform-oncall@example.com',
    );
  });

  // The active config's stacks against the committed prereqs/ (whatever stacks the team has).
  const activeOut = path.join(work, 'active');
  beforeAll(async () => {
    const pipelines = activePipelines({ ...process.env, DMS_CONFIG: '' });
    await synthesizeAtomically(activeOut, (app) => pipelines.forEach((p) => new DmsPipelineStack(app, p)));
  });

  test('GIVEN the committed prerequisites and the active config WHEN reviewed THEN each stack reports its SQL as up to date', () => {
    const stdout = review('--out', activeOut).stdout;
    const stacks = activePipelines({ ...process.env, DMS_CONFIG: '' }).map((p) => p.name);
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) expect(stdout).toContain(`- Source prerequisites: prereqs/${stack}.sql, up to date`);
  });

  test('GIVEN a config whose source differs from the committed SQL WHEN reviewed THEN the prerequisites are reported stale', () => {
    // GIVEN the first active pipeline with another database, as the only pipeline of DMS_CONFIG
    const [first, ...others] = defaultConfig.pipelines;
    const file = path.join(work, 'stale-config.json');
    fs.writeFileSync(file, JSON.stringify({ pipelines: [{ ...first, source: { ...first.source, databaseName: 'AnotherDatabase' } }] }));
    // WHEN the active synth is reviewed under it
    const result = spawnSync('node', [path.join(root, 'dist', 'cli', 'review.js'), '--json', '--out', activeOut], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DMS_CONFIG: file },
    });
    // THEN that stack's SQL is stale and the other stacks are not compared
    const stacks = JSON.parse(result.stdout).stacks;
    expect(stacks.find((s: { stack: string }) => s.stack === first.name).operations.prerequisites).toBe(
      `**prereqs/${first.name}.sql is stale**: run npm run prereqs -- ${first.name}`,
    );
    for (const other of others) {
      expect(stacks.find((s: { stack: string }) => s.stack === other.name).operations.prerequisites).toBe(
        `prereqs/${other.name}.sql (not compared: the stack is not in the active config)`,
      );
    }
  });
});

describe('--base', () => {
  test('GIVEN two trees WHEN diffed THEN changed attributes, JSON policy changes and mapping rules are reported one by one', () => {
    const d = diffTrees(readSynthesizedTree(base), readSynthesizedTree(changed));
    expect(d.stacksAdded).toEqual([]);
    expect(d.stacksRemoved).toEqual([]);
    const [stack] = d.stacks;
    expect(stack.resourcesAdded).toEqual([]);
    expect(stack.resourcesRemoved).toEqual([]);
    expect(must(stack.resourcesChanged.find((r) => r.address === 'aws_dms_replication_instance.replication_instance')).changes).toEqual([
      { path: 'replication_instance_class', kind: 'changed', before: 'dms.t3.medium', after: 'dms.r5.large' },
    ]);
    const policy = must(stack.resourcesChanged.find((r) => r.address === 'aws_iam_role_policy.dms_secrets_role_policy'));
    expect(policy.changes).toEqual([expect.objectContaining({ path: 'policy(json).Statement.1', kind: 'added' })]);
    expect(stack.mappings).toEqual([
      {
        task: 'aws_dms_replication_task.replication_task',
        added: ['#6 include dbo.DimCustomer'],
        removed: ['#5 convert-lowercase column dbo.%.%'],
        changed: [
          { rule: '#3 rename schema dbo → raptor', changes: [{ path: 'value', kind: 'changed', before: 'public', after: 'raptor' }] },
        ],
      },
    ]);
  });

  test('GIVEN the CLI with --base WHEN run THEN the Markdown lists each change and exits 0', () => {
    const result = review('--out', changed, '--base', base);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Changes against the base synth');
    expect(result.stdout).toContain(
      '- changed `aws_dms_replication_instance.replication_instance`\n  - `replication_instance_class`: `dms.t3.medium` → `dms.r5.large`',
    );
    expect(result.stdout).toContain('  - rule added: #6 include dbo.DimCustomer');
    expect(result.stdout).toContain('  - rule removed: #5 convert-lowercase column dbo.%.%');
  });

  test('GIVEN a tree with a stack the base lacks WHEN diffed THEN the stack is reported as added', () => {
    const d = diffTrees([], readSynthesizedTree(base));
    // The Redshift pipeline manages the account roles: their baseline stack comes with it.
    expect(d.stacksAdded).toEqual(['dms-account-459286107047', 'redshift-fed-prod']);
  });
});

describe('--plan (fixtures in the HCL layout; the gate on real plans is in review-gate.terraform.test.ts)', () => {
  const plan = (file: string) => JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8'));

  test('GIVEN a plan that only moves and resizes WHEN its changes are classified THEN it holds one update and no-op moves', () => {
    const changes = plannedChanges(plan('plan-moves-and-resizes.json'));
    expect(changes.filter((c) => c.action === 'update')).toHaveLength(1);
    expect(changes.filter((c) => c.action === 'no-op')).toHaveLength(23);
    expect(changes.find((c) => c.address === 'aws_dms_replication_instance.replication_instance')).toMatchObject({
      action: 'update',
      movedFrom: 'module.dms.aws_dms_replication_instance.this',
    });
  });

  test('GIVEN a plan without the stack marker that replaces the task WHEN reviewed THEN it is refused and the replacement is blocked with its cause', () => {
    const review = reviewPlan('plan-replaces-task.json', plan('plan-replaces-task.json'), readSynthesizedTree(base));
    expect(review.refused[0]).toMatch(/^the plan has no dms_cdktf_stack output/);
    expect(review.blocked).toEqual([
      expect.objectContaining({
        address: 'aws_dms_replication_task.replication_task_v2',
        message: 'replace (delete first) because of replication_task_id: a replaced CDC task restarts its full load',
      }),
    ]);
  });

  test('GIVEN --json WHEN run THEN stacks, diff and plans come back as JSON, and the refused plan exits 1', () => {
    const result = review('--out', changed, '--base', base, '--plan', path.join(fixtures, 'plan-replaces-task.json'), '--json');
    expect(result.status).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.stacks.map((s: { stack: string }) => s.stack)).toEqual(['dms-account-459286107047', 'redshift-fed-prod']);
    expect(output.diff.stacks.find((s: { stack: string }) => s.stack === 'redshift-fed-prod').mappings[0].added).toEqual([
      '#6 include dbo.DimCustomer',
    ]);
    expect(output.plans[0].review.blocked[0].address).toBe('aws_dms_replication_task.replication_task_v2');
  });

  test('GIVEN JSON that is not a plan WHEN reviewed THEN the error says how to make one', () => {
    expect(() => reviewPlan('x.json', { resources: [] }, [])).toThrow(
      'x.json: is not a Terraform JSON plan (no format_version, planned_values or configuration): run terraform plan -out=plan.bin && terraform show -json plan.bin > plan.json in the stack directory and review plan.json',
    );
  });
});

describe('--sample-items', () => {
  const sampleItemsOf = (config: unknown) => {
    const file = path.join(work, `config-${Math.random().toString(36).slice(2)}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    const result = spawnSync('node', [path.join(root, 'dist', 'cli', 'review.js'), '--sample-items', '--json'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...fixtureEnv(), DMS_CONFIG: file },
    });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout).sampleItems;
  };

  test('GIVEN the fixture config WHEN previewed THEN each IntegrationLogs row becomes an item with PK/SK and the index keys, a null ErrorStatus leaving GSI3', () => {
    const result = reviewFixture('--sample-items');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('## Sample items: `LoanApp-IntegrationLogs-dev` ← `dbo.IntegrationLogs`');
    expect(result.stdout).toContain('## Sample items: `LoanApp-Payments-dev` ← `dbo.Payments`');
    const json = JSON.parse(reviewFixture('--sample-items', '--json').stdout).sampleItems;
    const logs = json.find((t: { table: string }) => t.table === 'LoanApp-IntegrationLogs-dev');
    expect(logs.rowsFrom).toBe('config');
    expect(logs.items[0].item).toMatchObject({
      PK: { S: 'LOG#81234' },
      SK: { S: 'TS#2025-12-05 10:15:42.123456' },
      ApplicationId: { N: '5012' },
      ErrorStatus: { S: 'TIMEOUT' },
    });
    expect(logs.items[0].indexes).toEqual([
      'GSI1-ApplicationId-LogTimestamp',
      'GSI2-CorrelationId-LogTimestamp',
      'GSI3-ErrorStatus-LogTimestamp',
    ]);
    expect(logs.items[1].item.ErrorStatus).toBeUndefined();
    expect(logs.items[1].indexes).toEqual(['GSI1-ApplicationId-LogTimestamp', 'GSI2-CorrelationId-LogTimestamp']);
    const payments = json.find((t: { table: string }) => t.table === 'LoanApp-Payments-dev');
    expect(payments.rowsFrom).toBe('column types');
    expect(payments.items.map((i: { item: { PaymentId: unknown } }) => i.item.PaymentId)).toEqual([{ N: '1001' }, { N: '1002' }]);
  });

  test('GIVEN a sample row whose key column is null WHEN previewed THEN the item is flagged as not writable', () => {
    const tables = sampleItemsOf(
      dynamodbConfig((p) => {
        must(p.source.tables)[0].sampleRows = [{ LogId: null, LogTimestamp: '2025-12-05 10:15:42.000000', ApplicationId: 1 }];
      }),
    );
    expect(tables[0].items[0].missingKeys).toEqual(['PK']);
    expect(tables[0].items[0].indexes).toEqual(['GSI1-ApplicationId-LogTimestamp']);
  });

  test('GIVEN a config without DynamoDB pipelines WHEN previewed THEN there is nothing to show', () => {
    expect(sampleItemsOf(redshiftConfig())).toEqual([]);
  });
});
