/**
 * A consumer stack reading the instance ARN its producer publishes in SSM, planned offline with the real
 * Terraform CLI. `data "aws_ssm_parameter"` calls SSM during plan (the skip flags do not avoid it), so the
 * offline plan points the provider's ssm endpoint (AWS_ENDPOINT_URL_SSM) at a loopback fake answering
 * GetParameter; without it the plan would fail on the missing AWS credentials, which is what
 * `npm run plan -- --offline` of a consumer does (README: Cross-stack values).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectSuccess, offlineCopy, offlineOverride, offlineTerraformEnvironment, terraformAsync } from '../../app/terraform-offline';
import { type FakeSsm, startFakeSsm } from '../support/fake-ssm';
import { planAndShow } from '../support/reattached-provider';
import { describeWithTerraform, pluginMirror, synthesizeTo } from '../support/terraform';
import { consumerConfig } from '../support/variants';
import type { Json } from '../../review/synthesized';

jest.setTimeout(300_000);

describeWithTerraform('cross-stack values through SSM, planned offline', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-ssm-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  let ssm: FakeSsm | undefined;
  afterAll(async () => {
    await ssm?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const run = async (args: string[], cwd: string, env = tf.env) =>
    expectSuccess(await terraformAsync([...args, '-no-color'], cwd, env), args[0]);

  test('GIVEN the producer published its instance WHEN the consumer is planned THEN its task runs on that ARN and its alarms watch that instance', async () => {
    const outdir = path.join(work, 'out');
    await synthesizeTo(outdir, consumerConfig());
    const arn = 'arn:aws:dms:us-west-2:459286107047:rep:PRODUCERINSTANCE0123456789';
    ssm = await startFakeSsm('us-west-2', '459286107047', {
      '/dms-cdktf/redshift-fed-prod/replication_instance_arn': arn,
      '/dms-cdktf/redshift-fed-prod/replication_instance_id': 'redshift-fed-prod-replication-instance',
    });
    // The SDK's service endpoint variable, not the provider's `endpoints` block: that block alone costs the plan
    // about 3 CPU-s of provider configuration checks. The fake's reads below prove the variable reached it.
    const env = { ...tf.env, AWS_ENDPOINT_URL_SSM: ssm.endpoint };
    const dir = offlineCopy(path.join(outdir, 'stacks', 'loanapp-dynamodb-dev'), path.join(work, 'consumer'), offlineOverride('us-west-2'));
    await run(['init', '-input=false'], dir);
    const { plan } = await planAndShow(dir, env);
    expect(ssm.unknown).toEqual([]);
    expect([...new Set(ssm.reads)].sort()).toEqual([
      '/dms-cdktf/redshift-fed-prod/replication_instance_arn',
      '/dms-cdktf/redshift-fed-prod/replication_instance_id',
    ]);
    const after = (address: string) => plan.resource_changes.find((c: Json) => c.address === address).change.after;
    expect(after('aws_dms_replication_task.replication_task').replication_instance_arn).toBe(arn);
    // The alarm's dimensions are known after apply (the task id part comes from the task ARN); the instance
    // part is the published id.
    const alarm = plan.configuration.root_module.resources.find(
      (r: Json) => r.address === 'aws_cloudwatch_metric_alarm.replication_task_cdc_latency_source',
    );
    expect(alarm.expressions.dimensions.references).toContain('data.aws_ssm_parameter.replication_instance_id.insecure_value');
    // The consumer read two parameters and nothing of the producer's state.
    expect(JSON.stringify(plan.configuration)).not.toContain('terraform_remote_state');
  });
});
