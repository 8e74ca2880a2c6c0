/**
 * The cdktf seam's repairs of cdktf 0.21's HCL output: `terraform` block arguments written as arguments, and
 * stack-level `removed` blocks written at all (cdktf drops them, so an HCL plan would destroy what the JSON plan
 * forgets).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformOutput, TerraformStack } from '../../platform/cdktf';
import { synthesizeAtomically } from '../../app/synthesize';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-platform-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('GIVEN a stack with required_version and removed blocks WHEN synthesized as HCL THEN both are in cdk.tf as Terraform writes them', async () => {
  // GIVEN
  const outdir = path.join(work, 'cdktf.out');
  // WHEN
  await synthesizeAtomically(
    outdir,
    (app) => {
      const stack = new TerraformStack(app, 'alpha');
      new TerraformOutput(stack, 'value', { value: 'x' });
      stack.addOverride('terraform.required_version', '>= 1.10');
      stack.addOverride('removed', [
        { from: 'aws_iam_role.dms_vpc_role', lifecycle: { destroy: false } },
        { from: 'module.dms_iam.aws_iam_role.dms_s3_role', lifecycle: { destroy: false } },
      ]);
    },
    { hcl: true, warn: () => {} },
  );
  // THEN
  const hcl = fs.readFileSync(path.join(outdir, 'stacks', 'alpha', 'cdk.tf'), 'utf8');
  expect(hcl).toMatch(/^terraform \{\n(?:.*\n)*? {2}required_version = ">= 1\.10"\n\}/m);
  expect(hcl).not.toMatch(/^\s*\d+ = "required_version"/m);
  const removed = [...hcl.matchAll(/^removed \{\n {2}from = (\S+)\n {2}lifecycle \{\n {4}destroy = false\n {2}\}\n\}/gm)].map((m) => m[1]);
  expect(removed).toEqual(['aws_iam_role.dms_vpc_role', 'module.dms_iam.aws_iam_role.dms_s3_role']);
});

test('GIVEN a stack without removed blocks WHEN synthesized as HCL THEN no removed block is written', async () => {
  const outdir = path.join(work, 'plain');
  await synthesizeAtomically(outdir, (app) => new TerraformOutput(new TerraformStack(app, 'beta'), 'value', { value: 'x' }), {
    hcl: true,
    warn: () => {},
  });
  expect(fs.readFileSync(path.join(outdir, 'stacks', 'beta', 'cdk.tf'), 'utf8')).not.toContain('removed');
});
