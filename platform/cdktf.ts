/**
 * The one place that imports the CDK for Terraform core library.
 *
 * cdktf is archived upstream (last release 0.21.0); CDK Terrain (`cdktn`) is its drop-in fork. Switching is a
 * change to this file (plus the provider package name used by the deep imports in `modules/`).
 */
// `require`, not `import * as`: the module object itself, so one renderer can be replaced below.
import hclRender = require('cdktf/lib/hcl/render');
import { ValidateTerraformVersion } from 'cdktf/lib/validations/validate-terraform-version';

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
export { Construct } from 'constructs';
