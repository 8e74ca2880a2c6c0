/**
 * DMS cannot modify a Redshift endpoint's EncryptionMode from SSE_S3 to SSE_KMS. Planned offline against the
 * state of an applied SSE_S3 stack, switching the staging bucket to a KMS key replaces the target endpoint
 * (replace_triggered_by on terraform_data.staging_encryption_mode), and the review gate blocks the plan until
 * --allow-replace names it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllow, reviewPlan } from '../../review/plan';
import { readSynthesizedTree } from '../../review/synthesized';
import { expectSuccess, offlineCopy, offlineOverride, offlineTerraformEnvironment, terraformAsync } from '../../app/terraform-offline';
import { redshiftConfig } from '../support/helpers';
import { stateFromPlan } from '../support/legacy-state';
import { providerSchemas } from '../support/provider-schema';
import { planAndShow } from '../support/reattached-provider';
import { describeWithTerraform, pluginMirror, synthesizeTo } from '../support/terraform';
import type { Json } from '../../review/synthesized';

jest.setTimeout(300_000);

describeWithTerraform('staging encryption mode change, planned offline', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-sse-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const run = async (args: string[], cwd: string) => expectSuccess(await terraformAsync([...args, '-no-color'], cwd, tf.env), args[0]);

  test('GIVEN an applied SSE_S3 stack WHEN the staging bucket moves to SSE_KMS THEN the endpoint is replaced and the gate blocks it', async () => {
    // Monitoring off: the state is built from a plan (stateFromPlan), whose stand-ins suit the DMS resources.
    const config = (kms?: string) =>
      redshiftConfig((p) => {
        p.monitoring = { enabled: false };
        if (kms) p.target.stagingBucket.kmsKeyArn = kms;
      });
    await synthesizeTo(path.join(work, 's3'), config());
    const dir = offlineCopy(path.join(work, 's3', 'stacks', 'redshift-fed-prod'), path.join(work, 'stack'), offlineOverride('us-west-2'));
    await run(['init', '-input=false'], dir);
    // The schemas (cached across suites, else a Terraform run of their own) need only the init: alongside the plan.
    const [plan, schemas] = await Promise.all([planAndShow(dir, tf.env).then(({ plan }) => plan), providerSchemas(dir, tf.env)]);
    // The AWS resources as an apply would leave them; the marker is applied for real below (no AWS needed).
    plan.resource_changes = plan.resource_changes.filter((c: Json) => c.type !== 'terraform_data');
    fs.writeFileSync(path.join(dir, 'applied.json'), JSON.stringify(stateFromPlan(plan, schemas, (address) => address)));
    await run(['state', 'push', 'applied.json'], dir);
    // Settled: against the pushed state the whole configuration plans only the marker (and the outputs the state
    // lacks), so this untargeted apply creates the marker and touches no AWS resource; a settled plan after it
    // would prove nothing more.
    const applied = (await run(['apply', '-input=false', '-refresh=false', '-auto-approve'], dir)).stdout;
    expect(applied).toContain('terraform_data.staging_encryption_mode will be created');
    expect(applied).toContain('Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(applied).toContain('Apply complete! Resources: 1 added, 0 changed, 0 destroyed.');

    // A version-4 key id: the provider's KMS key validation refuses the variant nibble of 1234abcd-...-56ef-...
    await synthesizeTo(path.join(work, 'kms'), config('arn:aws:kms:us-west-2:459286107047:key/0f2e4c6a-1b3d-4e5f-8a9b-0c1d2e3f4a5b'));
    fs.copyFileSync(path.join(work, 'kms', 'stacks', 'redshift-fed-prod', 'cdk.tf.json'), path.join(dir, 'cdk.tf.json'));
    const { text: changed, plan: planJson } = await planAndShow(dir, tf.env, ['-refresh=false']);
    expect(changed).toContain('aws_dms_endpoint.target will be replaced due to changes in replace_triggered_by');
    const tree = readSynthesizedTree(path.join(work, 'kms'));
    const review = reviewPlan('kms.json', planJson, tree);
    expect(review.refused).toEqual([]);
    expect(review.blocked.map((c) => c.address)).toContain('aws_dms_endpoint.target');
    // Deliberately accepted, the same plan passes.
    expect(
      reviewPlan(
        'kms.json',
        planJson,
        tree,
        review.blocked.map((c) => parseAllow(`${c.stack}:${c.address}`)),
      ).blocked,
    ).toEqual([]);
  });
});
