/**
 * What a Redshift Serverless target builds into its stack: the staging bucket (modules/dms/staging-bucket), the
 * endpoint DMS COPYs through, its egress to the workgroup and the outputs. Registered in engines/builders.ts.
 */
import { StagingBucket } from '../../../modules/dms/staging-bucket';
import { DataResource, Token } from '../../../platform/cdktf';
import type { TargetOf, TargetParts, TargetScope } from '../../types';

/** The workgroup's connection values: literals from config, or references into the Redshift root's state. */
interface Workgroup {
  host: string;
  port: number;
  databaseName: string;
  workgroupName: string;
  namespaceName?: string;
}

type RedshiftTarget = TargetOf<'redshift-serverless'>;

export function buildRedshiftTarget(target: RedshiftTarget, stack: TargetScope): TargetParts {
  const { scope, roles } = stack;
  const { stagingBucket } = target;
  const workgroup = workgroupOf(target, stack);
  const staging = new StagingBucket(scope, 'staging_bucket', {
    name: stagingBucket.name,
    partition: stack.partition,
    folder: stagingBucket.folder,
    expireAfterDays: stagingBucket.expireAfterDays,
    kmsKeyArn: stagingBucket.kmsKeyArn,
  });
  const encryptionMode = stagingBucket.kmsKeyArn ? 'SSE_KMS' : 'SSE_S3';
  // DMS cannot modify an endpoint's EncryptionMode from SSE_S3 to SSE_KMS (DMS API reference,
  // RedshiftSettings.EncryptionMode), and the provider would try in place: a change of mode replaces the
  // endpoint instead, which `npm run review -- --plan` shows and blocks unless --allow-replace names it.
  const encryptionMarker = new DataResource(scope, 'staging_encryption_mode', { triggersReplace: { encryption_mode: encryptionMode } });
  return {
    // Engine `redshift`, not `redshift-serverless`: the provider ignores `redshift_settings` for
    // `redshift-serverless` (terraform-provider-aws #37063), which would drop the staging bucket, its folder,
    // access role and encryption. DMS reaches the workgroup through the host and port kept in the secret.
    endpoint: {
      endpointId: target.endpointId,
      engineName: 'redshift',
      // No ssl_mode: a Redshift endpoint already uses SSL and DMS does not configure it (validation rejects it).
      databaseName: workgroup.databaseName,
      secretsManagerArn: target.secretArn,
      secretsManagerAccessRoleArn: roles.secretsAccessRoleArn,
      redshiftSettings: {
        bucketName: staging.bucketName,
        bucketFolder: stagingBucket.folder,
        serviceAccessRoleArn: roles.stagingRoleArn,
        encryptionMode,
        serverSideEncryptionKmsKeyId: stagingBucket.kmsKeyArn,
      },
      tags: {
        DatabaseHost: workgroup.host,
        DatabasePort: Token.isUnresolved(workgroup.port) ? Token.asString(workgroup.port) : String(workgroup.port),
        RedshiftWorkgroup: workgroup.workgroupName,
        ...(workgroup.namespaceName ? { RedshiftNamespace: workgroup.namespaceName } : {}),
      },
      // A plain address: cdktf 0.21 renders a construct here as "${...}", which Terraform's JSON syntax refuses.
      lifecycle: { replaceTriggeredBy: [`${encryptionMarker.terraformResourceType}.${encryptionMarker.friendlyUniqueId}`] },
    },
    egress: {
      name: 'target_database',
      description: `Redshift Serverless workgroup ${workgroup.workgroupName}`,
      port: workgroup.port,
      cidrs: [],
    },
    outputs: {
      staging_bucket_name: { description: 'S3 bucket DMS stages files in before Redshift COPY.', value: staging.bucketName },
      redshift_workgroup_endpoint: {
        description: 'host:port of the Redshift Serverless workgroup the target endpoint expects (the secret must match).',
        value: `${workgroup.host}:${workgroup.port}`,
      },
    },
  };
}

function workgroupOf(target: RedshiftTarget, stack: TargetScope): Workgroup {
  const { workgroup } = target;
  if (workgroup.from === 'config') {
    return {
      host: workgroup.host,
      port: workgroup.port,
      databaseName: workgroup.databaseName,
      workgroupName: workgroup.workgroupName,
      namespaceName: workgroup.namespaceName,
    };
  }
  // The Redshift root's state is the source of truth for the deployed workgroup.
  const state = stack.remoteState('redshift', workgroup.state);
  const { outputs } = workgroup;
  return {
    host: state.getString(outputs.host),
    port: state.getNumber(outputs.port),
    databaseName: state.getString(outputs.databaseName),
    workgroupName: state.getString(outputs.workgroupName),
    namespaceName: state.getString(outputs.namespaceName),
  };
}
