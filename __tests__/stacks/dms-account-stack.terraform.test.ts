/**
 * The account roles' move to `dms-account-<id>`, planned offline with the real Terraform CLI on both sides:
 * the pipeline stack forgets the role state it held (`removed`, destroy = false: no destroy, and the review
 * gate passes), and the account stack imports the existing roles (answered by a loopback fake of the IAM calls
 * the provider makes) or, in a fresh account, creates them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { reviewPlan } from '../../review/plan';
import { readSynthesizedTree } from '../../review/synthesized';
import { securityFindings } from '../../review/security';
import {
  OVERRIDE_FILE,
  expectSuccess,
  offlineCopy,
  offlineOverride,
  offlineTerraformEnvironment,
  terraformAsync,
} from '../../app/terraform-offline';
import { planLegacyRoot, stateAfterApply } from '../support/applied-state';
import { type FakeIam, startFakeIam } from '../support/fake-iam';
import { redshiftConfig } from '../support/helpers';
import { planAndShow, validateAttached } from '../support/reattached-provider';
import { describeWithTerraform, pluginMirror, synthesizeTo } from '../support/terraform';
import type { Json } from '../../review/synthesized';

jest.setTimeout(300_000);

const LEGACY_ROOT = path.join(__dirname, '..', 'fixtures', 'legacy-roots', 'prefixed', 'terraform');
const ACCOUNT = 'dms-account-459286107047';

describeWithTerraform('account roles moving to the account baseline stack, planned offline', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-account-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  let iam: FakeIam | undefined;
  afterAll(async () => {
    await iam?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const run = async (args: string[], cwd: string) => expectSuccess(await terraformAsync([...args, '-no-color'], cwd, tf.env), args[0]);
  const planJson = (dir: string, extra: string[] = []) => planAndShow(dir, tf.env, extra);
  const synthesized = async (label: string, mutate: Parameters<typeof redshiftConfig>[0]) => {
    const outdir = path.join(work, label);
    await synthesizeTo(outdir, redshiftConfig(mutate));
    return (stack: string) => path.join(outdir, 'stacks', stack);
  };
  // The new layout (accountRoles import) is the same synth for the pipeline and the account side: synthesized once.
  let importLayout: ReturnType<typeof synthesized> | undefined;
  const synthesizedImport = () => (importLayout ??= synthesized('import', (p) => void (p.accountRoles = 'import')));
  /** The review gate on a plan, against the tree the stack directory belongs to. */
  const gate = (plan: Json, stackDir: (stack: string) => string) =>
    reviewPlan('plan.json', plan, readSynthesizedTree(path.dirname(path.dirname(stackDir(ACCOUNT)))));

  test('GIVEN a fresh account (accountRoles create) WHEN the account stack is validated and planned THEN it creates the two roles and their policies', async () => {
    const stackDir = await synthesized('create', () => {});
    const override = offlineOverride('us-west-2') as Json;
    // One init for validate and plan: the copy first overrides only the backend, which validate does not read,
    // so validate sees the stack's own provider configuration; the provider override needs no new init.
    const dir = offlineCopy(stackDir(ACCOUNT), path.join(work, 'create-plan'), { terraform: override.terraform });
    await run(['init', '-input=false'], dir);
    const validate = JSON.parse((await validateAttached(dir, tf.env)).stdout);
    expect(validate).toMatchObject({ valid: true, error_count: 0, warning_count: 0 });
    fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify(override, null, 2));
    const { text, plan } = await planJson(dir);
    expect(text).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
    expect(gate(plan, stackDir)).toMatchObject({ refused: [], blocked: [] });
    const tfJson = JSON.parse(fs.readFileSync(path.join(stackDir(ACCOUNT), 'cdk.tf.json'), 'utf8'));
    expect(securityFindings({ name: ACCOUNT, tf: tfJson })).toEqual([]);
  });

  test('GIVEN a pipeline stack holding the account roles WHEN planned with the new layout THEN it forgets them without destroying anything and the review gate passes', async () => {
    const stackDir = await synthesizedImport();
    const dir = offlineCopy(stackDir('redshift-fed-prod'), path.join(work, 'forget-plan'), offlineOverride('us-west-2'));
    // The state an earlier version of this project left: the account roles at this stack's own addresses,
    // with the values a hand-written HCL root's apply left them (__tests__/fixtures/legacy-roots/prefixed).
    // Independent of this stack's init, so the two run side by side.
    const [applied] = await Promise.all([
      planLegacyRoot(LEGACY_ROOT, path.join(work, 'legacy-root'), tf),
      run(['init', '-input=false'], dir),
    ]);
    const legacy = stateAfterApply(applied.plan, applied.schemas, { accountId: '459286107047', region: 'us-west-2' });
    const roles = legacy.resources
      .filter((r: Json) => r.module === 'module.dms_iam' && ['dms_vpc_role', 'dms_cloudwatch_logs_role'].includes(r.name))
      .map((r: Json) => {
        const { module: _module, ...rest } = r;
        return { ...rest, name: r.type === 'aws_iam_role_policy_attachment' ? `${r.name}_policy` : r.name };
      });
    expect(roles).toHaveLength(4);
    // The local backend's own state file, as `state push` into an empty local state would leave it.
    fs.writeFileSync(path.join(dir, 'terraform.tfstate'), JSON.stringify({ ...legacy, resources: roles }));
    const { text, plan } = await planJson(dir, ['-refresh=false']);
    const forgotten = plan.resource_changes
      .filter((c: Json) => c.change.actions.includes('forget'))
      .map((c: Json) => c.address)
      .sort();
    expect(forgotten).toEqual([
      'aws_iam_role.dms_cloudwatch_logs_role',
      'aws_iam_role.dms_vpc_role',
      'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
      'aws_iam_role_policy_attachment.dms_vpc_role_policy',
    ]);
    expect(plan.resource_changes.filter((c: Json) => c.change.actions.includes('delete'))).toEqual([]);
    expect(text).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
    expect(text).toContain('will no longer be managed by Terraform');
    // A handover: the account stack of the same synth imports each forgotten object.
    const review = gate(plan, stackDir);
    expect(review.refused).toEqual([]);
    expect(review.blocked).toEqual([]);
    expect(review.counts).toMatchObject({ forget: 4, delete: 0, replace: 0 });
  });

  test('GIVEN the roles exist in the account (accountRoles import) WHEN the account stack is planned THEN it imports all four and creates or destroys nothing', async () => {
    const stackDir = await synthesizedImport();
    const tfJson = JSON.parse(fs.readFileSync(path.join(stackDir(ACCOUNT), 'cdk.tf.json'), 'utf8'));
    const trust = tfJson.resource.aws_iam_role.dms_vpc_role.assume_role_policy;
    iam = await startFakeIam('459286107047', [
      {
        name: 'dms-vpc-role',
        assumeRolePolicy: trust,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonDMSVPCManagementRole'],
      },
      {
        name: 'dms-cloudwatch-logs-role',
        assumeRolePolicy: trust,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonDMSCloudWatchLogsRole'],
      },
    ]);
    const override = offlineOverride('us-west-2') as Json;
    override.provider.aws.endpoints = [{ iam: iam.endpoint }];
    const dir = offlineCopy(stackDir(ACCOUNT), path.join(work, 'import-plan'), override);
    await run(['init', '-input=false'], dir);
    const { text, plan } = await planJson(dir);
    expect(iam.unknown).toEqual([]);
    const imported = plan.resource_changes
      .filter((c: Json) => c.change.importing)
      .map((c: Json) => c.address)
      .sort();
    expect(imported).toEqual([
      'aws_iam_role.dms_cloudwatch_logs_role',
      'aws_iam_role.dms_vpc_role',
      'aws_iam_role_policy_attachment.dms_cloudwatch_logs_role_policy',
      'aws_iam_role_policy_attachment.dms_vpc_role_policy',
    ]);
    expect(text).toMatch(/Plan: 4 to import, 0 to add, \d+ to change, 0 to destroy\./);
    // Only in-place changes to what was imported (the description and tags this project sets).
    for (const change of plan.resource_changes)
      expect(change.change.actions.filter((a: string) => a !== 'no-op' && a !== 'update')).toEqual([]);
    expect(gate(plan, stackDir)).toMatchObject({ refused: [], blocked: [] });
    expect(iam.calls).toEqual(expect.arrayContaining(['GetRole dms-vpc-role', 'ListAttachedRolePolicies dms-vpc-role']));
  });
});
