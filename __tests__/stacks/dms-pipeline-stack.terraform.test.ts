/**
 * Every stack of the default config through the real Terraform CLI, offline: `validate` with no errors and no
 * warnings (all stacks in one run), then `plan` on a copy with the offline override, read back with
 * `terraform show -json`: redshift-fed-prod as its own root (its test reads a root output), the other stacks
 * in one plan as child modules. One `init` per directory serves all assertions on it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../config/load';
import {
  expectSuccess,
  offlineCopy,
  offlineOverride,
  offlineTerraformEnvironment,
  type TerraformEnvironment,
  terraformAsync,
} from '../../app/terraform-offline';
import { defaultInput } from '../support/helpers';
import { addressesOf } from '../support/synth';
import { describeWithTerraform, pluginMirror, synthesizeTo } from '../support/terraform';
import { type ValidateResult, diagnosticsOf, validateStacks } from '../support/terraform-batch';
import { must } from '../support/must';
import { planAndShow } from '../support/reattached-provider';
import type { Json } from '../../review/synthesized';

jest.setTimeout(240_000);

type PlanJson = Record<string, Json>;

const init = async (dir: string, tf: TerraformEnvironment) =>
  expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], dir, tf.env), `init ${dir}`);

/** init, plan and `show -json` of an offline copy of one stack (one provider configuration: attached). */
async function planOffline(stackDir: string, workDir: string, region: string, tf: TerraformEnvironment): Promise<PlanJson> {
  const dir = offlineCopy(stackDir, workDir, offlineOverride(region));
  await init(dir, tf);
  return (await planAndShow(dir, tf.env)).plan;
}

/**
 * Offline plans of stacks whose tests read only resource changes, in one init, plan and show: a root calls each
 * offline copy, unchanged, as a child module (as support/terraform-batch.ts does for validate), and each stack
 * gets back its own changes, addressed as in its own root. Each copy keeps its provider block and override.
 */
async function planOfflineAsModules(
  stacks: readonly { name: string; dir: string; region: string }[],
  root: string,
  tf: TerraformEnvironment,
): Promise<Map<string, PlanJson>> {
  const modules = stacks.map(({ name, dir, region }, i) => {
    offlineCopy(dir, path.join(root, name), offlineOverride(region));
    return [`stack_${i}`, { source: `./${name}` }];
  });
  fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify({ module: Object.fromEntries(modules) }, null, 2));
  // A provider configuration per stack: Terraform starts the provider itself (an attached one takes one).
  await init(root, tf);
  expectSuccess(await terraformAsync(['plan', '-input=false', '-no-color', '-out=plan.bin'], root, tf.env), `plan ${root}`);
  const plan = JSON.parse(expectSuccess(await terraformAsync(['show', '-json', 'plan.bin'], root, tf.env), 'show').stdout);
  const prefixes = stacks.map((_, i) => `module.stack_${i}.`);
  const unowned = plan.resource_changes.filter((c: PlanJson) => !prefixes.some((prefix) => c.address.startsWith(prefix)));
  if (unowned.length > 0) throw new Error(`changes outside the stacks: ${unowned.map((c: PlanJson) => c.address).join(', ')}`);
  return new Map(
    stacks.map(({ name }, i) => [
      name,
      {
        resource_changes: plan.resource_changes
          .filter((c: PlanJson) => c.address.startsWith(prefixes[i]))
          .map((c: PlanJson) => ({ ...c, address: c.address.slice(prefixes[i].length) })),
      },
    ]),
  );
}

