/**
 * The batch validator (support/terraform-batch.ts) must report what one `terraform validate` per stack would:
 * a stack's own error or warning reaches that stack and no other, a backend block adds nothing, an error
 * anywhere leaves no stack passing, and a stack with `import` blocks is validated as a root of its own.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { offlineTerraformEnvironment } from '../../app/terraform-offline';
import { describeWithTerraform, pluginMirror } from './terraform';
import { diagnosticsOf, validateStacks } from './terraform-batch';
import { must } from './must';

jest.setTimeout(240_000);

const PROVIDER = {
  terraform: {
    required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } },
    backend: { s3: { bucket: 'tf-state', key: 'stack/terraform.tfstate', region: 'us-west-2' } },
  },
  provider: { aws: [{ region: 'us-west-2' }] },
};

describeWithTerraform('validating stacks together', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-batch-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A stack directory holding `cdk.tf.json` = the provider blocks plus `body`. */
  function stack(name: string, body: Record<string, unknown>): string {
    const dir = path.join(work, 'stacks', name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify({ ...PROVIDER, ...body }, null, 2));
    return dir;
  }
  const topic = (args: Record<string, unknown>) => ({ resource: { aws_sns_topic: { alerts: { name: 'alerts', ...args } } } });

  test('GIVEN valid stacks with backends WHEN validated together THEN each reports 0 errors and 0 warnings', async () => {
    // GIVEN
    const dirs = [stack('good-a', topic({})), stack('good-b', topic({ fifo_topic: false }))];
    // WHEN
    const results = await validateStacks(dirs, work, tf);
    // THEN
    for (const dir of dirs) {
      expect(diagnosticsOf(must(results.get(dir)))).toEqual([]);
      expect(results.get(dir)).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    }
  });

  test('GIVEN one stack with an unknown argument WHEN validated together THEN it gets the error and no other stack passes', async () => {
    // GIVEN
    const good = stack('good-c', topic({}));
    const bad = stack('bad', topic({ nmae: 'typo' }));
    // WHEN
    const results = await validateStacks([good, bad], work, tf);
    // THEN
    expect(diagnosticsOf(must(results.get(bad)))).toEqual([expect.stringMatching(/^error: Extraneous JSON object property: .*"nmae"/)]);
    expect(results.get(bad)).toMatchObject({ valid: false, error_count: 1 });
    expect(results.get(good)).toMatchObject({ valid: false, error_count: 1, diagnostics: [{ summary: 'Not validated' }] });
  });

  test('GIVEN a stack with an import block WHEN validated with others THEN it is validated as its own root and passes', async () => {
    // GIVEN: Terraform allows import blocks only in the root module
    const importing = stack('importing', {
      ...topic({}),
      import: [{ to: 'aws_sns_topic.alerts', id: 'arn:aws:sns:us-west-2:111122223333:alerts' }],
    });
    const other = stack('good-d', topic({}));
    // WHEN
    const results = await validateStacks([importing, other], work, tf);
    // THEN
    for (const dir of [importing, other]) expect(diagnosticsOf(must(results.get(dir)))).toEqual([]);
  });
});
