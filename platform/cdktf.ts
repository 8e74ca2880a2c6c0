/**
 * The one place that imports the CDK for Terraform core library.
 *
 * cdktf is archived upstream (last release 0.21.0); CDK Terrain (`cdktn`) is its drop-in fork. Switching is a
 * change to this file (plus the provider package name used by the deep imports in `modules/`).
 */
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
export { Construct } from 'constructs';
