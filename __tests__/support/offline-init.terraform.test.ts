/**
 * The shared init (support/offline-init.ts) must leave a root exactly as `terraform init -input=false` does,
 * and must run init itself where a template cannot stand in (HCL files, module calls).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectSuccess, offlineTerraformEnvironment, terraformAsync } from '../../app/terraform-offline';
import { describeWithTerraform, pluginMirror } from './terraform';
import { initOffline } from './offline-init';

jest.setTimeout(240_000);

const AWS = { aws: { source: 'hashicorp/aws', version: '5.100.0' } };
const TOPIC = { aws_sns_topic: { alerts: { name: 'alerts' } } };

describeWithTerraform('initialising offline roots from a shared template', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dms-init-'));
  const tf = offlineTerraformEnvironment(pluginMirror, work);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** A root directory holding `files` (JSON objects are written as JSON). */
  function root(name: string, files: Record<string, unknown>): string {
    const dir = path.join(work, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    return dir;
  }
  /** Everything init leaves: each entry of `.terraform` (a link by its target, a file by its bytes) and the lock file. */
  function initialised(dir: string): Record<string, string> {
    const found: Record<string, string> = {};
    const walk = (at: string) => {
      for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
        const full = path.join(at, entry.name);
        const key = path.relative(dir, full);
        if (entry.isSymbolicLink()) found[key] = `link to ${fs.readlinkSync(full)}`;
        else if (entry.isDirectory()) walk(full);
        else found[key] = fs.readFileSync(full, 'utf8');
      }
    };
    if (fs.existsSync(path.join(dir, '.terraform'))) walk(path.join(dir, '.terraform'));
    const lock = path.join(dir, '.terraform.lock.hcl');
    if (fs.existsSync(lock)) found['.terraform.lock.hcl'] = fs.readFileSync(lock, 'utf8');
    return found;
  }
  const terraformInit = async (dir: string) =>
    expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], dir, tf.env), `init ${dir}`);

  test('GIVEN roots of JSON files WHEN initialised from the template THEN .terraform and the lock file are what terraform init leaves', async () => {
    // GIVEN a stack as synthesized (required providers, local backend, no lock file yet), initialised both ways
    const stack = {
      'cdk.tf.json': { terraform: { required_providers: AWS }, provider: { aws: [{ region: 'us-west-2' }] }, resource: TOPIC },
      'zz_offline_override.tf.json': { terraform: { backend: { local: { path: 'terraform.tfstate' } } } },
    };
    const [shared, plain] = [root('stack-shared', stack), root('stack-plain', stack)];
    // WHEN
    await Promise.all([initOffline(shared, tf), terraformInit(plain)]);
    // THEN
    expect(initialised(shared)['.terraform.lock.hcl']).toContain('provider "registry.terraform.io/hashicorp/aws"');
    expect(initialised(shared)).toEqual(initialised(plain));

    // GIVEN a root that names its provider only by a resource type, with another backend path and the lock
    // file init wrote above: a template keyed without the backend, the lock or the implied provider would differ
    const implied = {
      'main.tf.json': { resource: TOPIC },
      'zz_offline_override.tf.json': { terraform: { backend: { local: { path: 'other.tfstate' } } } },
      '.terraform.lock.hcl': fs.readFileSync(path.join(plain, '.terraform.lock.hcl'), 'utf8'),
    };
    const [impliedShared, impliedPlain] = [root('implied-shared', implied), root('implied-plain', implied)];
    // WHEN
    await Promise.all([initOffline(impliedShared, tf), terraformInit(impliedPlain)]);
    // THEN
    expect(initialised(impliedShared)['.terraform/terraform.tfstate']).toContain('other.tfstate');
    expect(initialised(impliedShared)).toEqual(initialised(impliedPlain));
  });

  test('GIVEN an HCL root or a root calling a module WHEN initialised THEN terraform init itself runs on it', async () => {
    // GIVEN: the HCL root's provider is declared only in HCL; the module needs installing
    const hcl = root('hcl', {
      'main.tf': 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "5.100.0" }\n  }\n}\n',
      'extra.tf.json': { resource: { terraform_data: { marker: {} } } },
    });
    const modules = root('modules', {
      'main.tf.json': { module: { child: { source: './child' } } },
      'child/main.tf.json': { resource: { terraform_data: { marker: {} } } },
    });
    // WHEN
    await Promise.all([initOffline(hcl, tf), initOffline(modules, tf)]);
    // THEN
    expect(initialised(hcl)['.terraform.lock.hcl']).toContain('provider "registry.terraform.io/hashicorp/aws"');
    expect(JSON.parse(initialised(modules)['.terraform/modules/modules.json']).Modules).toContainEqual(
      expect.objectContaining({ Key: 'child', Source: './child' }),
    );
  });
});
