/**
 * Variants of the pipeline stack (account-role modes, Terraform Cloud, Redshift from remote state, state
 * adoption, SSE-KMS) through the real Terraform CLI: `validate` with 0 errors and 0 warnings as JSON, and as HCL
 * (`npm run synth:hcl`) `terraform fmt -check` unchanged plus `validate` 0/0. All JSON stacks are validated in
 * one Terraform run and all HCL ones in another (support/terraform-batch.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type TerraformResult,
  expectSuccess,
  offlineCopy,
  offlineOverride,
  offlineTerraformEnvironment,
  terraformAsync,
} from '../../app/terraform-offline';
import { redshiftConfig, serverlessDynamodbConfig } from '../support/helpers';
import { stackVariants } from '../support/variants';
import { describeWithTerraform, pluginMirror, resourcesToAdd, synthesizeTo } from '../support/terraform';
import { type ValidateResult, diagnosticsOf, validateStacks } from '../support/terraform-batch';
import { must } from '../support/must';

jest.setTimeout(300_000);

describeWithTerraform('stack variants under terraform validate, as JSON and as HCL', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-tf-variants-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  const variants = stackVariants();
  const results = new Map<string, { json: ValidateResult; hcl: ValidateResult; fmt: TerraformResult; hclText: string }>();

  beforeAll(async () => {
    const dirs = new Map<string, { json: string; hcl: string }>();
    for (const [label, input] of variants) {
      const slug = label.replace(/\W+/g, '-');
      const [name] = await synthesizeTo(path.join(work, slug, 'json'), input);
      await synthesizeTo(path.join(work, slug, 'hcl'), input, { hcl: true });
      dirs.set(label, { json: path.join(work, slug, 'json', 'stacks', name), hcl: path.join(work, slug, 'hcl', 'stacks', name) });
    }
    const jsonDirs = [...dirs.values()].map((d) => d.json);
    const hclDirs = [...dirs.values()].map((d) => d.hcl);
    // One Terraform run validates all JSON stacks, another all HCL ones (support/terraform-batch.ts).
    const [json, hcl, fmt] = await Promise.all([
      validateStacks(jsonDirs, work, tf),
      validateStacks(hclDirs, work, tf),
      Promise.all(hclDirs.map((dir) => terraformAsync(['fmt', '-check', '-diff', '-no-color'], dir, tf.env))),
    ]);
    variants.forEach(([label], i) => {
      const { json: jsonDir, hcl: hclDir } = must(dirs.get(label));
      results.set(label, {
        json: must(json.get(jsonDir)),
        hcl: must(hcl.get(hclDir)),
        fmt: fmt[i],
        hclText: fs.readFileSync(path.join(hclDir, 'cdk.tf'), 'utf8'),
      });
    });
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test.each(variants.map(([label]) => label))('GIVEN %s as JSON WHEN validated THEN Terraform reports 0 errors and 0 warnings', (label) => {
    const { json } = must(results.get(label));
    expect(diagnosticsOf(json)).toEqual([]);
    expect(json).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
  });

  test.each(variants.map(([label]) => label))(
    'GIVEN %s as HCL WHEN checked THEN terraform fmt changes nothing and validate reports 0/0',
    (label) => {
      const { hcl, fmt, hclText } = must(results.get(label));
      expect(fmt.stdout).toBe('');
      expect(fmt.status).toBe(0);
      expect(diagnosticsOf(hcl)).toEqual([]);
      expect(hcl).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
      expect(hclText).not.toMatch(/depends_on = \[\s*"/);
    },
  );

  test('GIVEN the DynamoDB pipeline as HCL WHEN its task is read back THEN table_mappings is the very string of the JSON output', () => {
    const json = JSON.parse(
      fs.readFileSync(path.join(work, 'the-DynamoDB-pipeline', 'json', 'stacks', 'loanapp-dynamodb-dev', 'cdk.tf.json'), 'utf8'),
    );
    const expected: string = json.resource.aws_dms_replication_task.replication_task.table_mappings;
    expect(expected).toContain('LOG#$${LogId}');
    // HCL's escapes for quotes and backslashes are JSON's, so the quoted HCL string parses as a JSON string.
    const line = must(/^\s*table_mappings\s*=\s*(".*")$/m.exec(must(results.get('the DynamoDB pipeline')).hclText))[1];
    expect(JSON.parse(line)).toBe(expected);
  });

  test('GIVEN the loan application pipeline on DMS Serverless WHEN planned offline THEN it creates replication configs in its own network and no instance', async () => {
    const outdir = path.join(work, 'serverless-plan');
    const [name] = await synthesizeTo(outdir, serverlessDynamodbConfig());
    const copy = offlineCopy(path.join(outdir, 'stacks', name), path.join(work, 'serverless-plan-copy'), offlineOverride('us-west-2'));
    expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], copy, tf.env), 'init');
    expectSuccess(await terraformAsync(['plan', '-input=false', '-no-color', '-out=plan.bin'], copy, tf.env), 'plan');
    const plan = JSON.parse(expectSuccess(await terraformAsync(['show', '-json', 'plan.bin'], copy, tf.env), 'show').stdout);
    const created = plan.resource_changes
      .filter((c: { change: { actions: string[] } }) => c.change.actions.includes('create'))
      .map((c: { address: string }) => c.address);
    expect(created).toEqual(
      expect.arrayContaining([
        'aws_dms_replication_config.replication_task',
        'aws_dms_replication_subnet_group.replication_subnet_group',
        'aws_security_group.replication_instance',
        'aws_sns_topic.alerts',
      ]),
    );
    expect(created.filter((address: string) => /aws_dms_replication_(instance|task)\./.test(address))).toEqual([]);
    const config = plan.resource_changes.find((c: { address: string }) => c.address === 'aws_dms_replication_config.replication_task')
      .change.after;
    expect(config.compute_config[0]).toMatchObject({ min_capacity_units: 1, max_capacity_units: 16, multi_az: false });
    // Terraform turned `$${` back into the `${` DMS expects.
    expect(config.table_mappings).toContain('"value":"LOG#${LogId}"');
  });

  test('GIVEN the Terraform Cloud variant WHEN planned with the cloud block overridden by a local backend THEN it plans offline', async () => {
    const outdir = path.join(work, 'cloud-plan');
    const [name] = await synthesizeTo(
      outdir,
      redshiftConfig((p) => void (p.backend = { type: 'cloud', organization: 'golfnow' })),
    );
    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    expect(synthesized.terraform.cloud).toEqual({ organization: 'golfnow', workspaces: { name: 'redshift-fed-prod' } });
    const copy = offlineCopy(path.join(outdir, 'stacks', name), path.join(work, 'cloud-plan-copy'), offlineOverride('us-west-2'));
    expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], copy, tf.env), 'init');
    const plan = expectSuccess(await terraformAsync(['plan', '-input=false', '-no-color'], copy, tf.env), 'plan');
    // Every resource block of the synthesized stack, none more (the Terraform Cloud block adds nothing).
    expect(plan.stdout).toContain(`Plan: ${resourcesToAdd(copy)} to add, 0 to change, 0 to destroy.`);
  });
});
