/**
 * Variants of the pipeline stack (account-role modes, Terraform Cloud, Redshift from remote state, state
 * adoption, SSE-KMS) through the real Terraform CLI: `validate` with 0 errors and 0 warnings as JSON, and as HCL
 * (`npm run synth:hcl`) `terraform fmt -check` unchanged plus `validate` 0/0. All JSON and HCL stacks are validated
 * in one Terraform run (support/terraform-batch.ts); the two offline plans plan the variants' own JSON output,
 * started in beforeAll so they overlap the validation.
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
import { stackVariants } from '../support/variants';
import { describeWithTerraform, pluginMirror, resourcesToAdd, synthesizeTo } from '../support/terraform';
import { type ValidateResult, diagnosticsOf, validateStacks } from '../support/terraform-batch';
import { must } from '../support/must';
import { planAndShow, planAttached } from '../support/reattached-provider';
import type { Json } from '../../review/synthesized';

jest.setTimeout(300_000);

describeWithTerraform('stack variants under terraform validate, as JSON and as HCL', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-tf-variants-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  const variants = stackVariants();
  const results = new Map<string, { json: ValidateResult; hcl: ValidateResult; fmt: TerraformResult; hclText: string }>();

  const stackDirs = new Map<string, { json: string; hcl: string }>();
  /** init, plan and (when `show`) `show -json` of a copy of the JSON stack of variant `label`, with the offline override. */
  const planVariant = async (label: string, show: boolean): Promise<{ copy: string; stdout: string; json?: Json }> => {
    const copy = offlineCopy(
      must(stackDirs.get(label)).json,
      path.join(work, `${label.replace(/\W+/g, '-')}-plan`),
      offlineOverride('us-west-2'),
    );
    expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], copy, tf.env), 'init');
    if (show) {
      const { text, plan } = await planAndShow(copy, tf.env);
      return { copy, stdout: text, json: plan };
    }
    const plan = expectSuccess(await planAttached(copy, tf.env), 'plan');
    return { copy, stdout: plan.stdout };
  };
  let serverlessPlan: ReturnType<typeof planVariant>;
  let cloudPlan: ReturnType<typeof planVariant>;

  beforeAll(async () => {
    for (const [label, input] of variants) {
      const slug = label.replace(/\W+/g, '-');
      const [name] = await synthesizeTo(path.join(work, slug, 'json'), input);
      await synthesizeTo(path.join(work, slug, 'hcl'), input, { hcl: true });
      stackDirs.set(label, { json: path.join(work, slug, 'json', 'stacks', name), hcl: path.join(work, slug, 'hcl', 'stacks', name) });
    }
    // The plans' own tests await them; a failure stays theirs (handled here only so it is not reported as unhandled).
    serverlessPlan = planVariant('DynamoDB on DMS Serverless', true);
    cloudPlan = planVariant('Terraform Cloud backend', false);
    serverlessPlan.catch(() => undefined);
    cloudPlan.catch(() => undefined);
    const jsonDirs = [...stackDirs.values()].map((d) => d.json);
    const hclDirs = [...stackDirs.values()].map((d) => d.hcl);
    // One init and one validate for all JSON and HCL stacks (support/terraform-batch.ts), not one pair per format.
    const [validated, fmt] = await Promise.all([
      validateStacks([...jsonDirs, ...hclDirs], work, tf),
      Promise.all(hclDirs.map((dir) => terraformAsync(['fmt', '-check', '-diff', '-no-color'], dir, tf.env))),
    ]);
    variants.forEach(([label], i) => {
      const { json: jsonDir, hcl: hclDir } = must(stackDirs.get(label));
      results.set(label, {
        json: must(validated.get(jsonDir)),
        hcl: must(validated.get(hclDir)),
        fmt: fmt[i],
        hclText: fs.readFileSync(path.join(hclDir, 'cdk.tf'), 'utf8'),
      });
    });
  });
  afterAll(async () => {
    // Not under a running plan's feet (a -t filter may have left its test out).
    await Promise.allSettled([serverlessPlan, cloudPlan]);
    fs.rmSync(work, { recursive: true, force: true });
  });

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
    const plan = must((await serverlessPlan).json);
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
    const { copy, stdout } = await cloudPlan;
    const synthesized = JSON.parse(fs.readFileSync(path.join(must(stackDirs.get('Terraform Cloud backend')).json, 'cdk.tf.json'), 'utf8'));
    expect(synthesized.terraform.cloud).toEqual({ organization: 'golfnow', workspaces: { name: 'redshift-fed-prod' } });
    // Every resource block of the synthesized stack, none more (the Terraform Cloud block adds nothing).
    expect(stdout).toContain(`Plan: ${resourcesToAdd(copy)} to add, 0 to change, 0 to destroy.`);
  });
});
