/**
 * Terraform's S3-native state lock (`use_lockfile = true`, the default backend) on a conformant S3 server:
 * Ceph RGW on loopback (see support/ceph-rgw.ts). The synthesized backend block is used as it is, pointed at
 * RGW with `-backend-config`; `encrypt = true` stays on. One `terraform apply` holds the lock at its approval
 * prompt; a second run is refused with the lock error; a run with `-lock-timeout` waits and gets the lock once
 * the apply ends; the `.tflock` object is gone afterwards. (s3rver ignores `If-None-Match`, so the lock cannot
 * be proven there; DynamoDB locking stays proven on dynalite in remote-state.integration.test.ts.)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stateKey } from '../../stacks/backend';
import {
  type TerraformEnvironment,
  expectSuccess,
  offlineCopy,
  offlineProviderOverride,
  offlineTerraformEnvironment,
  terraformAsync,
} from '../../app/terraform-offline';
import { type CephRgw, describeWithCeph, startCephRgw } from '../support/ceph-rgw';
import { redshiftConfig } from '../support/helpers';
import {
  BackgroundTerraform,
  describeWithTerraform,
  localBackendConfig,
  pluginMirror,
  synthesizeTo,
  writePushableState,
} from '../support/terraform';
import { must } from '../support/must';
import { planAttached } from '../support/reattached-provider';

jest.setTimeout(300_000);

const STATE_BUCKET = 'tfstate-459286107047-us-west-2';
const ENVIRONMENT = 'rgw-lockfile';

describeWithTerraform('S3-native state lock', () => {
  describeWithCeph('S3 lockfile on Ceph RGW', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-rgw-'));
    let tf: TerraformEnvironment;
    let rgw: CephRgw | undefined;
    let dir: string;
    let resourceCount = 0;
    const lockObject = `/${STATE_BUCKET}/${stateKey(ENVIRONMENT, 'redshift-fed-prod')}.tflock`;

    beforeAll(async () => {
      tf = offlineTerraformEnvironment(pluginMirror, work);
      const started = Date.now();
      rgw = await startCephRgw([STATE_BUCKET]);
      console.log(`Ceph RGW started in ${((Date.now() - started) / 1000).toFixed(1)} s at ${rgw.endpoint}`);

      const outdir = path.join(work, 'cdktf.out');
      const [name] = await synthesizeTo(
        outdir,
        redshiftConfig((p) => void (p.environment = ENVIRONMENT)),
      );
      const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
      // The backend as synthesized: only the endpoint and credentials come from -backend-config.
      expect(synthesized.terraform.backend.s3).toMatchObject({ bucket: STATE_BUCKET, encrypt: true, use_lockfile: true });
      expect(synthesized.terraform.backend.s3.dynamodb_table).toBeUndefined();
      resourceCount = Object.values<Record<string, unknown>>(synthesized.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);

      dir = offlineCopy(path.join(outdir, 'stacks', name), path.join(work, 'stack'), offlineProviderOverride('us-west-2'));
      const backendConfig = localBackendConfig(path.join(dir, 'rgw.s3.tfbackend'), { s3: { ...rgw, directory: '', stop: async () => {} } });
      expectSuccess(await terraformAsync(['init', '-input=false', '-no-color', `-backend-config=${backendConfig}`], dir, tf.env), 'init');
    });

    afterAll(() => {
      rgw?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    test('GIVEN an apply holding the lock WHEN a second run starts THEN it is refused, a run with -lock-timeout waits for the release, and the lock object is removed', async () => {
      const apply = new BackgroundTerraform(['apply', '-no-color'], dir, tf.env);
      let waiting: Promise<{ status: number; stdout: string; stderr: string }> | undefined;
      try {
        await apply.waitFor('Enter a value:');

        // The lock object, taken with PutObject If-None-Match: *.
        const held = await must(rgw).request('GET', lockObject);
        expect(held.status).toBe(200);
        expect(JSON.parse(held.body)).toMatchObject({
          Operation: 'OperationTypeApply',
          Path: `${STATE_BUCKET}/${stateKey(ENVIRONMENT, 'redshift-fed-prod')}`,
        });

        const refused = await planAttached(dir, tf.env, ['-lock-timeout=0s']);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toContain('Error acquiring the state lock');
        expect(refused.stderr).toContain('StatusCode: 412');
        expect(refused.stderr).toContain('PreconditionFailed');
        expect(refused.stderr).toContain('Operation: OperationTypeApply');

        // A run that may wait: still waiting while the apply holds the lock, done once it lets go.
        const startedWaiting = Date.now();
        let settled = false;
        waiting = planAttached(dir, tf.env, ['-lock-timeout=120s']).finally(() => (settled = true));
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        expect(settled).toBe(false);
        expect((await must(rgw).request('GET', lockObject)).status).toBe(200);

        apply.answer('no');
        const applied = await apply.finish();
        expect(applied.output).toContain('Apply cancelled.');
        const waited = await waiting;
        expect(waited.stderr).toBe('');
        expect(waited.status).toBe(0);
        expect(waited.stdout).toContain(`Plan: ${resourceCount} to add, 0 to change, 0 to destroy.`);
        expect(Date.now() - startedWaiting).toBeGreaterThanOrEqual(5_000);
      } finally {
        apply.kill();
        await waiting?.catch(() => undefined);
      }
      // Released: the object is deleted, not left empty (the next test's state push, with -lock-timeout=0s,
      // is the fresh run that takes the lock at once).
      expect((await must(rgw).request('GET', lockObject)).status).toBe(404);
    });

    test('GIVEN encrypt = true WHEN state is written THEN RGW stores it under <environment>/<stack>/terraform.tfstate, taking and releasing the lock', async () => {
      writePushableState(path.join(dir, 'pushed.tfstate'), 'rgw', '0e6b7a52-3f4e-4d0c-9a41-6f3b8a7d2c19');
      // -lock-timeout=0s: after the previous test's release, the lock is taken at once.
      const pushed = expectSuccess(
        await terraformAsync(['state', 'push', '-lock-timeout=0s', 'pushed.tfstate'], dir, tf.env),
        'state push',
      );
      expect(pushed.stderr).toBe('');
      const stored = await must(rgw).request('GET', `/${STATE_BUCKET}/${stateKey(ENVIRONMENT, 'redshift-fed-prod')}`);
      expect(stored.status).toBe(200);
      expect(JSON.parse(stored.body).outputs.written_by.value).toBe('rgw');
      expect((await must(rgw).request('GET', lockObject)).status).toBe(404);
    });
  });
});
