/** Values read from another Terraform root's state (replication instances, Redshift workgroups). */
import { z } from 'zod';
import { bucketName, hostName, region } from '../rules';

/** Where another Terraform root keeps its state, read through `terraform_remote_state`. */
export const remoteStateLocation = z.discriminatedUnion(
  'backend',
  [
    z.strictObject({
      backend: z.literal('s3'),
      bucket: bucketName,
      key: z.string().regex(/^[^/].*\.tfstate$/, 'must be the state object key, e.g. prod/redshift/terraform.tfstate'),
      region,
    }),
    z.strictObject({
      /** Terraform Cloud / Enterprise workspace outputs. */
      backend: z.literal('remote'),
      organization: z.string().min(1, 'must not be empty'),
      workspace: z.string().regex(/^[A-Za-z0-9_-]{1,90}$/, 'must be letters, digits, - and _'),
      hostname: hostName.optional(),
    }),
  ],
  { error: 'backend must be one of s3, remote' },
);

export const outputName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'must be a Terraform output name');

export type RemoteStateLocation = z.infer<typeof remoteStateLocation>;
