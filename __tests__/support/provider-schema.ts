/**
 * `terraform providers schema -json` of an initialized root, computed once per provider build and Terraform
 * version instead of once per root: each run costs 2-3 CPU-seconds (the AWS provider starts and sends a
 * 14 MB schema), and the answer depends only on which provider binaries the root uses and on the CLI.
 *
 * The cache key is content, never time: the root's `.terraform.lock.hcl` (after `init`, its `h1:` hashes are
 * those of the provider packages init verified and installed) and `terraform version -json` (CLI version and
 * platform). The file lives in the OS temp directory, written atomically, so the suites of one `npm test`
 * (and later runs on the same machine) share it; a root without a lock file is asked directly.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expectSuccess, terraformAsync } from '../../app/terraform-offline';
import type { Json } from '../../review/synthesized';

const CACHE_DIR = path.join(os.tmpdir(), 'dms-cdktf-provider-schemas');

/** In this process: cache file → its text, so a second root of the same suite does not even re-read it. */
const loaded = new Map<string, string>();

function readValid(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    // A cache file is whole or absent (rename), but never trust it blindly: it must parse and name providers.
    if (Object.keys(JSON.parse(text).provider_schemas ?? {}).length === 0) return undefined;
    return text;
  } catch {
    return undefined;
  }
}

/** The provider schemas of the initialized root in `dir`, as `terraform providers schema -json` prints them. */
export async function providerSchemas(dir: string, env: NodeJS.ProcessEnv): Promise<Json> {
  const ask = async () =>
    expectSuccess(await terraformAsync(['providers', 'schema', '-json'], dir, env), `providers schema in ${dir}`).stdout;
  const lockFile = path.join(dir, '.terraform.lock.hcl');
  if (!fs.existsSync(lockFile)) return JSON.parse(await ask());

  const version = expectSuccess(await terraformAsync(['version', '-json'], dir, env), 'terraform version').stdout;
  const { terraform_version: cli, platform } = JSON.parse(version);
  // Version constraints and comments do not change which binaries run: left out of the key.
  const selections = fs
    .readFileSync(lockFile, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(#|constraints\s*=)/.test(line))
    .join('\n');
  const key = createHash('sha256').update(`${cli}\n${platform}\n${selections}`).digest('hex');
  const file = path.join(CACHE_DIR, `${key}.json`);
  let text = loaded.get(file) ?? readValid(file);
  if (text === undefined) {
    text = await ask();
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, file);
  }
  loaded.set(file, text);
  return JSON.parse(text);
}