describeWithTerraform('default stacks under the real Terraform CLI', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-tf-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  const outdir = path.join(work, 'cdktf.out');
  const config = parseConfig(defaultInput());
  // Every stack of the default synth: the pipelines and the account baseline stack redshift-fed-prod asks for.
  const stackNames = [...defaultInput().pipelines.map((p) => p.name), 'dms-account-459286107047'];
  const results = new Map<string, { validation: ValidateResult; plan: PlanJson; synthesized: Record<string, unknown> }>();
  const plans = new Map<string, PlanJson>();

  beforeAll(async () => {
    await synthesizeTo(outdir, defaultInput());
    const stackDir = (name: string) => path.join(outdir, 'stacks', name);
    const region = (name: string) =>
      (config.pipelines.find((p) => p.name === name) ?? must(config.pipelines.find((p) => name === `dms-account-${p.accountId}`))).region;
    // Its test reads a root output, so it plans as its own root; the others' tests read only resource changes.
    const ownRoot = 'redshift-fed-prod';
    const together = stackNames.filter((name) => name !== ownRoot);
    // Stacks are independent: validate them in one Terraform run (support/terraform-batch.ts), plan concurrently.
    const [validations, alone, combined] = await Promise.all([
      validateStacks(stackNames.map(stackDir), work, tf),
      planOffline(stackDir(ownRoot), path.join(work, 'plan', ownRoot), region(ownRoot), tf),
      planOfflineAsModules(
        together.map((name) => ({ name, dir: stackDir(name), region: region(name) })),
        path.join(work, 'plan-together'),
        tf,
      ),
    ]);
    plans.set(ownRoot, alone);
    for (const name of together) plans.set(name, must(combined.get(name)));
    for (const name of stackNames) {
      const synthesized = JSON.parse(fs.readFileSync(path.join(stackDir(name), 'cdk.tf.json'), 'utf8'));
      results.set(name, { validation: must(validations.get(stackDir(name))), plan: must(plans.get(name)), synthesized });
    }
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each(stackNames)('GIVEN stack %s copied elsewhere WHEN planned there THEN it needed nothing outside its directory', (name) => {
    const { synthesized } = must(results.get(name));
    // No module sources, assets or file() calls that point outside the stack directory.
    expect(JSON.stringify(synthesized)).not.toMatch(/\.\.\/|"source":\s*"\.|file\(/);
    expect(must(results.get(name)).plan.resource_changes.length).toBeGreaterThan(0);
  });

  test.each(stackNames)('GIVEN stack %s WHEN validated THEN Terraform reports 0 errors and 0 warnings', (name) => {
    const { validation } = must(results.get(name));
    expect(diagnosticsOf(validation)).toEqual([]);
    expect(validation).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });

  test.each(stackNames)('GIVEN stack %s WHEN planned offline THEN it creates exactly the synthesized resources', (name) => {
    const { plan, synthesized } = must(results.get(name));
    const planned = plan.resource_changes.map((change: PlanJson) => change.address).sort();
    expect(planned).toEqual(addressesOf(synthesized));
    for (const change of plan.resource_changes) expect(change.change.actions).toEqual(['create']);
  });

  test('GIVEN redshift-fed-prod WHEN planned offline THEN the key values are what the config says', () => {
    const { plan } = must(results.get('redshift-fed-prod'));
    const after = (address: string) => {
      const change = plan.resource_changes.find((c: PlanJson) => c.address === address);
      if (!change) throw new Error(`no planned change for ${address}`);
      return change.change.after;
    };
    expect(after('aws_dms_replication_instance.replication_instance')).toMatchObject({
      replication_instance_id: 'redshift-fed-prod-replication-instance',
      replication_instance_class: 'dms.t3.medium',
      allocated_storage: 100,
      multi_az: false,
      publicly_accessible: false,
    });
    expect(after('aws_dms_endpoint.source')).toMatchObject({ engine_name: 'sqlserver', database_name: 'Raptor', ssl_mode: 'require' });
    expect(after('aws_dms_endpoint.target')).toMatchObject({
      engine_name: 'redshift',
      database_name: 'dev',
      redshift_settings: [expect.objectContaining({ bucket_folder: 'dms-staging', encryption_mode: 'SSE_S3' })],
    });
    expect(after('aws_dms_replication_task.replication_task')).toMatchObject({
      replication_task_id: 'redshift-fed-prod-replication-task',
      migration_type: 'full-load-and-cdc',
      start_replication_task: false,
    });
    const account = must(results.get('dms-account-459286107047'))
      .plan.resource_changes.map((c: PlanJson) => c.change.after.name ?? c.change.after.role)
      .sort();
    expect(account).toEqual(['dms-cloudwatch-logs-role', 'dms-cloudwatch-logs-role', 'dms-vpc-role', 'dms-vpc-role']);
    expect(after('aws_s3_bucket.staging')).toMatchObject({ bucket: 'dms-redshift-fed-prod-staging-459286107047', force_destroy: false });
    expect(after('aws_cloudwatch_log_group.task_logs')).toMatchObject({
      name: 'dms-tasks-redshift-fed-prod-replication-instance',
      retention_in_days: 30,
    });
    expect(plan.planned_values.outputs.staging_bucket_name.value).toBe('dms-redshift-fed-prod-staging-459286107047');
    // The provider's default tags reach every taggable resource.
    expect(after('aws_dms_replication_instance.replication_instance').tags_all).toMatchObject({
      ManagedBy: 'dms-cdktf',
      Pipeline: 'redshift-fed-prod',
    });
    expect(JSON.stringify(plan.planned_values)).not.toMatch(/"password":"[^"]/);
  });

  test('GIVEN loanapp-dynamodb-dev WHEN planned offline THEN tables, endpoints and the task are what the config says', () => {
    const { plan } = must(results.get('loanapp-dynamodb-dev'));
    const after = (address: string) => plan.resource_changes.find((c: PlanJson) => c.address === address).change.after;
    const logs = after('aws_dynamodb_table.integration_logs');
    expect(logs).toMatchObject({
      name: 'LoanApp-IntegrationLogs-dev',
      hash_key: 'PK',
      range_key: 'SK',
      billing_mode: 'PAY_PER_REQUEST',
      deletion_protection_enabled: false,
    });
    expect(logs.global_secondary_index.map((g: PlanJson) => [g.name, g.hash_key, g.range_key]).sort()).toEqual([
      ['GSI1-ApplicationId-LogTimestamp', 'ApplicationId', 'LogTimestamp'],
      ['GSI2-CorrelationId-LogTimestamp', 'CorrelationId', 'LogTimestamp'],
      ['GSI3-ErrorStatus-LogTimestamp', 'ErrorStatus', 'LogTimestamp'],
    ]);
    expect(after('aws_dynamodb_table.payments')).toMatchObject({
      name: 'LoanApp-Payments-dev',
      hash_key: 'PaymentId',
      attribute: [{ name: 'PaymentId', type: 'N' }],
    });
    expect(after('aws_dms_endpoint.source')).toMatchObject({
      engine_name: 'aurora-postgresql',
      database_name: 'LoanApplication',
      ssl_mode: 'require',
      postgres_settings: [
        expect.objectContaining({
          plugin_name: 'test-decoding',
          slot_name: 'dms_loanapp_dynamodb_dev',
          capture_ddls: false,
          heartbeat_enable: true,
        }),
      ],
    });
    expect(after('aws_dms_endpoint.target')).toMatchObject({ engine_name: 'dynamodb' });
    const task = after('aws_dms_replication_task.replication_task');
    expect(task.replication_instance_arn).toBe('arn:aws:dms:us-west-2:210987654321:rep:LOANAPPDEVSHAREDINSTANCE');
    // Terraform hands DMS its own ${column} templates: the $${ escape in the configuration is undone.
    expect(JSON.parse(task.table_mappings).rules[2]['mapping-parameters']['attribute-mappings'][0]).toMatchObject({
      'target-attribute-name': 'PK',
      value: 'LOG#${LogId}',
    });
  });
});
