/**
 * The Terraform workflow against real local servers: the stack's own S3 backend on s3rver with locking on
 * dynalite, and the Redshift root's outputs read through remote state (adoption: adopt.integration.test.ts).
 * Every Terraform command runs asynchronously: the servers live in this process. The tests share only the servers
 * (each has its own directories, state objects and lock entries), so they run concurrently: their Terraform
 * runs are serial chains, and two cores take two of them at once.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PipelineConfigInput } from '../../config/schema';
import { stateKey } from '../../stacks/backend';
import {
  type TerraformEnvironment,
  expectSuccess,
  offlineCopy,
  offlineOverride,
  offlineProviderOverride,
  offlineTerraformEnvironment,
  terraformAsync,
} from '../../app/terraform-offline';
import { redshiftConfig } from '../support/helpers';
import { planAndShow, planAttached } from '../support/reattached-provider';
import { type LocalDynamoDb, type LocalS3, startLocalDynamoDb, startLocalS3 } from '../support/local-aws';
import {
  BackgroundTerraform,
  describeWithTerraform,
  localBackendConfig,
  pluginMirror,
  resourcesToAdd,
  synthesizeTo,
  writePushableState,
} from '../support/terraform';
import type { Json } from '../../review/synthesized';

jest.setTimeout(300_000);

const STATE_BUCKET = 'tfstate-459286107047-us-west-2';
const REDSHIFT_BUCKET = 'tfstate-redshift';
const LOCK_TABLE = 'tf-locks';

describeWithTerraform('remote state on local S3 and DynamoDB servers', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-remote-'));
  let tf: TerraformEnvironment;
  let s3: LocalS3;
  let dynamodb: LocalDynamoDb;

  beforeAll(async () => {
    tf = offlineTerraformEnvironment(pluginMirror, work);
    s3 = await startLocalS3([STATE_BUCKET, REDSHIFT_BUCKET]);
    dynamodb = await startLocalDynamoDb();
    await dynamodb.call('CreateTable', {
      TableName: LOCK_TABLE,
      AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  afterAll(async () => {
    await s3?.stop();
    await dynamodb?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const run = async (args: string[], cwd: string, what = args[0]) =>
    expectSuccess(await terraformAsync([...args, '-no-color'], cwd, tf.env), what);

  /** Synthesize a variant and prepare it to run against the local servers with its own S3 backend block. */
  async function stackWithLocalBackend(label: string, input: PipelineConfigInput, backendExtra: string[] = []): Promise<string> {
    const outdir = path.join(work, label, 'cdktf.out');
    const [name] = await synthesizeTo(outdir, input);
    const dir = offlineCopy(path.join(outdir, 'stacks', name), path.join(work, label, 'stack'), offlineProviderOverride('us-west-2'));
    const backendConfig = localBackendConfig(path.join(dir, 'local.s3.tfbackend'), {
      s3,
      dynamodbEndpoint: dynamodb.endpoint,
      extra: backendExtra,
    });
    await run(['init', '-input=false', `-backend-config=${backendConfig}`], dir);
    return dir;
  }

  const withEnvironment = (environment: string, mutate: (p: Json) => void = () => {}) =>
    redshiftConfig((p) => {
      p.environment = environment;
      mutate(p);
    });

  test.concurrent(
    'GIVEN the stack S3 backend on s3rver WHEN state is pushed THEN it lands under <environment>/<stack>/terraform.tfstate and reads back',
    async () => {
      // (That a plan on this backend adds every resource is asserted on the S3-lockfile test's second plan: the
      // same backend and stack, another environment.)
      const dir = await stackWithLocalBackend('state', withEnvironment('state'));

      writePushableState(path.join(dir, 'pushed.tfstate'), 'state-push', 'b5d5f0ab-0f47-4c0d-9d43-4e0f0bfa1c11');
      await run(['state', 'push', 'pushed.tfstate'], dir);

      const key = stateKey('state', 'redshift-fed-prod');
      expect(key).toBe('state/redshift-fed-prod/terraform.tfstate');
      const stored = JSON.parse(fs.readFileSync(path.join(s3.directory, STATE_BUCKET, `${key}._S3rver_object`), 'utf8'));
      expect(stored.outputs.written_by.value).toBe('state-push');
      const pulled = JSON.parse((await run(['state', 'pull'], dir)).stdout);
      expect(pulled).toMatchObject({ version: 4, outputs: { written_by: { value: 'state-push' } } });
    },
  );

  test.concurrent(
    'GIVEN a DynamoDB lock table WHEN an apply holds the lock THEN a second plan fails with the lock error, and succeeds once the apply ends',
    async () => {
      const dir = await stackWithLocalBackend(
        'dynamodb-lock',
        withEnvironment(
          'dynamodb-lock',
          (p) =>
            void (p.backend = { type: 's3', bucket: STATE_BUCKET, region: 'us-west-2', useLockfile: false, dynamodbTable: LOCK_TABLE }),
        ),
      );
      const apply = new BackgroundTerraform(['apply', '-no-color'], dir, tf.env);
      try {
        await apply.waitFor('Enter a value:');
        const locks = await dynamodb.call<{ Items: Json[] }>('Scan', { TableName: LOCK_TABLE });
        expect(locks.Items.map((item) => item.LockID.S)).toContain(`${STATE_BUCKET}/dynamodb-lock/redshift-fed-prod/terraform.tfstate`);

        const blocked = await planAttached(dir, tf.env, ['-lock-timeout=0s']);
        expect(blocked.status).toBe(1);
        expect(blocked.stderr).toContain('Error acquiring the state lock');
        expect(blocked.stderr).toContain('ConditionalCheckFailedException');
        expect(blocked.stderr).toContain('Operation: OperationTypeApply');

        apply.answer('no');
        const applied = await apply.finish();
        expect(applied.output).toContain('Apply cancelled.');
      } finally {
        apply.kill();
      }
      const afterwards = await planAttached(dir, tf.env, ['-lock-timeout=0s']);
      expect(afterwards.stderr).toBe('');
      expect(afterwards.status).toBe(0);
    },
  );

  test.concurrent(
    'GIVEN the S3 lockfile on s3rver WHEN an apply holds the lock THEN the lock object is written, but s3rver ignores conditional writes and a second plan gets through',
    async () => {
      const dir = await stackWithLocalBackend('lockfile', withEnvironment('lockfile'));
      const apply = new BackgroundTerraform(['apply', '-no-color'], dir, tf.env);
      try {
        await apply.waitFor('Enter a value:');
        const lockObject = path.join(s3.directory, STATE_BUCKET, 'lockfile/redshift-fed-prod/terraform.tfstate.tflock._S3rver_object');
        expect(JSON.parse(fs.readFileSync(lockObject, 'utf8'))).toMatchObject({ Operation: 'OperationTypeApply' });

        // Terraform takes the lock with PutObject If-None-Match: *. AWS S3 answers 412 when the object exists;
        // s3rver 3.7 ignores the header and overwrites it, so the second run is not stopped here.
        const second = await planAttached(dir, tf.env, ['-lock-timeout=0s']);
        expect(second.stderr).not.toContain('Error acquiring the state lock');
        expect(second.status).toBe(0);
        // The stack's own S3 backend on s3rver plans the whole stack.
        expect(second.stdout).toContain(`Plan: ${resourcesToAdd(dir)} to add, 0 to change, 0 to destroy.`);
        apply.answer('no');
        await apply.finish();
      } finally {
        apply.kill();
      }
    },
  );

  test.concurrent(
    'GIVEN the Redshift root state in S3 WHEN the DMS stack is planned THEN the workgroup values come from its outputs',
    async () => {
      // The "Redshift root": outputs only, applied into its own state object.
      const root = path.join(work, 'redshift-root');
      fs.mkdirSync(root, { recursive: true });
      const outputs = {
        workgroup_endpoint_address: 'redshift-fed-prod-workgroup.459286107047.us-west-2.redshift-serverless.amazonaws.com',
        workgroup_endpoint_port: 5439,
        database_name: 'analytics',
        workgroup_name: 'redshift-fed-prod-workgroup',
        namespace_name: 'redshift-fed-prod-namespace',
      };
      fs.writeFileSync(
        path.join(root, 'main.tf.json'),
        JSON.stringify({
          terraform: { backend: { s3: { bucket: REDSHIFT_BUCKET, key: 'prod/redshift/terraform.tfstate', region: 'us-west-2' } } },
          output: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value }])),
        }),
      );
      await run(['init', '-input=false', `-backend-config=${localBackendConfig(path.join(root, 'local.s3.tfbackend'), { s3 })}`], root);
      await run(['apply', '-input=false', '-auto-approve'], root);

      const input = redshiftConfig((p) => {
        p.target.workgroup = {
          from: 'remote-state',
          state: { backend: 's3', bucket: REDSHIFT_BUCKET, key: 'prod/redshift/terraform.tfstate', region: 'us-west-2' },
        };
      });
      const outdir = path.join(work, 'remote-redshift', 'cdktf.out');
      const [name] = await synthesizeTo(outdir, input);
      const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      // Point the data source at s3rver: the same settings plus endpoint and test credentials.
      const remoteConfig = {
        ...synthesized.data.terraform_remote_state.redshift.config,
        endpoints: { s3: s3.endpoint },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        access_key: s3.accessKey,
        secret_key: s3.secretKey,
      };
      const dir = offlineCopy(path.join(outdir, 'stacks', name), path.join(work, 'remote-redshift', 'stack'), {
        ...offlineOverride('us-west-2'),
        data: { terraform_remote_state: { redshift: { config: remoteConfig } } },
      });
      await run(['init', '-input=false'], dir);
      const { plan } = await planAndShow(dir, tf.env);
      const after = (address: string) => plan.resource_changes.find((c: Json) => c.address === address).change.after;

      expect(after('aws_dms_endpoint.target')).toMatchObject({
        database_name: 'analytics',
        tags: {
          DatabaseHost: outputs.workgroup_endpoint_address,
          DatabasePort: '5439',
          RedshiftWorkgroup: 'redshift-fed-prod-workgroup',
          RedshiftNamespace: 'redshift-fed-prod-namespace',
        },
      });
      expect(after('aws_vpc_security_group_egress_rule.target_database_10_50_0_0_16')).toMatchObject({ from_port: 5439, to_port: 5439 });
      expect(plan.planned_values.outputs.redshift_workgroup_endpoint.value).toBe(`${outputs.workgroup_endpoint_address}:5439`);
    },
  );
});
