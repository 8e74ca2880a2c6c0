/**
 * `terraform init -input=false` of an offline root, done once per distinct input instead of once per root.
 *
 * Every `init` hashes the 675 MB provider package it installs (and, with a lock file present, once more to
 * verify it): 0.5 to 1.0 CPU-s per root, for a `.terraform` that holds a link into the mirror and the local
 * backend's settings. What init writes depends only on what it reads: the `terraform` blocks (required
 * providers, backend), which providers are configured, the lock file, the CLI configuration (the mirror) and
 * the Terraform build. A root made of `.tf.json` files only, without module calls, is initialised from a
 * template root holding exactly those parts, keyed by their content (never by time) and kept in the OS temp
 * directory, written atomically, so the suites of one `npm test` share it; the root gets the template's
 * `.terraform` and lock file, as `init` would have left them. Any other root (HCL files, modules) runs `init`.
 *
 * Fails closed: Terraform checks the copied `.terraform` and lock file against the root on every command, so a
 * root that needs what its template lacks fails with "Inconsistent dependency lock file" or "Backend
 * initialization required", and a template whose mirror changed fails its lock file's checksums.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type TerraformEnvironment, expectSuccess, terraformAsync } from '../../app/terraform-offline';
import type { Json } from '../../review/synthesized';

const CACHE_DIR = path.join(os.tmpdir(), 'dms-cdktf-terraform-init');
const LOCK_FILE = '.terraform.lock.hcl';

/** Per `.tf.json` file, the parts `init` reads; undefined when the root has HCL files or calls modules. */
function initInputs(dir: string): Record<string, Json> | undefined {
  const entries = fs.readdirSync(dir).sort();
  if (entries.some((entry) => entry.endsWith('.tf'))) return undefined;
  const files: Record<string, Json> = {};
  for (const entry of entries.filter((e) => e.endsWith('.tf.json'))) {
    const json = JSON.parse(fs.readFileSync(path.join(dir, entry), 'utf8'));
    if ('module' in json) return undefined;
    // Configured providers, and those a resource or data source implies by its type's prefix (aws_…, terraform_…).
    const types = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})];
    const providers = [...new Set([...Object.keys(json.provider ?? {}), ...types.map((type) => type.split('_')[0])])].sort();
    files[entry] = {
      ...(json.terraform ? { terraform: json.terraform } : {}),
      ...(providers.length > 0 ? { provider: Object.fromEntries(providers.map((name) => [name, {}])) } : {}),
    };
  }
  return files;
}

/** `terraform version -json` per PATH: the build a template was made with is part of its key. */
const versions = new Map<string, Promise<string>>();
function terraformBuild(env: NodeJS.ProcessEnv): Promise<string> {
  const key = env.PATH ?? '';
  let version = versions.get(key);
  if (!version) {
    version = terraformAsync(['version', '-json'], os.tmpdir(), env).then((result) => {
      const { terraform_version: cli, platform } = JSON.parse(expectSuccess(result, 'terraform version').stdout);
      return `${cli} ${platform}`;
    });
    versions.set(key, version);
  }
  return version;
}

async function template(files: Record<string, Json>, lock: string | undefined, tf: TerraformEnvironment): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify({ build: await terraformBuild(tf.env), cli: fs.readFileSync(tf.cliConfigFile, 'utf8'), files, lock }))
    .digest('hex');
  const done = path.join(CACHE_DIR, key);
  // Renamed into place whole, so a directory that exists is complete.
  if (fs.existsSync(done)) return done;

  const building = `${done}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.mkdirSync(building, { recursive: true });
  try {
    for (const [file, json] of Object.entries(files)) fs.writeFileSync(path.join(building, file), JSON.stringify(json, null, 2));
    if (lock !== undefined) fs.writeFileSync(path.join(building, LOCK_FILE), lock);
    expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], building, tf.env), `init of the template for ${key}`);
    try {
      fs.renameSync(building, done);
    } catch (error) {
      // Another suite made the same template first: use that one.
      if (!fs.existsSync(done)) throw error;
    }
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return done;
}

/** Leave `dir` as `terraform init -input=false` would: from a shared template where the root allows, else by init. */
export async function initOffline(dir: string, tf: TerraformEnvironment): Promise<void> {
  const files = initInputs(dir);
  if (files === undefined) {
    expectSuccess(await terraformAsync(['init', '-input=false', '-no-color'], dir, tf.env), `init ${dir}`);
    return;
  }
  const lockFile = path.join(dir, LOCK_FILE);
  const source = await template(files, fs.existsSync(lockFile) ? fs.readFileSync(lockFile, 'utf8') : undefined, tf);
  fs.rmSync(path.join(dir, '.terraform'), { recursive: true, force: true });
  // The provider is a link into the mirror: copied as the link init made, never as the 675 MB it points at.
  if (fs.existsSync(path.join(source, '.terraform')))
    fs.cpSync(path.join(source, '.terraform'), path.join(dir, '.terraform'), { recursive: true, verbatimSymlinks: true });
  if (fs.existsSync(path.join(source, LOCK_FILE))) fs.copyFileSync(path.join(source, LOCK_FILE), lockFile);
}
