/**
 * The one place that imports the CDK for Terraform core library.
 *
 * cdktf is archived upstream (last release 0.21.0); CDK Terrain (`cdktn`) is its drop-in fork. Switching is a
 * change to this file (plus the provider package name used by the deep imports in `modules/`).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- `import * as` would copy the module: one renderer is replaced on the module object below
import hclRender = require('cdktf/lib/hcl/render');
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';
import { TerraformStack } from 'cdktf';

export {
  App,
  DataResource,
  DataTerraformRemoteState,
  DataTerraformRemoteStateS3,
  Fn,
  NamedRemoteWorkspace,
  S3Backend,
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  TerraformStack,
  TerraformOutput,
  TerraformElement,
  TerraformResource,
  TerraformDataSource,
  TerraformProvider,
  Testing,
  Token,
} from 'cdktf';
export type { ITerraformDependable } from 'cdktf';

// cdktf checks the Terraform version at synth for `import` blocks and `terraform_data` by running
// `terraform version`: a child process per synth (~170 ms here), and a synth that fails where Terraform is not
// installed, although synthesizing needs no Terraform. Every stack declares `required_version` instead
// (stacks/readable-stack.ts), which Terraform enforces where it matters, at init and plan.
ValidateTerraformVersion.prototype.validate = () => [];

// cdktf 0.21's HCL renderer writes the `terraform` block's plain arguments (`required_version`) as their list of
// names (`0 = "required_version"`, which Terraform rejects): it passes the keys, not the attributes. Render the
// blocks as cdktf does and the arguments from the attributes themselves.
const renderTerraformBlocks = hclRender.renderTerraform;
hclRender.renderTerraform = (terraform: Record<string, unknown>) => {
  const { required_providers, backend, cloud, ...attributes } = terraform;
  const blocks = renderTerraformBlocks({ required_providers, backend, cloud });
  return blocks.replace(/\n[^\n]*\n}$/, `\n${hclRender.renderSimpleAttributes(attributes)}\n}`);
};

// It also drops top-level blocks set as stack overrides that it has no renderer for: `removed` (Terraform 1.7),
// which the stacks use to forget state without destroying it. Without them an HCL plan would destroy what the
// JSON plan forgets, so they are rendered here.
interface RemovedBlock {
  readonly from: string;
  readonly lifecycle?: { readonly destroy?: boolean };
}
const toHclTerraform = TerraformStack.prototype.toHclTerraform;
TerraformStack.prototype.toHclTerraform = function (this: TerraformStack) {
  const rendered = toHclTerraform.call(this);
  const removed = (this as unknown as { rawOverrides: { removed?: readonly RemovedBlock[] } }).rawOverrides.removed ?? [];
  const blocks = removed.map((block) =>
    [
      'removed {',
      `  from = ${block.from}`,
      ...(block.lifecycle?.destroy === undefined ? [] : ['  lifecycle {', `    destroy = ${block.lifecycle.destroy}`, '  }']),
      '}',
    ].join('\n'),
  );
  return blocks.length === 0 ? rendered : { ...rendered, hcl: `${rendered.hcl}\n\n${blocks.join('\n\n')}\n` };
};
export { Construct } from 'constructs';
