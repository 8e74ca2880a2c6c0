/**
 * Where a stack keeps its state: S3 (with locking), Terraform Cloud, or local (tests only).
 */
import type { BackendSpec } from '../config/schema';
import { CloudBackend, LocalBackend, NamedCloudWorkspace, S3Backend, type TerraformStack } from '../platform/cdktf';

/** `<environment>/<stack>/terraform.tfstate`: one object per stack, grouped by environment. */
export function stateKey(environment: string, stackName: string): string {
  return `${environment}/${stackName}/terraform.tfstate`;
}

export function configureBackend(stack: TerraformStack, backend: BackendSpec, environment: string): void {
  const stackName = stack.node.id;
  switch (backend.type) {
    case 's3': {
      new S3Backend(stack, {
        bucket: backend.bucket,
        key: stateKey(environment, stackName),
        region: backend.region,
        encrypt: true,
        kmsKeyId: backend.kmsKeyId,
        dynamodbTable: backend.dynamodbTable,
      });
      // cdktf 0.21's S3Backend has no `use_lockfile` (Terraform ≥ 1.10 S3-native locking): set it directly.
      if (backend.useLockfile) stack.addOverride('terraform.backend.s3.use_lockfile', true);
      return;
    }
    case 'cloud':
      new CloudBackend(stack, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces: new NamedCloudWorkspace(backend.workspace ?? stackName, backend.project),
      });
      return;
    case 'local':
      new LocalBackend(stack, { path: 'terraform.tfstate' });
      return;
  }
}
